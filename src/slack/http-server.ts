import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { HealthReport } from '../app/health';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { isFreshSlackTimestamp } from './request-timestamp';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface HttpServerOptions {
  logger: Logger;
  metrics: Metrics;
  health: () => Promise<HealthReport>;
  /** Bolt's receiver: /slack/events and the OAuth paths. Absent in Socket Mode and for the worker role. */
  slack?: RequestListener;
  /** The sandbox page (sandbox mode): `/` and everything under `/sandbox`. */
  sandbox?: { owns(path: string): boolean; handle: RequestListener };
  now?: () => number;
}

/**
 * Our own HTTP server in front of Bolt's receiver: it adds /healthz and /metrics, refuses stale or
 * future timestamps before Bolt verifies the signature, and measures how fast each Slack request is acked.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const { logger, metrics, slack } = options;
  const now = options.now ?? Date.now;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/healthz') return void sendHealth(res, options.health, logger);
    if (req.method === 'GET' && path === '/metrics') return void sendMetrics(res, metrics, logger);
    if (options.sandbox?.owns(path)) return options.sandbox.handle(req, res);
    if (!slack) return sendText(res, 404, 'not found');
    if (path === SLACK_EVENTS_PATH) {
      if (!isFreshSlackTimestamp(req.headers['x-slack-request-timestamp'], now())) {
        logger.warn(
          { ts: req.headers['x-slack-request-timestamp'] },
          'refused a Slack request with a stale or missing timestamp',
        );
        return sendText(res, 401, 'stale or missing timestamp');
      }
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        metrics.ackSeconds.observe({ status: String(res.statusCode) }, seconds);
      });
    }
    slack(req, res);
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function sendHealth(res: ServerResponse, health: () => Promise<HealthReport>, logger: Logger): Promise<void> {
  const report = await health();
  if (!report.ok) logger.warn({ checks: report.checks }, 'unhealthy');
  res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: report.ok ? 'ok' : 'unavailable', checks: report.checks }));
}

async function sendMetrics(res: ServerResponse, metrics: Metrics, logger: Logger): Promise<void> {
  try {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(body);
  } catch (err) {
    logger.error({ err }, 'could not render metrics');
    sendText(res, 500, 'metrics unavailable');
  }
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}
