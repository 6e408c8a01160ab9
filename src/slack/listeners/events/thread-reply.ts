import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { noteFromThread } from '../../../app/checkins';
import type { Deps } from '../../../app/deps';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** A person's reply in a task's thread: when it is the owner's, it is a note on the latest check-in. */
export const onThreadReply =
  (deps: Deps) =>
  async ({ event, body }: Args) => {
    if (event.subtype !== undefined || !('thread_ts' in event) || !event.thread_ts || event.thread_ts === event.ts)
      return;
    // Apps' posts (Baton's own check-ins included) come without a subtype but with a bot_id.
    if (('bot_id' in event && event.bot_id) || !('user' in event) || !event.user || !event.text) return;
    try {
      await noteFromThread(deps, {
        teamId: body.team_id,
        userId: event.user,
        channelId: event.channel,
        threadTs: event.thread_ts,
        text: event.text,
      });
    } catch (err) {
      deps.logger.error({ err, team: body.team_id, user: event.user }, 'could not record a thread reply');
    }
  };
