import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { rememberPerson } from '../../../app/people';

type Args = SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs;

/** A profile changed in Slack (time zone, name, deactivation): keep ours in step. */
export const onUserChange =
  (deps: Deps) =>
  async ({ event, body }: Args) => {
    const user = event.user;
    const team = body.team_id;
    await rememberPerson(deps, {
      teamId: team,
      id: user.id,
      name: user.profile?.display_name || user.real_name || user.name,
      handle: user.name,
      displayName: user.profile?.display_name || null,
      timeZone: user.tz || 'UTC',
      isBot: user.is_bot,
      isDeleted: user.deleted,
    });
  };
