import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per process (and per app instance in tests), served at GET /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'baton_' });
  return {
    registry,
    ackSeconds: new Histogram({
      name: 'baton_slack_ack_seconds',
      help: 'Time from receiving a Slack request to sending its HTTP response (the ack)',
      labelNames: ['status'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
      registers: [registry],
    }),
    jobsProcessed: new Counter({
      name: 'baton_jobs_processed_total',
      help: 'Queue jobs that completed',
      labelNames: ['job'] as const,
      registers: [registry],
    }),
    jobsFailed: new Counter({
      name: 'baton_jobs_failed_total',
      help: 'Queue jobs that failed (each failed attempt)',
      labelNames: ['job'] as const,
      registers: [registry],
    }),
    slackCalls: new Counter({
      name: 'baton_slack_api_calls_total',
      help: 'Slack Web API calls made, by method',
      labelNames: ['method'] as const,
      registers: [registry],
    }),
    slackErrors: new Counter({
      name: 'baton_slack_api_errors_total',
      help: 'Slack Web API calls that failed, by method and error (ratelimited, http_5xx, network, or Slack error code)',
      labelNames: ['method', 'error'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
