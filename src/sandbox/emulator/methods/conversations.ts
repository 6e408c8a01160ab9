import { SlackApiError } from '../limits';
import type { Params, PostedMessage } from '../types';
import type { ChannelState, Workspace } from '../workspace';
import { messageJson } from './chat';
import type { MethodContext, MethodDef } from './context';
import { bool, int, paginate, str, visibleChannel } from './context';

/** conversations.history: default and maximum `limit`. */
export const HISTORY_LIMIT = { default: 100, max: 999 } as const;
/** conversations.replies: default and maximum `limit`. */
export const REPLIES_LIMIT = { default: 1000, max: 1000 } as const;

/** A message ts ("1700000000.000100", or "1700000000") as integer microseconds; undefined if malformed. */
export function tsMicros(ts: string): number | undefined {
  const m = /^(\d{1,12})(?:\.(\d{1,6})\d*)?$/.exec(ts.trim());
  if (!m) return undefined;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

const CURSOR_PREFIX = 'next_ts:';

/** Slack's history cursors are base64("next_ts:" + ts without the dot). */
function encodeCursor(m: PostedMessage): string {
  return Buffer.from(`${CURSOR_PREFIX}${m.ts.replace('.', '')}`).toString('base64');
}

function decodeCursor(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  const digits = decoded.startsWith(CURSOR_PREFIX) ? decoded.slice(CURSOR_PREFIX.length) : '';
  if (!/^\d{7,18}$/.test(digits)) throw new SlackApiError('invalid_cursor');
  return Number(digits);
}

/** oldest/latest/inclusive as a predicate on a message's ts. */
function tsRange(params: Params): (m: PostedMessage) => boolean {
  const oldestParam = str(params, 'oldest');
  const latestParam = str(params, 'latest');
  const oldest = oldestParam ? tsMicros(oldestParam) : 0;
  if (oldest === undefined) throw new SlackApiError('invalid_ts_oldest');
  const latest = latestParam ? tsMicros(latestParam) : Number.POSITIVE_INFINITY;
  if (latest === undefined) throw new SlackApiError('invalid_ts_latest');
  const inclusive = bool(params, 'inclusive');
  return (m) => {
    const t = tsMicros(m.ts) ?? 0;
    return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
  };
}

function pageLimit(params: Params, limits: { default: number; max: number }): number {
  const limit = int(params, 'limit', limits.default);
  return limit <= 0 ? limits.default : Math.min(limit, limits.max);
}

/** A conversation the bot may read: visible (else channel_not_found) and a member (else not_in_channel). */
function readableChannel(ctx: MethodContext): ChannelState {
  const ch = visibleChannel(ctx, str(ctx.params, 'channel'));
  if (!ch.members.has(ctx.ws.botUserId)) throw new SlackApiError('not_in_channel');
  return ch;
}

/** What everyone sees: not deleted, not ephemeral. */
function isVisible(m: PostedMessage): boolean {
  return !m.deleted && !m.ephemeralTo;
}

/** In the channel's timeline: top-level messages and replies also sent to the channel. */
function isTopLevel(m: PostedMessage): boolean {
  return !m.threadTs || m.threadTs === m.ts || m.replyBroadcast === true;
}

/** Takes up to `limit` items; the next item (if any) becomes the cursor. */
function takePage(
  items: Iterable<PostedMessage>,
  limit: number,
): { page: PostedMessage[]; next: PostedMessage | undefined } {
  const page: PostedMessage[] = [];
  for (const m of items) {
    if (page.length === limit) return { page, next: m };
    page.push(m);
  }
  return { page, next: undefined };
}

function* newestFirst(list: readonly PostedMessage[]): Generator<PostedMessage> {
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (m) yield m;
  }
}

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
  'conversations.history': {
    handler: (ctx) => {
      const { ws, state, params } = ctx;
      const ch = readableChannel(ctx);
      const inRange = tsRange(params);
      const limit = pageLimit(params, HISTORY_LIMIT);
      const cursor = str(params, 'cursor');
      const upTo = cursor ? decodeCursor(cursor) : Number.POSITIVE_INFINITY;
      const withMetadata = bool(params, 'include_all_metadata');
      const candidates = (function* () {
        for (const m of newestFirst(state.channelMessages(ws.team.id, ch.id))) {
          if ((tsMicros(m.ts) ?? 0) > upTo) continue;
          if (isVisible(m) && isTopLevel(m) && inRange(m)) yield m;
        }
      })();
      const { page, next } = takePage(candidates, limit);
      return {
        messages: page.map((m) => messageJson(ws, m, { metadata: withMetadata, alwaysBlocks: true })),
        has_more: next !== undefined,
        pin_count: 0,
        channel_actions_ts: null,
        channel_actions_count: 0,
        response_metadata: { next_cursor: next ? encodeCursor(next) : '' },
      };
    },
  },
  'conversations.replies': {
    handler: (ctx) => {
      const { ws, state, params } = ctx;
      const ch = readableChannel(ctx);
      const ts = str(params, 'ts');
      if (!ts) throw new SlackApiError('invalid_arguments', { missing: 'ts' });
      let parent = state.findMessage(ws.team.id, ch.id, ts);
      // The ts of a reply names its whole thread.
      if (parent?.threadTs && parent.threadTs !== parent.ts) {
        parent = state.findMessage(ws.team.id, ch.id, parent.threadTs);
      }
      if (!parent || !isVisible(parent)) throw new SlackApiError('thread_not_found');
      const inRange = tsRange(params);
      const limit = pageLimit(params, REPLIES_LIMIT);
      const cursor = str(params, 'cursor');
      const from = cursor ? decodeCursor(cursor) : undefined;
      const withMetadata = bool(params, 'include_all_metadata');
      const thread = parent;
      const candidates = (function* () {
        // The parent leads the first page only; continuation pages hold replies.
        if (from === undefined) yield thread;
        for (const m of state.channelMessages(ws.team.id, ch.id)) {
          if (m.threadTs !== thread.ts || m.ts === thread.ts || !isVisible(m) || !inRange(m)) continue;
          if (from !== undefined && (tsMicros(m.ts) ?? 0) < from) continue;
          yield m;
        }
      })();
      const { page, next } = takePage(candidates, limit);
      return {
        messages: page.map((m) => messageJson(ws, m, { metadata: withMetadata, alwaysBlocks: true })),
        has_more: next !== undefined,
        response_metadata: { next_cursor: next ? encodeCursor(next) : '' },
      };
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
