import { MAX_TITLE_LENGTH } from '../domain/delegate-command';
import { type DueParse, dueFromPicker, parseDuePhrase } from '../domain/due-date';
import { type InactiveReason, inactiveReason, zoneOf } from '../domain/person';
import type { CheckinCadence, Task, TaskSource } from '../domain/task';
import { cleanUserText } from '../domain/text';
import type { Deps } from './deps';
import { scheduleDigest } from './digest';
import { schedulePrompt } from './morning-prompt';
import { knownPerson } from './people';
import type { KnownPerson } from './ports/people';
import { recordEvent } from './record-event';
import type { Refusal } from './refusals';

export type OwnerChoice = { id: string } | { name: string } | null;
export type DueChoice = { phrase: string } | { date: string; time: string | null } | null;

export interface CaptureInput {
  teamId: string;
  leadId: string;
  title: string;
  details: string | null;
  owner: OwnerChoice;
  channelId: string | null;
  due: DueChoice;
  cadence: CheckinCadence;
  source: TaskSource;
  sourcePermalink: string | null;
  /** Identifies the request (e.g. its trigger id): a replay of it captures nothing new. */
  requestKey: string;
}

export type CaptureResult =
  | { kind: 'captured'; task: Task; created: boolean; lead: KnownPerson | null; nextPromptAt: Date | null }
  | { kind: 'needs_owner'; pendingId: number; typedName: string; candidates: string[] }
  | { kind: 'needs_due'; pendingId: number; phrase: string; reason: 'not_understood' | 'in_the_past' }
  /** Nothing was stored. */
  | { kind: 'rejected'; refusal: Refusal; field?: 'lead' | 'title' | 'owner' | 'due' | 'channel' };

/**
 * Turns what a lead typed (inline or in the form) into a task: resolves the owner, reads the due
 * date in the lead's zone, checks the channel, then stores the task, its history and the hand-off
 * notification job in one transaction.
 */
export async function captureTask(deps: Deps, typed: CaptureInput): Promise<CaptureResult> {
  const input = { ...typed, title: cleanUserText(typed.title), details: typed.details && cleanUserText(typed.details) };
  const title = input.title.trim();
  if (!title) return { kind: 'rejected', field: 'title', refusal: { kind: 'title_missing' } };
  if (title.length > MAX_TITLE_LENGTH) {
    return { kind: 'rejected', field: 'title', refusal: { kind: 'title_too_long', length: title.length } };
  }
  const lead = await knownPerson(deps, input.teamId, input.leadId);
  const cannotLead = inactiveReason(lead);
  if (cannotLead) return { kind: 'rejected', field: 'lead', refusal: { kind: 'cannot_lead', reason: cannotLead } };

  let ownerId: string | null = null;
  if (input.owner && 'name' in input.owner) {
    const named = await deps.people.findNamed(input.teamId, input.owner.name);
    const only = named.length === 1 ? named[0] : undefined;
    if (!only) {
      const pendingId = await savePending(deps, input);
      return { kind: 'needs_owner', pendingId, typedName: input.owner.name, candidates: named.map((p) => p.id) };
    }
    ownerId = only.id;
  } else if (input.owner) {
    ownerId = input.owner.id;
  }
  if (ownerId === input.leadId) ownerId = null; // "@me": the lead holds it
  if (ownerId) {
    const owner = await knownPerson(deps, input.teamId, ownerId);
    const reason = inactiveReason(owner);
    if (reason) return { kind: 'rejected', field: 'owner', refusal: { kind: 'cannot_own', userId: ownerId, reason } };
  }

  const now = deps.now();
  const timeZone = zoneOf(lead);
  const due = readDue(input.due, now, timeZone);
  if (due && !due.ok) {
    if (input.due && 'phrase' in input.due) {
      const pendingId = await savePending(deps, input);
      return { kind: 'needs_due', pendingId, phrase: due.phrase, reason: due.reason };
    }
    return { kind: 'rejected', field: 'due', refusal: { kind: 'bad_due', reason: due.reason } };
  }

  if (input.channelId) {
    const problem = await prepareChannel(deps, input.teamId, input.channelId);
    if (problem) {
      const refusal = { kind: 'channel_unusable', channelId: input.channelId, problem } as const;
      return { kind: 'rejected', field: 'channel', refusal };
    }
  }

  const { task, created } = await deps.transaction(async (repos) => {
    const inserted = await repos.tasks.insert({
      teamId: input.teamId,
      title,
      details: input.details?.trim() || null,
      leadId: input.leadId,
      ownerId,
      status: ownerId ? 'offered' : 'held',
      dueAt: due?.ok ? due.dueAt : null,
      dueHasTime: due?.ok ? due.hasTime : false,
      channelId: input.channelId,
      source: input.source,
      sourcePermalink: input.sourcePermalink,
      checkinCadence: input.cadence,
      delegatedAt: ownerId ? now : null,
      idempotencyKey: input.requestKey,
      createdAt: now,
    });
    if (!inserted.created) return inserted;
    const event = (kind: 'captured' | 'offered', payload: Record<string, unknown>) => ({
      teamId: input.teamId,
      taskId: inserted.task.id,
      actorId: input.leadId,
      kind,
      payload,
      at: now,
    });
    // The last event carries the notifications (offer to the owner, parent message in the channel).
    if (ownerId) {
      await repos.tasks.appendEvent(event('captured', { source: input.source }));
      await recordEvent(repos, deps.jobs, event('offered', { ownerId }));
    } else {
      await recordEvent(repos, deps.jobs, event('captured', { source: input.source }));
    }
    return inserted;
  });
  if (created) deps.logger.info({ team: input.teamId, user: input.leadId, task: task.id }, 'task captured');
  const next = task.status === 'held' ? await schedulePrompt(deps, input.teamId, input.leadId) : null;
  await scheduleDigest(deps, input.teamId, input.leadId);
  return { kind: 'captured', task, created, lead, nextPromptAt: next };
}

/** What the lead settles for a pending capture. */
export type PendingResolution = { ownerId: string } | { dueDate: string } | { withoutDue: true } | { cancel: true };

/**
 * Finishes (or forgets) an inline capture that waited for an owner or a date. A choice that is
 * refused (an owner who can't own tasks) leaves it waiting, so the lead can choose again; two
 * choices racing make one task (the capture's request key).
 */
export async function resolvePendingCapture(
  deps: Deps,
  teamId: string,
  userId: string,
  pendingId: number,
  resolution: PendingResolution,
): Promise<CaptureResult | { kind: 'cancelled' } | { kind: 'gone' }> {
  const stored = await deps.pendingCaptures.find(teamId, userId, pendingId);
  if (!stored) return { kind: 'gone' };
  if ('cancel' in resolution) {
    await deps.pendingCaptures.take(teamId, userId, pendingId);
    return { kind: 'cancelled' };
  }
  const input = stored as unknown as CaptureInput;
  const resolved: CaptureInput = {
    ...input,
    requestKey: `pending-${pendingId}`,
    owner: 'ownerId' in resolution ? { id: resolution.ownerId } : input.owner,
    due:
      'dueDate' in resolution
        ? { date: resolution.dueDate, time: null }
        : 'withoutDue' in resolution
          ? null
          : input.due,
  };
  const result = await captureTask(deps, resolved);
  if (result.kind !== 'rejected') await deps.pendingCaptures.take(teamId, userId, pendingId);
  return result;
}

function readDue(due: DueChoice, now: Date, timeZone: string): DueParse | null {
  if (!due) return null;
  return 'phrase' in due ? parseDuePhrase(due.phrase, now, timeZone) : dueFromPicker(due.date, due.time, now, timeZone);
}

async function savePending(deps: Deps, input: CaptureInput): Promise<number> {
  return deps.pendingCaptures.save(input.teamId, input.leadId, { ...input });
}

/** Checks Baton can post in the channel, joining public ones; why it can't, when it can't. */
async function prepareChannel(
  deps: Deps,
  teamId: string,
  channelId: string,
): Promise<'invisible' | 'archived' | 'private' | null> {
  const channel = await deps.directory.channel(teamId, channelId);
  if (!channel) return 'invisible';
  if (channel.isArchived) return 'archived';
  if (channel.isMember) return null;
  if (channel.isPrivate) return 'private';
  await deps.directory.joinChannel(teamId, channelId);
  return null;
}

/** What is wrong with each field of the capture form (slack/blocks/refusals.ts words it). */
export interface CaptureFormErrors {
  title?: { kind: 'title_missing' } | { kind: 'title_too_long'; length: number };
  owner?: { kind: 'cannot_own'; name: string; reason: InactiveReason };
  due?: { kind: 'bad_due'; reason: 'not_understood' | 'in_the_past' };
}

export interface CaptureForm {
  teamId: string;
  leadId: string;
  title: string;
  ownerId: string | null;
  dueDate: string | null;
  dueTime: string | null;
}

/**
 * Checks the capture form while Slack waits for the submission's answer, from what Postgres
 * knows only (no Slack call before the ack). Field id → problem; empty when it looks right.
 * Whatever needs Slack (the channel) is checked after the ack by captureTask.
 */
export async function checkCaptureForm(
  deps: Pick<Deps, 'people' | 'now'>,
  form: CaptureForm,
): Promise<CaptureFormErrors> {
  const errors: CaptureFormErrors = {};
  const title = cleanUserText(form.title).trim();
  if (!title) errors.title = { kind: 'title_missing' };
  else if (title.length > MAX_TITLE_LENGTH) errors.title = { kind: 'title_too_long', length: title.length };
  const [lead, owner] = await Promise.all([
    deps.people.find(form.teamId, form.leadId),
    form.ownerId ? deps.people.find(form.teamId, form.ownerId) : undefined,
  ]);
  if (owner) {
    const reason = inactiveReason(owner);
    if (reason) errors.owner = { kind: 'cannot_own', name: owner.name, reason };
  }
  if (form.dueDate) {
    const due = dueFromPicker(form.dueDate, form.dueTime, deps.now(), zoneOf(lead));
    if (!due.ok) errors.due = { kind: 'bad_due', reason: due.reason };
  }
  return errors;
}
