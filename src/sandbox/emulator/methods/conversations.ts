import { SlackApiError } from '../limits';
import type { ChannelState, Workspace } from '../workspace';
import type { MethodContext, MethodDef } from './context';
import { bool, paginate, str, visibleChannel } from './context';

export function channelJson(ws: Workspace, ch: ChannelState, includeNumMembers = false): Record<string, unknown> {
  if (ch.isIm) {
    return {
      id: ch.id,
      created: ch.created,
      is_im: true,
      is_org_shared: false,
      context_team_id: ws.team.id,
      user: ch.imUser,
      is_user_deleted: ch.imUser ? (ws.users.get(ch.imUser)?.deleted ?? false) : false,
      is_open: true,
      priority: 0,
    };
  }
  return {
    id: ch.id,
    name: ch.name,
    name_normalized: ch.name,
    is_channel: !ch.isPrivate,
    is_group: ch.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: ch.isPrivate,
    is_archived: ch.isArchived,
    is_general: ch.name === 'general',
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: ch.members.has(ws.botUserId),
    created: ch.created,
    creator: '',
    context_team_id: ws.team.id,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    ...(includeNumMembers ? { num_members: ch.members.size } : {}),
  };
}

/** The app's DM with a user id, with Slack's errors for unknown, deactivated and bot users. */
export function openDm(ctx: MethodContext, userId: string): { channel: ChannelState; existed: boolean } {
  const { ws, state } = ctx;
  const user = ws.users.get(userId);
  if (!user) throw new SlackApiError('user_not_found');
  if (user.deleted) throw new SlackApiError('user_disabled');
  if (user.id === ws.botUserId) throw new SlackApiError('cannot_dm_bot');
  const existed = ws.dms.has(userId);
  return { channel: ws.dmWith(userId, state.now()), existed };
}

export const conversationMethods: Record<string, MethodDef> = {
  'conversations.open': {
    handler: (ctx) => {
      const { params, ws } = ctx;
      const channelParam = str(params, 'channel');
      const users = (str(params, 'users') ?? '')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      let result: { channel: ChannelState; existed: boolean };
      if (channelParam) {
        const ch = visibleChannel(ctx, channelParam);
        if (!ch.isIm) throw new SlackApiError('method_not_supported_for_channel_type');
        result = { channel: ch, existed: true };
      } else {
        if (users.length === 0) throw new SlackApiError('users_list_not_supplied');
        if (users.length > 1) throw new SlackApiError('not_implemented', { detail: 'group DMs are not emulated' });
        result = openDm(ctx, users[0] ?? '');
      }
      const full = bool(params, 'return_im');
      return {
        ...(result.existed ? { no_op: true, already_open: true } : {}),
        channel: full ? channelJson(ws, result.channel) : { id: result.channel.id },
      };
    },
  },
  'conversations.info': {
    handler: (ctx) => {
      const ch = visibleChannel(ctx, str(ctx.params, 'channel'));
      return { channel: channelJson(ctx.ws, ch, bool(ctx.params, 'include_num_members')) };
    },
  },
  'conversations.join': {
    handler: (ctx) => {
      const { ws } = ctx;
      const ch = visibleChannel(ctx, str(ctx.params, 'channel'));
      if (ch.isIm || ch.isPrivate) throw new SlackApiError('method_not_supported_for_channel_type');
      if (ch.isArchived) throw new SlackApiError('is_archived');
      if (ch.members.has(ws.botUserId)) {
        return {
          channel: channelJson(ws, ch),
          warning: 'already_in_channel',
          response_metadata: { warnings: ['already_in_channel'] },
        };
      }
      ch.members.add(ws.botUserId);
      return { channel: channelJson(ws, ch) };
    },
  },
  'conversations.members': {
    handler: (ctx) => {
      const ch = visibleChannel(ctx, str(ctx.params, 'channel'));
      const { page, nextCursor } = paginate([...ch.members], ctx.params, (id) => id, 'member');
      return { members: page, response_metadata: { next_cursor: nextCursor } };
    },
  },
};
