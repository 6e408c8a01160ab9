import { webApi } from '@slack/bolt';
import { boltLogger } from '../observability/bolt-logger';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { instrumentedFetch } from './instrumented-fetch';

/**
 * The Web API client of background jobs. Not the SDK default of 10 retries over half an hour:
 * no retries, a timeout, and rate limits surfaced at once, so BullMQ owns retrying and waiting.
 */
export function createJobWebClient(token: string, apiUrl: string, logger: Logger, metrics: Metrics): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    logger: boltLogger(logger, 'web-api'),
    fetch: instrumentedFetch(metrics),
    // No retries of its own: a retried post whose answer was lost would post twice. BullMQ retries the job.
    retryConfig: { retries: 0 },
    timeout: 10_000,
    rejectRateLimitedCalls: true,
  });
}
