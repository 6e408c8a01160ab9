import { z } from 'zod';
import type { Deps } from '../../app/deps';
import { loadSettings } from '../../app/settings';
import type { Producer } from '../../queue/producer';
import { enqueueTick } from '../../queue/producer';
import type { ActionSpec, SlackDriver } from '../client';
import type { Emulator } from '../emulator/emulator';
import type { ViewRecord } from '../emulator/types';
import type { Workspace } from '../emulator/workspace';
import type { SandboxClock } from './clock';
import { FAULT_KINDS, FAULT_METHODS } from './dev';
import { JUMPS, jumpTarget } from './jumps';

/** What the page's requests act through: the emulator, the driver that signs Slack's requests, Baton's clock and queue. */
export interface ActionContext {
  emulator: Emulator;
  driver: SlackDriver;
  teamId: string;
  clock: SandboxClock;
  deps: Deps;
  queue: Producer;
}

/** A request the page refuses (a bad choice, Baton answering an error): a sentence for the person. */
export class Refused extends Error {
  override name = 'Refused';
}

const userId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/);
const place = z.string().regex(/^(dm|[CG][A-Z0-9]{2,20})$/);
const option = z.object({ value: z.string(), text: z.string().optional() });
const action = z.object({
  action_id: z.string().min(1).max(255),
  block_id: z.string().min(1).max(255),
  type: z.string().min(1).max(64),
  value: z.string().nullable().optional(),
  selected_user: z.string().nullable().optional(),
  selected_users: z.array(z.string()).optional(),
  selected_conversation: z.string().nullable().optional(),
  selected_conversations: z.array(z.string()).optional(),
  selected_channel: z.string().nullable().optional(),
  selected_channels: z.array(z.string()).optional(),
  selected_option: option.nullable().optional(),
  selected_options: z.array(option).optional(),
  selected_date: z.string().nullable().optional(),
  selected_time: z.string().nullable().optional(),
  selected_date_time: z.number().nullable().optional(),
});
/** state.values: block id → action id → the element's state (the same fields as an action, without ids). */
const values = z.record(z.string(), z.record(z.string(), action.omit({ action_id: true, block_id: true })));

export const requests = {
  command: z.object({ as: userId, place, text: z.string().min(1).max(4000) }),
  say: z.object({ as: userId, place, text: z.string().min(1).max(4000), threadTs: z.string().optional() }),
  action: z.object({
    as: userId,
    container: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('message'), channel: z.string(), ts: z.string() }),
      z.object({ kind: z.literal('view'), viewId: z.string() }),
    ]),
    action,
    values: values.default({}),
  }),
  submit: z.object({ as: userId, viewId: z.string(), values }),
  close: z.object({ as: userId, viewId: z.string() }),
  opened: z.object({ as: userId, tab: z.enum(['home', 'messages']) }),
  jump: z.object({ as: userId, jump: z.enum(JUMPS) }),
  fault: z.object({
    method: z.string().refine((m) => FAULT_METHODS.includes(m), 'unknown method'),
    kind: z.enum(['ratelimited', 'http5xx', 'latency']),
    seconds: z.number().min(0).max(120),
    times: z.number().int().min(0).max(100),
  }),
  unfault: z.object({ id: z.number().int() }),
};

type Request<K extends keyof typeof requests> = z.infer<(typeof requests)[K]>;

/** Options are sent as `{ value, text }`; Slack's payloads carry the text as a plain_text object. */
function slackOption(o: { value: string; text?: string | undefined }) {
  return { value: o.value, text: { type: 'plain_text' as const, text: o.text ?? o.value } };
}

function toSlack<T extends z.infer<typeof action> | z.infer<typeof values>[string][string]>(a: T) {
  const { selected_option: one, selected_options: many, ...rest } = a;
  return {
    ...rest,
    ...(one !== undefined ? { selected_option: one === null ? null : slackOption(one) } : {}),
    ...(many !== undefined ? { selected_options: many.map(slackOption) } : {}),
  };
}

function slackValues(v: z.infer<typeof values>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(v).map(([block, elements]) => [
      block,
      Object.fromEntries(Object.entries(elements).map(([id, state]) => [id, toSlack(state)])),
    ]),
  );
}

function person(ctx: ActionContext, as: string) {
  const user = ctx.emulator.workspace(ctx.teamId).users.get(as);
  if (!user || user.isBot || user.deleted) throw new Refused(`${as} is not a person in this workspace.`);
  return user;
}

/** The conversation a place stands for: the person's DM with Baton, or a channel they are in. */
function conversation(ctx: ActionContext, as: string, where: string) {
  if (where === 'dm') return ctx.emulator.workspace(ctx.teamId).channels.get(ctx.emulator.openDm(ctx.teamId, as));
  const channel = ctx.emulator.workspace(ctx.teamId).channels.get(where);
  if (!channel?.members.has(as)) throw new Refused('You are not in that channel.');
  return channel;
}

function answered(res: { status: number }, what: string): void {
  if (res.status !== 200) throw new Refused(`Baton answered the ${what} with HTTP ${res.status}.`);
}

/** A slash command typed in the composer, sent as Slack sends it (signed, with a trigger and a response_url). */
export async function runCommand(ctx: ActionContext, r: Request<'command'>): Promise<void> {
  person(ctx, r.as);
  const text = r.text.trim();
  const command = text.split(/\s+/)[0] ?? '';
  if (command !== '/delegate') throw new Refused(`${command} is not a command in this workspace. Try /delegate.`);
  const channel = conversation(ctx, r.as, r.place);
  const res = await ctx.driver.command({
    team: ctx.teamId,
    user: r.as,
    channel: channel?.id,
    command,
    text: escapeCommandText(ctx.emulator.workspace(ctx.teamId), text.slice(command.length).trim()),
  });
  answered(res, 'command');
}

/**
 * What Slack does to a command's text when the command escapes (the manifest says it does):
 * `&`, `<`, `>` become entities, and `@name` and `#channel` of the workspace become `<@U…|name>`
 * and `<#C…|channel>`.
 */
export function escapeCommandText(ws: Workspace, text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .replace(/(^|\s)@([\w.-]+)/g, (whole, before: string, name: string) => {
      const lower = name.toLowerCase();
      const user = [...ws.users.values()].find(
        (u) => !u.deleted && (u.name.toLowerCase() === lower || u.displayName.toLowerCase() === lower),
      );
      return user ? `${before}<@${user.id}|${user.name}>` : whole;
    })
    .replace(/(^|\s)#([\w-]+)/g, (whole, before: string, name: string) => {
      const channel = [...ws.channels.values()].find((c) => !c.isIm && c.name === name.toLowerCase());
      return channel ? `${before}<#${channel.id}|${channel.name}>` : whole;
    });
}

/**
 * A message the person writes. Baton hears it as Slack would tell it (the manifest subscribes to
 * message.channels and message.groups: channel messages where Baton is a member, not DMs).
 */
export async function say(ctx: ActionContext, r: Request<'say'>): Promise<void> {
  person(ctx, r.as);
  const channel = conversation(ctx, r.as, r.place);
  if (!channel) throw new Refused('No such conversation.');
  const posted = ctx.emulator.postAsUser({
    teamId: ctx.teamId,
    channel: channel.id,
    user: r.as,
    text: r.text,
    ...(r.threadTs ? { threadTs: r.threadTs } : {}),
  });
  const ws = ctx.emulator.workspace(ctx.teamId);
  if (channel.isIm || !channel.members.has(ws.botUserId)) return;
  const res = await ctx.driver.event({
    team: ctx.teamId,
    event: {
      type: 'message',
      channel: channel.id,
      channel_type: channel.isPrivate ? 'group' : 'channel',
      user: r.as,
      text: r.text,
      ts: posted.ts,
      ...(r.threadTs ? { thread_ts: r.threadTs } : {}),
    },
  });
  answered(res, 'message event');
}

/** A click or a choice: Slack's block_actions payload, from a message or a view. */
export async function act(ctx: ActionContext, r: Request<'action'>): Promise<void> {
  person(ctx, r.as);
  const spec = toSlack(r.action) as ActionSpec;
  const state = slackValues(r.values);
  if (r.container.kind === 'message') {
    const { channel, ts } = r.container;
    const message = ctx.emulator
      .messages((m) => m.teamId === ctx.teamId && m.channel === channel && m.ts === ts && !m.deleted)
      .find((m) => !m.ephemeralTo || m.ephemeralTo === r.as);
    if (!message) throw new Refused('That message is gone.');
    const res = await ctx.driver.blockActions({
      team: ctx.teamId,
      user: r.as,
      message,
      actions: [spec],
      values: state,
    });
    answered(res, 'click');
    return;
  }
  const view = ownView(ctx, r.as, r.container.viewId);
  const res = await ctx.driver.blockActions({
    team: ctx.teamId,
    user: r.as,
    view: view.id,
    actions: [spec],
    values: state,
  });
  answered(res, 'click');
}

function ownView(ctx: ActionContext, as: string, viewId: string): ViewRecord {
  const view = ctx.emulator.view(viewId);
  if (!view || view.teamId !== ctx.teamId || view.userId !== as || view.closed)
    throw new Refused('That view is closed.');
  return view;
}

const REQUIRED = 'Please complete this required field.';

/**
 * Submit: Slack itself refuses a modal with an empty required input; otherwise it sends the
 * view_submission and does what the app's answer says (errors on the fields, update, push, close).
 */
export async function submit(ctx: ActionContext, r: Request<'submit'>): Promise<void> {
  person(ctx, r.as);
  const view = ownView(ctx, r.as, r.viewId);
  const state = slackValues(r.values);
  const missing = requiredLeftEmpty(view, state);
  if (Object.keys(missing).length > 0) {
    ctx.emulator.applyViewSubmissionAck(view.id, { response_action: 'errors', errors: missing });
    return;
  }
  const res = await ctx.driver.viewSubmission({ team: ctx.teamId, user: r.as, view: view.id, values: state });
  answered(res, 'form');
  ctx.emulator.applyViewSubmissionAck(view.id, res.json);
}

function requiredLeftEmpty(view: ViewRecord, state: Record<string, Record<string, unknown>>): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const block of (view.view.blocks as unknown[]) ?? []) {
    const b = block as { type?: string; block_id?: string; optional?: boolean; element?: { action_id?: string } };
    if (b.type !== 'input' || b.optional === true || !b.block_id) continue;
    const value = state[b.block_id]?.[b.element?.action_id ?? ''] as Record<string, unknown> | undefined;
    const filled = Object.entries(value ?? {}).some(
      ([k, v]) => k !== 'type' && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
    );
    if (!filled) missing[b.block_id] = REQUIRED;
  }
  return missing;
}

/** Closing a modal closes its whole stack; Baton hears of it when the view asked (notify_on_close). */
export async function closeModal(ctx: ActionContext, r: Request<'close'>): Promise<void> {
  const view = ownView(ctx, r.as, r.viewId);
  const stack = ctx.emulator.views((v) => v.rootViewId === view.rootViewId && !v.closed);
  for (const v of stack) ctx.emulator.closeView(v.id);
  if (view.view.notify_on_close === true) {
    const res = await ctx.driver.viewClosed({ team: ctx.teamId, user: r.as, view: ctx.emulator.viewPayload(view.id) });
    answered(res, 'closed view');
  }
}

/** The person opened Baton's Home or Messages tab: Slack sends app_home_opened (with the Home view if one is published). */
export async function opened(ctx: ActionContext, r: Request<'opened'>): Promise<void> {
  person(ctx, r.as);
  const home = r.tab === 'home' ? ctx.emulator.homeView(ctx.teamId, r.as) : undefined;
  const res = await ctx.driver.event({
    team: ctx.teamId,
    event: {
      type: 'app_home_opened',
      user: r.as,
      channel: ctx.emulator.openDm(ctx.teamId, r.as),
      tab: r.tab,
      ...(home ? { view: ctx.emulator.viewPayload(home.id) } : {}),
    },
  });
  answered(res, 'app_home_opened event');
}

/** Moves the shared clock to where the jump lands for this person and runs Baton's tick at that instant. */
export async function jump(ctx: ActionContext, r: Request<'jump'>): Promise<Date> {
  const user = person(ctx, r.as);
  const settings = await loadSettings(ctx.deps, ctx.teamId, r.as);
  const prefs = { ...settings, timeZone: user.tz };
  const at = jumpTarget(r.jump, prefs, ctx.clock.now());
  ctx.clock.jumpTo(at);
  await enqueueTick(ctx.queue, at);
  return at;
}

export function addFault(ctx: ActionContext, r: Request<'fault'>): void {
  const { kind } = FAULT_KINDS[r.kind];
  ctx.emulator.faults.inject({
    method: r.method,
    kind,
    teamId: ctx.teamId,
    times: r.times === 0 ? Number.POSITIVE_INFINITY : r.times,
    ...(kind === 'ratelimited' ? { retryAfterSec: Math.max(1, Math.round(r.seconds)) } : {}),
    ...(kind === 'http5xx' ? { status: 500 } : {}),
    ...(kind === 'latency' ? { ms: Math.round(r.seconds * 1000) } : {}),
  });
}
