import type { Deps } from './deps';
import type { DueWork } from './tick';

/**
 * How long a handled request's key is remembered. Slack retries an event for about five minutes
 * (docs/slack-platform.md, "Events API retries"); a day is ample, and the table stays small.
 */
export const REQUEST_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/** The tick's share: forget the keys of requests handled more than a day before `at`. */
export function forgetOldRequestKeys(deps: Pick<Deps, 'processedRequests'>): DueWork {
  return {
    name: 'forgotten request keys',
    enqueueDue: (at) => deps.processedRequests.prune(new Date(at.getTime() - REQUEST_KEY_TTL_MS)),
  };
}
