import { randomBytes } from 'node:crypto';
import { LIMITS, parseBlocksParam, SlackApiError, validateBlocks } from '../limits';
import type { EmulatorState } from '../state';
import type { JsonObject, ViewRecord } from '../types';
import type { MethodContext, MethodDef } from './context';
import { jsonParam, required, str } from './context';

/** A trigger_id lives 3 s (by the emulator clock). */
export const TRIGGER_TTL_MS = 3000;

function newHash(now: number): string {
  return `${Math.floor(now / 1000)}.${randomBytes(4).toString('hex')}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and validates a `view` param; returns it without server-assigned fields. */
function parseView(ctx: MethodContext, expectType?: 'modal' | 'home'): JsonObject {
  return validView(jsonParam(ctx.params, 'view', 'invalid_arguments'), expectType);
}

/** Validates a view object (a param, or one in a view_submission ack). */
function validView(raw: unknown, expectType?: 'modal' | 'home'): JsonObject {
  if (!isObject(raw)) throw new SlackApiError('invalid_arguments', { missing: 'view' });
  const type = raw.type;
  if (type !== 'modal' && type !== 'home') throw new SlackApiError('invalid_arguments', { detail: 'view.type' });
  if (expectType && type !== expectType)
    throw new SlackApiError('invalid_arguments', { detail: `view.type must be ${expectType}` });
  if (type === 'modal' && !isObject(raw.title)) throw new SlackApiError('invalid_arguments', { detail: 'view.title' });
  const blocks = parseBlocksParam(raw.blocks ?? []) ?? [];
  validateBlocks(blocks, 'view');
  const pm = raw.private_metadata;
  if (pm !== undefined && (typeof pm !== 'string' || pm.length > LIMITS.privateMetadata)) {
    throw new SlackApiError('invalid_arguments', {
      response_metadata: {
        messages: ['[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]'],
      },
    });
  }
  const cb = raw.callback_id;
  if (cb !== undefined && (typeof cb !== 'string' || cb.length > LIMITS.callbackId)) {
    throw new SlackApiError('invalid_arguments', { detail: 'view.callback_id' });
  }
  if (JSON.stringify(raw).length > LIMITS.viewBytes)
    throw new SlackApiError('invalid_arguments', { detail: 'view too large' });
  return { ...(raw as JsonObject), blocks: blocks as JsonObject[] };
}

function takeTrigger(ctx: MethodContext): { userId?: string } {
  const id = required(ctx.params, 'trigger_id', 'invalid_trigger_id');
  const t = ctx.state.triggers.get(id);
  if (!t || (t.teamId && t.teamId !== ctx.ws.team.id)) throw new SlackApiError('invalid_trigger_id');
  if (ctx.state.now() - t.issuedAt > TRIGGER_TTL_MS) throw new SlackApiError('expired_trigger_id');
  // A trigger opens one view.
  if (t.used) throw new SlackApiError('exchanged_trigger_id');
  t.used = true;
  return t.userId ? { userId: t.userId } : {};
}

/** The full view object Slack returns (and sends in view_* payloads). */
export function viewJson(ctx: Pick<MethodContext, 'ws'>, v: ViewRecord): Record<string, unknown> {
  const { ws } = ctx;
  const src = v.view;
  return {
    id: v.id,
    team_id: v.teamId,
    type: v.type,
    blocks: src.blocks ?? [],
    private_metadata: src.private_metadata ?? '',
    callback_id: src.callback_id ?? '',
    state: { values: {} },
    hash: v.hash,
    title: src.title ?? null,
    close: src.close ?? null,
    submit: src.submit ?? null,
    clear_on_close: src.clear_on_close ?? false,
    notify_on_close: src.notify_on_close ?? false,
    previous_view_id: v.previousViewId ?? null,
    root_view_id: v.rootViewId,
    app_id: ws.appId,
    external_id: v.externalId ?? '',
    app_installed_team_id: ws.team.id,
    bot_id: ws.botId,
  };
}

function createView(
  ctx: Pick<MethodContext, 'state' | 'ws'>,
  view: JsonObject,
  userId: string | undefined,
  previous?: ViewRecord,
): ViewRecord {
  const { state, ws } = ctx;
  const externalId = typeof view.external_id === 'string' && view.external_id ? view.external_id : undefined;
  if (externalId && [...state.views.values()].some((v) => v.teamId === ws.team.id && v.externalId === externalId)) {
    throw new SlackApiError('duplicate_external_id');
  }
  const id = state.newId('V');
  const record: ViewRecord = {
    id,
    teamId: ws.team.id,
    type: String(view.type),
    view,
    hash: newHash(state.now()),
    rootViewId: previous?.rootViewId ?? id,
    ...(userId ? { userId } : {}),
    ...(externalId ? { externalId } : {}),
    ...(previous ? { previousViewId: previous.id } : {}),
  };
  state.views.set(id, record);
  state.notify();
  return record;
}

function findView(ctx: MethodContext): ViewRecord {
  const viewId = str(ctx.params, 'view_id');
  const externalId = str(ctx.params, 'external_id');
  if (!viewId && !externalId) throw new SlackApiError('invalid_arguments', { missing: 'view_id' });
  const v = viewId
    ? ctx.state.views.get(viewId)
    : [...ctx.state.views.values()].find((x) => x.teamId === ctx.ws.team.id && x.externalId === externalId);
  if (!v || v.teamId !== ctx.ws.team.id) throw new SlackApiError('not_found');
  return v;
}

function checkHash(ctx: MethodContext, v: ViewRecord): void {
  const hash = str(ctx.params, 'hash');
  if (hash && hash !== v.hash) throw new SlackApiError('hash_conflict');
}

export const viewMethods: Record<string, MethodDef> = {
  'views.open': {
    handler: (ctx) => {
      const view = parseView(ctx, 'modal');
      const { userId } = takeTrigger(ctx);
      return { view: viewJson(ctx, createView(ctx, view, userId)) };
    },
  },
  'views.push': {
    handler: (ctx) => {
      const view = parseView(ctx, 'modal');
      const { userId } = takeTrigger(ctx);
      const open = [...ctx.state.views.values()]
        .filter(
          (v) => v.teamId === ctx.ws.team.id && v.type === 'modal' && !v.closed && (!userId || v.userId === userId),
        )
        .at(-1);
      if (!open) throw new SlackApiError('not_found');
      const stackDepth = [...ctx.state.views.values()].filter(
        (v) => v.rootViewId === open.rootViewId && !v.closed,
      ).length;
      if (stackDepth >= 3) throw new SlackApiError('push_limit_reached');
      return { view: viewJson(ctx, createView(ctx, view, userId, open)) };
    },
  },
  'views.update': {
    handler: (ctx) => {
      const v = findView(ctx);
      checkHash(ctx, v);
      const view = parseView(ctx);
      v.view = view;
      if (typeof view.external_id === 'string' && view.external_id) v.externalId = view.external_id;
      v.hash = newHash(ctx.state.now());
      ctx.state.notify();
      return { view: viewJson(ctx, v) };
    },
  },
  'views.publish': {
    handler: (ctx) => {
      const { ws, state } = ctx;
      const userId = required(ctx.params, 'user_id', 'invalid_arguments');
      const user = ws.users.get(userId);
      if (!user || user.deleted) throw new SlackApiError('user_not_found');
      const view = parseView(ctx, 'home');
      const existingId = ws.homeViews.get(userId);
      const existing = existingId ? state.views.get(existingId) : undefined;
      if (existing) {
        checkHash(ctx, existing);
        existing.view = view;
        existing.hash = newHash(state.now());
        state.notify();
        return { view: viewJson(ctx, existing) };
      }
      const record = createView(ctx, view, userId);
      ws.homeViews.set(userId, record.id);
      return { view: viewJson(ctx, record) };
    },
  },
};

/**
 * What Slack does with the app's answer to a view_submission: `errors` keeps the modal open with
 * the messages on their fields, `update` replaces it, `push` stacks a new one on it, `clear` closes
 * the whole stack, and anything else closes the submitted view (uncovering the one under it).
 */
export function applySubmissionAck(state: EmulatorState, viewId: string, ack: unknown): ViewRecord {
  const v = state.views.get(viewId);
  if (v?.type !== 'modal' || v.closed) throw new SlackApiError('not_found');
  const answer = isObject(ack) ? ack : {};
  const ws = state.workspace(v.teamId);
  let current = v;
  switch (answer.response_action) {
    case 'errors': {
      const errors = isObject(answer.errors) ? answer.errors : {};
      v.errors = Object.fromEntries(Object.entries(errors).map(([block, message]) => [block, String(message)]));
      break;
    }
    case 'update':
      v.view = validView(answer.view, 'modal');
      v.hash = newHash(state.now());
      delete v.errors;
      break;
    case 'push':
      delete v.errors;
      current = createView({ state, ws }, validView(answer.view, 'modal'), v.userId, v);
      break;
    case 'clear':
      for (const other of state.views.values()) if (other.rootViewId === v.rootViewId) other.closed = true;
      break;
    default:
      v.closed = true;
  }
  state.notify();
  return current;
}
