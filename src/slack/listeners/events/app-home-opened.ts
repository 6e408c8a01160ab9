import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { homeOpened } from '../../../app/home';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * Someone opened Baton's Home tab (not its Messages or About tab): its view is published by the
 * worker, debounced (docs/architecture.md), never from here. The event's fields are checked at the
 * edge (src/slack/payloads/envelope.ts).
 */
export const onAppHomeOpened =
  (deps: Deps) =>
  async ({ event, body }: Args) => {
    if (event.tab !== 'home') return;
    const team = body.team_id;
    try {
      await homeOpened(deps, team, event.user);
    } catch (err) {
      deps.logger.error({ err, team, user: event.user }, 'could not publish a Home that was opened');
    }
  };
