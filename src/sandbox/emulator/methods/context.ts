import { SlackApiError } from '../limits';
import type { EmulatorState, EnterpriseState } from '../state';
import type { Params } from '../types';
import type { ChannelState, Workspace } from '../workspace';

export interface MethodContext {
  state: EmulatorState;
  params: Params;
  /** The authenticated workspace (undefined only for methods with `auth: false`). */
  ws: Workspace;
  token: string | undefined;
  /** The organization, when the token is an org-wide one (`ws` is then the workspace the call named). */
  enterprise?: EnterpriseState;
  /** Raw `Authorization` header (oauth.v2.access accepts Basic auth). */
  authorization: string | undefined;
  /** Base URL of the emulator, e.g. http://127.0.0.1:1234 */
  baseUrl: string;
  oauth: { clientId: string; clientSecret: string };
}

export type MethodResult = Record<string, unknown>;

export interface MethodDef {
  /** Needs a valid token (default true). */
  auth?: boolean;
  /** Param used as the per-channel rate limit key. */
  rateKeyParam?: string;
  handler: (ctx: MethodContext) => MethodResult;
}

export function str(params: Params, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function required(params: Params, key: string, error = 'invalid_arguments'): string {
  const v = str(params, key);
  if (v === undefined || v === '') throw new SlackApiError(error, { missing: key });
  return v;
}

export function bool(params: Params, key: string): boolean {
  const v = params[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function int(params: Params, key: string, fallback: number): number {
  const v = str(params, key);
  if (v === undefined || v === '') return fallback;
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? fallback : n;
}

/** A param that may be a JSON-encoded string (form body) or an object (JSON body). */
export function jsonParam(params: Params, key: string, error = 'invalid_arguments'): unknown {
  const v = params[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    throw new SlackApiError(error, { response_metadata: { messages: [`[ERROR] ${key}: invalid JSON`] } });
  }
}

/**
 * Resolves a conversation the bot can see (C/G/D id). Private channels the bot is not in, other
 * workspaces' channels and unknown ids are all `channel_not_found`, as in Slack.
 */
export function visibleChannel(ctx: MethodContext, id: string | undefined): ChannelState {
  if (!id) throw new SlackApiError('channel_not_found');
  const ch = ctx.ws.channels.get(id);
  if (!ch || !ctx.ws.botCanSee(ch)) throw new SlackApiError('channel_not_found');
  return ch;
}

/** Cursor pagination over a list, with Slack-looking opaque cursors. */
export function paginate<T>(
  items: T[],
  params: Params,
  keyOf: (item: T) => string,
  prefix: string,
): { page: T[]; nextCursor: string } {
  const limit = int(params, 'limit', 0);
  const cursor = str(params, 'cursor');
  let start = 0;
  if (cursor) {
    const decoded = Buffer.from(cursor, 'base64').toString('utf8');
    if (!decoded.startsWith(`${prefix}:`)) throw new SlackApiError('invalid_cursor');
    const key = decoded.slice(prefix.length + 1);
    start = items.findIndex((i) => keyOf(i) === key);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const size = limit > 0 ? Math.min(limit, 1000) : items.length;
  const page = items.slice(start, start + size);
  const next = items[start + size];
  const nextCursor = next ? Buffer.from(`${prefix}:${keyOf(next)}`).toString('base64') : '';
  return { page, nextCursor };
}
