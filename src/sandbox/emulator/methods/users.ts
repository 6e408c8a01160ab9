import { DateTime } from 'luxon';
import { SlackApiError } from '../limits';
import type { UserState } from '../workspace';
import type { MethodDef } from './context';
import { paginate, required } from './context';

/** A user object shaped like Slack's users.info / users.list members. */
export function userJson(u: UserState, now: number): Record<string, unknown> {
  const zone = DateTime.fromMillis(now, { zone: u.tz });
  const valid = zone.isValid;
  const image = `https://avatars.sandbox.invalid/${u.id}_48.png`;
  return {
    id: u.id,
    team_id: u.teamId,
    name: u.name,
    deleted: u.deleted,
    color: '9f69e7',
    real_name: u.realName,
    tz: u.tz,
    tz_label: valid ? zone.offsetNameLong : 'Coordinated Universal Time',
    tz_offset: valid ? zone.offset * 60 : 0,
    is_admin: u.isAdmin,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.isBot,
    is_app_user: u.isAppUser,
    updated: Math.floor(now / 1000),
    is_email_confirmed: !u.isBot,
    profile: {
      real_name: u.realName,
      real_name_normalized: u.realName,
      display_name: u.displayName,
      display_name_normalized: u.displayName,
      image_48: image,
      image_72: image.replace('_48', '_72'),
      team: u.teamId,
      ...(u.botId ? { bot_id: u.botId } : {}),
    },
  };
}

export const userMethods: Record<string, MethodDef> = {
  'users.info': {
    handler: ({ ws, params, state }) => {
      const id = required(params, 'user', 'user_not_found');
      const u = ws.users.get(id);
      if (!u) throw new SlackApiError('user_not_found');
      return { user: userJson(u, state.now()) };
    },
  },
  'users.list': {
    handler: ({ ws, params, state }) => {
      const all = [...ws.users.values()];
      const { page, nextCursor } = paginate(all, params, (u) => u.id, 'user');
      const now = state.now();
      return {
        members: page.map((u) => userJson(u, now)),
        cache_ts: Math.floor(now / 1000),
        response_metadata: { next_cursor: nextCursor },
      };
    },
  },
};
