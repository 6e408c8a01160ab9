import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Deps } from '../../app/deps';

/**
 * Slack retries an event it thinks we missed (X-Slack-Retry-Num) and the same payload may be
 * replayed: each event_id is handled once, remembered in Postgres, not in hope.
 */
export function dedupeEvents(deps: Deps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    const team = 'team_id' in body && typeof body.team_id === 'string' ? body.team_id : undefined;
    if (eventId && team && !(await deps.processedRequests.markProcessed(team, `event-${eventId}`))) {
      deps.logger.info({ team, eventId }, 'ignored a repeated event');
      return;
    }
    await next();
  };
}
