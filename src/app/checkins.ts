import type { CheckinStatus } from '../domain/checkin';
import { afterAnswer, checkinDecision, checkinReason, nextCheckinAt } from '../domain/checkin-policy';
import { dueFromPicker } from '../domain/due-date';
import { zoneOf } from '../domain/person';
import { localDateOf } from '../domain/prompt-schedule';
import { SYSTEM_ACTOR, type Task } from '../domain/task';
import { cleanUserText } from '../domain/text';
import { changeTask } from './change-task';
import type { Deps } from './deps';
import { knownPerson } from './people';
import { ChannelUnavailable } from './ports/errors';
import type { ThreadAsk } from './ports/notices';
import { recordEvent } from './record-event';
import type { Refusal } from './refusals';
import { sendOnce } from './send-once';
import { type DueWork, dueEach } from './tick';

/** The tick's share: one check-in job per task whose next look is due. */
export function dueCheckins(deps: Pick<Deps, 'checkins' | 'jobs'>): DueWork {
  return dueEach(
    'checkins',
    (at, limit) => deps.checkins.findDue(at, limit),
    (due, at) => deps.jobs.checkins(due, at),
  );
}

export type CheckinRun =
  | { outcome: 'not_due' | 'not_checked' }
  | { outcome: 'looked'; thread: ThreadAsk['kind'] | null; escalated: boolean; next: Date | null };

/**
 * One task's check-in day, decided from the instant `at` alone (the owner's working-day prompt
 * time): at most one thread message (check-in, reminder or overdue ask), maybe the lead told of a
 * silence, then the next look is stored. Every message goes out once, through a delivery key.
 */
export async function runCheckin(deps: Deps, teamId: string, taskId: number, at: Date): Promise<CheckinRun> {
  const task = await deps.tasks.find(teamId, taskId);
  const owner = task?.ownerId ? await deps.people.find(teamId, task.ownerId) : undefined;
  if (task?.status !== 'accepted' || !owner) {
    await deps.tasks.update(teamId, taskId, { nextCheckinAt: null });
    return { outcome: 'not_checked' };
  }
  if (!task.nextCheckinAt || task.nextCheckinAt.getTime() > at.getTime()) return { outcome: 'not_due' };

  const facts = { status: task.status, cadence: task.checkinCadence, dueAt: task.dueAt };
  const state = await deps.checkins.state(teamId, taskId);
  const decision = checkinDecision(facts, state, owner.prefs, at);
  if (decision?.thread) {
    const checkin = await deps.checkins.open(teamId, taskId, decision.localDate, decision.thread);
    const reason = decision.thread === 'checkin' ? checkinReason(facts, owner.prefs, decision.localDate) : null;
    const { message } = await askOnce(
      deps,
      task,
      { kind: decision.thread, checkinId: checkin.id, reason },
      owner.timeZone,
    );
    if (message) await deps.checkins.setMessage(teamId, checkin.id, message);
    if (decision.thread === 'overdue') await updateParent(deps, task);
  }
  if (decision) {
    // The silence reaches the lead through an event: its DM is paced on its own, and the state
    // that says "escalated" commits with the event that does it, so it happens exactly once.
    await deps.transaction(async (repos) => {
      await repos.checkins.saveState(teamId, taskId, decision.state);
      if (!decision.escalate) return;
      await recordEvent(repos, deps.jobs, {
        teamId,
        taskId,
        actorId: SYSTEM_ACTOR,
        kind: 'escalated',
        payload: { ownerId: owner.id, silentWorkingDays: decision.silentWorkingDays, since: state.awaitingSince },
        at,
      });
    });
  }
  const next = nextCheckinAt(facts, owner.prefs, at);
  await deps.tasks.update(teamId, taskId, { nextCheckinAt: next });
  return { outcome: 'looked', thread: decision?.thread ?? null, escalated: decision?.escalate ?? false, next };
}

/**
 * Posts a check-in message once: in the task's thread, or by DM to the owner when the task has no
 * channel or its channel can't take messages any more (archived, Baton removed); then the lead is
 * told once that check-ins moved to DMs.
 */
async function askOnce(deps: Deps, task: Task, ask: Omit<ThreadAsk, 'via'>, ownerTimeZone: string) {
  const key = `ask-${task.id}-${ask.checkinId}`;
  const owner = task.ownerId ?? '';
  const viaThread = Boolean(task.channelId && task.threadTs);
  const delivery = viaThread
    ? {
        teamId: task.teamId,
        key,
        kind: ask.kind,
        target: task.channelId ?? owner,
        threadTs: task.threadTs ?? undefined,
        fallbackTarget: owner,
      }
    : { teamId: task.teamId, key, kind: ask.kind, target: owner };
  return sendOnce(deps, delivery, async () => {
    if (!viaThread) return deps.messenger.ask(task, { ...ask, via: 'dm' }, ownerTimeZone, key);
    try {
      return await deps.messenger.ask(task, { ...ask, via: 'thread' }, ownerTimeZone, key);
    } catch (err) {
      if (!(err instanceof ChannelUnavailable)) throw err;
      deps.logger.warn(
        { team: task.teamId, task: task.id, problem: err.problem },
        'check-in channel unavailable; asking by DM',
      );
      await tellLeadOfFallback(deps, task, err.problem);
      return deps.messenger.ask(task, { ...ask, via: 'dm' }, ownerTimeZone, key);
    }
  });
}

async function tellLeadOfFallback(deps: Deps, task: Task, problem: ChannelUnavailable['problem']): Promise<void> {
  const key = `fallback-${task.id}-${task.channelId}`;
  const lead = await deps.people.find(task.teamId, task.leadId);
  await sendOnce(deps, { teamId: task.teamId, key, kind: 'fallback', target: task.leadId }, () =>
    deps.messenger.notify(
      { kind: 'fallback', task, channelId: task.channelId ?? '', reason: problem, to: task.leadId },
      zoneOf(lead),
      key,
    ),
  );
}

async function updateParent(deps: Deps, task: Task): Promise<void> {
  if (!task.channelId || !task.threadTs) return;
  const lead = await deps.people.find(task.teamId, task.leadId);
  try {
    await deps.messenger.updateTaskParent(task, zoneOf(lead));
  } catch (err) {
    if (!(err instanceof ChannelUnavailable)) throw err;
  }
}

export type AnswerResult = { ok: true; task: Task } | { ok: false; refusal: Refusal };

/**
 * The owner (or the lead) answers a check-in: the answer is recorded on it and in the task's
 * history, the silence ends, and the event job tells the lead (at risk, blocked) and updates the
 * parent. Done completes the task.
 */
export async function answerCheckin(
  deps: Deps,
  input: { teamId: string; actorId: string; checkinId: number; status: CheckinStatus | null; note: string | null },
): Promise<AnswerResult> {
  const { teamId, actorId, checkinId } = input;
  const checkin = await deps.checkins.find(teamId, checkinId);
  const task = checkin && (await deps.tasks.find(teamId, checkin.taskId));
  if (!checkin || !task) return { ok: false, refusal: { kind: 'checkin_gone' } };
  if (actorId !== task.ownerId && actorId !== task.leadId) {
    return { ok: false, refusal: { kind: 'only_owner_or_lead', action: 'answer', number: task.number } };
  }
  if (task.status !== 'accepted' && task.status !== 'offered') {
    const kind = task.status === 'done' ? 'already_done' : 'no_longer_open';
    return { ok: false, refusal: { kind, number: task.number } };
  }
  const note = (input.note === null ? '' : cleanUserText(input.note)).trim() || null;
  const now = deps.now();
  const updated = await deps.transaction(async (repos) => {
    await repos.checkins.recordAnswer(teamId, checkinId, { status: input.status, note, by: actorId });
    const changed = input.status
      ? await repos.tasks.update(teamId, task.id, { lastStatus: input.status, lastStatusAt: now })
      : task;
    await repos.checkins.saveState(teamId, task.id, afterAnswer(await repos.checkins.state(teamId, task.id)));
    await recordEvent(repos, deps.jobs, {
      teamId,
      taskId: task.id,
      actorId,
      kind: 'checkin',
      payload: { checkinId, status: input.status, note },
      at: now,
    });
    return changed ?? task;
  });
  if (input.status === 'done') {
    const done = await changeTask(deps, { teamId, actorId, task: { id: task.id }, change: { kind: 'complete' } });
    if (!done.ok) return { ok: false, refusal: done.refusal };
    return { ok: true, task: done.task };
  }
  deps.logger.info({ team: teamId, user: actorId, task: task.id, status: input.status }, 'check-in answered');
  return { ok: true, task: updated };
}

/** A free-text reply in a task's thread by its owner: a note on the latest check-in. */
export async function noteFromThread(
  deps: Deps,
  input: { teamId: string; userId: string; channelId: string; threadTs: string; text: string },
): Promise<boolean> {
  const task = await deps.tasks.findByThread(input.teamId, input.channelId, input.threadTs);
  if (!task || task.ownerId !== input.userId) return false;
  const latest = await deps.checkins.latest(input.teamId, task.id);
  if (!latest) return false;
  const result = await answerCheckin(deps, {
    teamId: input.teamId,
    actorId: input.userId,
    checkinId: latest.id,
    status: null,
    note: input.text,
  });
  return result.ok;
}

/** The owner (or lead) gives an overdue task a new due date; the lead is told and the thread says so. */
export async function moveDueDate(
  deps: Deps,
  input: { teamId: string; actorId: string; checkinId: number; date: string },
): Promise<AnswerResult> {
  const { teamId, actorId } = input;
  const checkin = await deps.checkins.find(teamId, input.checkinId);
  const task = checkin && (await deps.tasks.find(teamId, checkin.taskId));
  if (!checkin || !task) return { ok: false, refusal: { kind: 'checkin_gone' } };
  if (actorId !== task.ownerId && actorId !== task.leadId) {
    return { ok: false, refusal: { kind: 'only_owner_or_lead', action: 'move_due', number: task.number } };
  }
  const actor = await knownPerson(deps, teamId, actorId);
  const now = deps.now();
  const due = dueFromPicker(input.date, null, now, zoneOf(actor));
  if (!due.ok) return { ok: false, refusal: { kind: 'new_due_not_future' } };
  const updated = await deps.transaction(async (repos) => {
    const changed = await repos.tasks.update(teamId, task.id, { dueAt: due.dueAt, dueHasTime: false });
    await repos.checkins.saveState(teamId, task.id, afterAnswer(await repos.checkins.state(teamId, task.id)));
    await recordEvent(repos, deps.jobs, {
      teamId,
      taskId: task.id,
      actorId,
      kind: 'due_changed',
      payload: { from: task.dueAt?.toISOString() ?? null, to: due.dueAt.toISOString() },
      at: now,
    });
    return changed ?? task;
  });
  return { ok: true, task: updated };
}

/**
 * The lead's "Nudge" from an escalation: a reminder in the thread (at most one thread message a
 * day). It is an event, so the worker sends it once, paced with the channel, whatever happens to
 * this request.
 */
export async function nudgeOwner(
  deps: Deps,
  input: { teamId: string; actorId: string; taskId: number },
): Promise<AnswerResult> {
  const task = await deps.tasks.find(input.teamId, input.taskId);
  if (!task) return { ok: false, refusal: { kind: 'task_gone' } };
  if (input.actorId !== task.leadId) {
    return { ok: false, refusal: { kind: 'only_lead', action: 'nudge', leadId: task.leadId, number: task.number } };
  }
  if (task.status !== 'accepted' || !task.ownerId) {
    return { ok: false, refusal: { kind: 'no_owner_working', number: task.number } };
  }
  const owner = await knownPerson(deps, input.teamId, task.ownerId);
  const now = deps.now();
  const today = localDateOf(zoneOf(owner), now);
  await deps.transaction(async (repos) => {
    const checkin = await repos.checkins.open(input.teamId, task.id, today, 'reminder');
    await recordEvent(repos, deps.jobs, {
      teamId: input.teamId,
      taskId: task.id,
      actorId: input.actorId,
      kind: 'nudged',
      payload: { checkinId: checkin.id },
      at: now,
    });
  });
  return { ok: true, task };
}

/** The reminder a lead's nudge asked for (the event's job), unless the task has moved on since. */
export async function sendNudge(deps: Deps, task: Task, checkinId: number): Promise<void> {
  if (task.status !== 'accepted' || !task.ownerId) return;
  const owner = await knownPerson(deps, task.teamId, task.ownerId);
  const reminder = { kind: 'reminder' as const, checkinId, reason: null };
  const { message } = await askOnce(deps, task, reminder, zoneOf(owner));
  if (message) await deps.checkins.setMessage(task.teamId, checkinId, message);
}
