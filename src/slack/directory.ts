import type { webApi } from '@slack/bolt';
import type { ChannelInfo, Directory } from '../app/ports/slack';
import type { Person } from '../domain/person';

type SlackUser = {
  id?: string;
  team_id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
  deleted?: boolean;
  profile?: { display_name?: string; real_name?: string };
};

/** Slack as a directory of people and channels, through the Web API. */
export function slackDirectory(clientFor: (teamId: string) => Promise<webApi.WebClient>): Directory {
  return {
    async person(teamId, userId) {
      try {
        const res = await (await clientFor(teamId)).users.info({ user: userId });
        return res.user ? toPerson(teamId, res.user as SlackUser) : null;
      } catch (err) {
        if (slackErrorCode(err) === 'user_not_found') return null;
        throw err;
      }
    },
    async everyone(teamId) {
      const people: Person[] = [];
      // An org-wide token must be told which workspace to list; a workspace token ignores team_id
      // (docs/slack-platform.md, "Org-wide installs").
      const pages = (await clientFor(teamId)).paginate('users.list', { limit: 200, team_id: teamId });
      for await (const page of pages) {
        for (const member of (page as { members?: SlackUser[] }).members ?? []) {
          const person = toPerson(teamId, member);
          if (person) people.push(person);
        }
      }
      return people;
    },
    async channel(teamId, channelId): Promise<ChannelInfo | null> {
      try {
        const res = await (await clientFor(teamId)).conversations.info({ channel: channelId });
        const c = res.channel;
        if (!c?.id) return null;
        return {
          id: c.id,
          isPrivate: c.is_private ?? false,
          isArchived: c.is_archived ?? false,
          isMember: c.is_member ?? false,
        };
      } catch (err) {
        if (slackErrorCode(err) === 'channel_not_found') return null;
        throw err;
      }
    },
    async joinChannel(teamId, channelId) {
      await (await clientFor(teamId)).conversations.join({ channel: channelId });
    },
    async permalink(teamId, channelId, ts) {
      try {
        const res = await (await clientFor(teamId)).chat.getPermalink({ channel: channelId, message_ts: ts });
        return res.permalink ?? null;
      } catch (err) {
        if (['channel_not_found', 'message_not_found'].includes(slackErrorCode(err) ?? '')) return null;
        throw err;
      }
    },
  };
}

function toPerson(teamId: string, user: SlackUser): Person | null {
  if (!user.id) return null;
  return {
    teamId,
    id: user.id,
    name: user.profile?.display_name || user.real_name || user.profile?.real_name || user.name || user.id,
    handle: user.name ?? null,
    displayName: user.profile?.display_name || null,
    timeZone: user.tz || 'UTC',
    isBot: user.is_bot ?? false,
    isDeleted: user.deleted ?? false,
  };
}

/** The `error` of a Slack platform error (`{ ok: false, error }`), if that is what was thrown. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
