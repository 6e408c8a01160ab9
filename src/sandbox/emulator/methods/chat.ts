import { LIMITS, parseBlocksParam, SlackApiError, validateBlocks } from '../limits';
import type { JsonObject, MessageMetadata, Params, PostedMessage } from '../types';
import type { ChannelState, Workspace } from '../workspace';
import type { MethodContext, MethodDef } from './context';
import { bool, jsonParam, required, str, visibleChannel } from './context';

export interface MessageJsonOptions {
  /** Include `metadata` (default true; conversations.history/replies only with include_all_metadata). */
  metadata?: boolean;
  /** Always include `blocks`, `[]` when there are none (as conversations.history does). */
  alwaysBlocks?: boolean;
}

/** Message JSON as Slack returns it in chat.postMessage / chat.update responses and conversation reads. */
export function messageJson(
  ws: Workspace,
  m: PostedMessage,
  options: MessageJsonOptions = {},
): Record<string, unknown> {
  const fromBot = m.user === ws.botUserId;
  const withMetadata = options.metadata ?? true;
  return {
    type: 'message',
    // A bot token's post is the bot user's message: bot_id and app_id, no subtype (bot_message is for legacy integrations).
    ...(fromBot ? { bot_id: ws.botId, app_id: ws.appId } : {}),
    text: m.text,
    user: m.user,
    ts: m.ts,
    team: ws.team.id,
    ...(m.blocks.length > 0 || options.alwaysBlocks ? { blocks: m.blocks } : {}),
    ...(m.threadTs ? { thread_ts: m.threadTs, ...(m.parentUser ? { parent_user_id: m.parentUser } : {}) } : {}),
    ...(m.replyCount > 0
      ? { thread_ts: m.ts, reply_count: m.replyCount, reply_users: m.replyUsers, latest_reply: m.latestReply }
      : {}),
    ...(m.edited && m.edited.length > 0 ? { edited: { user: m.user, ts: m.ts } } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    ...(fromBot
      ? {
          bot_profile: {
            id: ws.botId,
            app_id: ws.appId,
            name: ws.botName,
            deleted: false,
            team_id: ws.team.id,
          },
        }
      : {}),
  };
}

/** Resolves chat.postMessage's `channel`: a C/G/D id, or a user id meaning the app's DM with them. */
export function resolvePostChannel(ctx: MethodContext, channel: string): { ch: ChannelState; dmUser?: string } {
  const { ws, state } = ctx;
  if (/^[UW]/.test(channel)) {
    const user = ws.users.get(channel);
    // Slack posts into a deactivated user's DM without an error (python-slack-sdk #1156).
    if (!user || user.id === ws.botUserId) throw new SlackApiError('channel_not_found');
    return { ch: ws.dmWith(user.id, state.now()), dmUser: user.id };
  }
  const ch = visibleChannel(ctx, channel);
  return ch.isIm && ch.imUser ? { ch, dmUser: ch.imUser } : { ch };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `metadata` param: a JSON object (or its JSON string, as form bodies carry it) of the shape
 * `{ event_type: string, event_payload: object }`; anything else is `invalid_metadata_format`.
 * Returns `undefined` when absent, and `null` for `{}` (chat.update: remove the metadata).
 */
export function metadataParam(params: Params): MessageMetadata | null | undefined {
  const raw = params.metadata;
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SlackApiError('invalid_metadata_format');
    }
  }
  if (!isObject(value)) throw new SlackApiError('invalid_metadata_format');
  if (Object.keys(value).length === 0) return null;
  const { event_type: eventType, event_payload: eventPayload } = value;
  if (typeof eventType !== 'string' || eventType.trim() === '' || !isObject(eventPayload)) {
    throw new SlackApiError('invalid_metadata_format');
  }
  return { event_type: eventType, event_payload: eventPayload as JsonObject };
}

function assertCanPost(ws: Workspace, ch: ChannelState): void {
  if (ch.isArchived) throw new SlackApiError('is_archived');
  if (!ch.members.has(ws.botUserId)) throw new SlackApiError('not_in_channel');
}

function contentParams(ctx: MethodContext, requireContent: boolean): { text: string; blocks: unknown[] | undefined } {
  const rawText = str(ctx.params, 'text') ?? '';
  const blocks = parseBlocksParam(ctx.params.blocks);
  if (blocks) validateBlocks(blocks, 'message');
  const attachments = jsonParam(ctx.params, 'attachments');
  if (requireContent && !rawText && (!blocks || blocks.length === 0) && !attachments) {
    throw new SlackApiError('no_text');
  }
  const text = rawText.length > LIMITS.messageText ? rawText.slice(0, LIMITS.messageText) : rawText;
  return { text, blocks };
}

/** The message to edit/delete: must exist, be visible to everyone, and (for the bot) be its own. */
function ownMessage(ctx: MethodContext, tsParam: string, notOwnError: string): PostedMessage {
  const channel = required(ctx.params, 'channel', 'channel_not_found');
  const ch = visibleChannel(ctx, channel);
  const ts = required(ctx.params, tsParam, 'message_not_found');
  const m = ctx.state.findMessage(ctx.ws.team.id, ch.id, ts);
  if (!m || m.deleted || m.ephemeralTo) throw new SlackApiError('message_not_found');
  if (m.user !== ctx.ws.botUserId) throw new SlackApiError(notOwnError);
  return m;
}

export const chatMethods: Record<string, MethodDef> = {
  'chat.postMessage': {
    rateKeyParam: 'channel',
    handler: (ctx) => {
      const { ws, state, params } = ctx;
      const { ch, dmUser } = resolvePostChannel(ctx, required(params, 'channel', 'channel_not_found'));
      assertCanPost(ws, ch);
      const { text, blocks } = contentParams(ctx, true);
      const metadata = metadataParam(params);
      // `{}` only means something to chat.update (remove); a new message needs both fields.
      if (metadata === null) throw new SlackApiError('invalid_metadata_format');
      let threadTs = str(params, 'thread_ts') || undefined;
      let parent: PostedMessage | undefined;
      if (threadTs) {
        parent = state.findMessage(ws.team.id, ch.id, threadTs);
        if (!parent || parent.deleted || parent.ephemeralTo) throw new SlackApiError('thread_not_found');
        if (parent.threadTs && parent.threadTs !== parent.ts) {
          // A reply to a reply goes to the thread's parent.
          threadTs = parent.threadTs;
          parent = state.findMessage(ws.team.id, ch.id, threadTs);
        }
      }
      const ts = state.nextTs();
      const message: PostedMessage = {
        teamId: ws.team.id,
        channel: ch.id,
        ts,
        text,
        blocks: blocks ?? [],
        user: ws.botUserId,
        botId: ws.botId,
        replyCount: 0,
        replyUsers: [],
        via: 'api',
        postedAt: state.now(),
        ...(threadTs ? { threadTs } : {}),
        ...(parent ? { parentUser: parent.user } : {}),
        ...(dmUser ? { dmUser } : {}),
        ...(threadTs && bool(params, 'reply_broadcast') ? { replyBroadcast: true } : {}),
        ...(metadata ? { metadata } : {}),
      };
      if (parent) {
        parent.replyCount += 1;
        if (!parent.replyUsers.includes(ws.botUserId)) parent.replyUsers.push(ws.botUserId);
        parent.latestReply = ts;
      }
      state.addMessage(message);
      return { channel: ch.id, ts, message: messageJson(ws, message) };
    },
  },
  'chat.postEphemeral': {
    handler: (ctx) => {
      const { ws, state, params } = ctx;
      const { ch, dmUser } = resolvePostChannel(ctx, required(params, 'channel', 'channel_not_found'));
      const userId = required(params, 'user', 'user_not_found');
      const user = ws.users.get(userId);
      if (!user) throw new SlackApiError('user_not_found');
      assertCanPost(ws, ch);
      if (!ch.members.has(userId)) throw new SlackApiError('user_not_in_channel');
      const { text, blocks } = contentParams(ctx, true);
      const threadTs = str(params, 'thread_ts') || undefined;
      const ts = state.nextTs();
      state.addMessage({
        teamId: ws.team.id,
        channel: ch.id,
        ts,
        text,
        blocks: blocks ?? [],
        user: ws.botUserId,
        botId: ws.botId,
        ephemeralTo: userId,
        replyCount: 0,
        replyUsers: [],
        via: 'api',
        postedAt: state.now(),
        ...(threadTs ? { threadTs } : {}),
        ...(dmUser ? { dmUser } : {}),
      });
      return { message_ts: ts };
    },
  },
  'chat.update': {
    handler: (ctx) => {
      const { ws, state } = ctx;
      const m = ownMessage(ctx, 'ts', 'cant_update_message');
      const { text, blocks } = contentParams(ctx, false);
      // Absent: keep the metadata; `{}`: remove it; otherwise replace it.
      const metadata = metadataParam(ctx.params);
      if (metadata === null) delete m.metadata;
      else if (metadata) m.metadata = metadata;
      m.edited = [...(m.edited ?? []), { at: state.now(), text: m.text, blocks: m.blocks }];
      // A metadata-only update keeps the text.
      if (ctx.params.text !== undefined || (blocks === undefined && metadata === undefined)) m.text = text;
      if (blocks !== undefined) m.blocks = blocks;
      state.notify();
      return { channel: m.channel, ts: m.ts, text: m.text, message: messageJson(ws, m) };
    },
  },
  'chat.delete': {
    handler: (ctx) => {
      const m = ownMessage(ctx, 'ts', 'cant_delete_message');
      m.deleted = true;
      ctx.state.notify();
      return { channel: m.channel, ts: m.ts };
    },
  },
  'chat.getPermalink': {
    handler: (ctx) => {
      const { ws, state, params } = ctx;
      const ch = visibleChannel(ctx, required(params, 'channel', 'channel_not_found'));
      const ts = required(params, 'message_ts', 'message_not_found');
      const m = state.findMessage(ws.team.id, ch.id, ts);
      if (!m || m.deleted || m.ephemeralTo) throw new SlackApiError('message_not_found');
      const base = `https://${ws.team.domain}.slack.com/archives/${ch.id}/p${ts.replace('.', '')}`;
      const permalink = m.threadTs && m.threadTs !== m.ts ? `${base}?thread_ts=${m.threadTs}&cid=${ch.id}` : base;
      return { channel: ch.id, permalink };
    },
  },
};
