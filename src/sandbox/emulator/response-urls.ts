import { LIMITS, parseBlocksParam, SlackApiError, validateBlocks } from './limits';
import type { EmulatorState } from './state';
import type { PostedMessage } from './types';

/** A response_url takes up to 5 posts within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

export interface ResponseUrlRecord {
  id: string;
  teamId: string;
  channel: string;
  user: string;
  /** The message the interaction came from (block_actions on a message). */
  messageTs?: string;
  /** Thread of the original message, if any. */
  threadTs?: string;
  createdAt: number;
  uses: number;
  /** Last message posted through this url: the "original" for replace/delete when there is no messageTs. */
  lastPostedTs?: string;
}

export interface ResponseUrlResult {
  status: number;
  body: Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true';
}

/** Applies one POST to a response_url, as Slack does. */
export function postToResponseUrl(
  state: EmulatorState,
  rec: ResponseUrlRecord | undefined,
  payload: unknown,
): ResponseUrlResult {
  if (!rec) return { status: 404, body: { ok: false, error: 'invalid_url' } };
  const now = state.now();
  if (now - rec.createdAt > RESPONSE_URL_TTL_MS) return { status: 404, body: { ok: false, error: 'expired_url' } };
  if (rec.uses >= RESPONSE_URL_MAX_USES) return { status: 404, body: { ok: false, error: 'used_url' } };
  if (!isObject(payload)) return { status: 400, body: { ok: false, error: 'invalid_payload' } };

  const ws = state.workspace(rec.teamId);
  const originalTs = rec.messageTs ?? rec.lastPostedTs;
  const original = originalTs ? state.findMessage(rec.teamId, rec.channel, originalTs) : undefined;

  if (truthy(payload.delete_original)) {
    if (!original || original.deleted) return { status: 404, body: { ok: false, error: 'message_not_found' } };
    rec.uses += 1;
    original.deleted = true;
    state.notify();
    return { status: 200, body: { ok: true } };
  }

  let blocks: unknown[] | undefined;
  try {
    blocks = parseBlocksParam(payload.blocks);
    if (blocks) validateBlocks(blocks, 'message');
  } catch (e) {
    const code = e instanceof SlackApiError ? e.code : 'invalid_blocks';
    return { status: 400, body: { ok: false, error: code } };
  }
  const rawText = typeof payload.text === 'string' ? payload.text : '';
  if (!rawText && !blocks) return { status: 400, body: { ok: false, error: 'no_text' } };
  const text = rawText.slice(0, LIMITS.messageText);
  rec.uses += 1;

  if (truthy(payload.replace_original) && original && !original.deleted) {
    original.edited = [...(original.edited ?? []), { at: now, text: original.text, blocks: original.blocks }];
    original.text = text;
    original.blocks = blocks ?? [];
    if (payload.response_type === 'in_channel') delete original.ephemeralTo;
    else if (payload.response_type === 'ephemeral') original.ephemeralTo = rec.user;
    state.notify();
    return { status: 200, body: { ok: true } };
  }

  const inChannel = payload.response_type === 'in_channel';
  const threadTs = typeof payload.thread_ts === 'string' && payload.thread_ts ? payload.thread_ts : rec.threadTs;
  const ch = ws.channels.get(rec.channel);
  const message: PostedMessage = {
    teamId: rec.teamId,
    channel: rec.channel,
    ts: state.nextTs(),
    text,
    blocks: blocks ?? [],
    user: ws.botUserId,
    botId: ws.botId,
    replyCount: 0,
    replyUsers: [],
    via: 'response_url',
    postedAt: now,
    ...(inChannel ? {} : { ephemeralTo: rec.user }),
    ...(threadTs ? { threadTs } : {}),
    ...(ch?.isIm && ch.imUser ? { dmUser: ch.imUser } : {}),
  };
  rec.lastPostedTs = message.ts;
  state.addMessage(message);
  return { status: 200, body: { ok: true } };
}
