import type { HealthReport } from '../app/health';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { type Route, sendJson, sendText } from './http-server';

/** GET /healthz: 200 while Postgres and Redis answer (Slack's state included), 503 naming what does not. */
export function healthRoute(health: () => Promise<HealthReport>, logger: Logger): Route {
  return {
    path: '/healthz',
    methods: {
      async GET(_req, res) {
        const report = await health();
        if (report.status !== 'ok') logger.warn({ checks: report.checks }, `health: ${report.status}`);
        sendJson(res, report.status === 'unavailable' ? 503 : 200, report);
      },
    },
  };
}

/** GET /metrics: Prometheus text. */
export function metricsRoute(metrics: Metrics, logger: Logger): Route {
  return {
    path: '/metrics',
    methods: {
      async GET(_req, res) {
        try {
          const body = await metrics.registry.metrics();
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(body);
        } catch (err) {
          logger.error({ err }, 'could not render metrics');
          sendText(res, 500, 'metrics unavailable');
        }
      },
    },
  };
}
