import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { profileChanged } from '../../../app/people';
import { isKnownTimeZone } from '../../../domain/person';
import { cleanUserText } from '../../../domain/text';

type Args = SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs;

/** A profile changed in Slack (time zone, name, deactivation): keep ours in step. */
export const onUserChange =
  (deps: Deps) =>
  async ({ event, body }: Args) => {
    const user = event.user;
    const team = body.team_id;
    const name = (text: string | undefined) => (text ? cleanUserText(text) : undefined);
    if (user.tz && !isKnownTimeZone(user.tz)) {
      deps.logger.warn({ team, user: user.id, tz: user.tz }, 'ignored a profile change with an unknown time zone');
      return;
    }
    try {
      await profileChanged(deps, {
        teamId: team,
        id: user.id,
        name: name(user.profile?.display_name || user.real_name || user.name) ?? user.id,
        handle: name(user.name) ?? null,
        displayName: name(user.profile?.display_name) || null,
        timeZone: user.tz || 'UTC',
        isBot: user.is_bot ?? false,
        isDeleted: user.deleted ?? false,
      });
    } catch (err) {
      deps.logger.error({ err, team, user: user.id }, 'could not record a profile change');
    }
  };
