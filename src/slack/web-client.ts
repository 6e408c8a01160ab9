import { webApi } from '@slack/bolt';
import { boltLogger } from '../observability/bolt-logger';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { instrumentedFetch } from './instrumented-fetch';

/**
 * The Web API client of background jobs. Not the SDK's default of 10 retries over half an hour:
 * a couple of quick retries, a timeout, and rate limits surfaced at once so BullMQ owns the waiting.
 */
export function createJobWebClient(token: string, apiUrl: string, logger: Logger, metrics: Metrics): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    logger: boltLogger(logger, 'web-api'),
    fetch: instrumentedFetch(metrics),
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
    timeout: 10_000,
    rejectRateLimitedCalls: true,
  });
}
