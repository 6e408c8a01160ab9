import { digestFacts, digestPeriod, hasDigestActivity } from '../domain/digest';
import { digestSlotAt, nextDigestAt } from '../domain/digest-schedule';
import { minusDays } from '../domain/impact';
import type { LeadHistory } from '../domain/impact-history';
import { zoneOf } from '../domain/person';
import { SYSTEM_ACTOR, type Task, type TaskEventKind } from '../domain/task';
import type { Deps } from './deps';
import { knownPerson } from './people';
import type { TaskWithHistory } from './ports/tasks';
import type { Refusal } from './refusals';
import { sendOnce } from './send-once';
import { type DueWork, dueEach } from './tick';

/** The tick's share: one digest job per lead whose next digest instant has come. */
export function dueDigests(deps: Pick<Deps, 'people' | 'jobs'>): DueWork {
  return dueEach(
    'digests',
    (at, limit) => deps.people.findDueDigests(at, limit),
    (due, at) => deps.jobs.digests(due, at),
  );
}

export type DigestRun =
  | { outcome: 'sent' | 'already_sent' | 'no_activity' | 'not_a_digest_slot'; next: Date | null }
  | { outcome: 'not_due' | 'not_a_lead' };

/**
 * One lead's weekly digest, decided from the instant `at` alone, as the morning prompt is
 * (docs/decisions/0001): on the digest day past the prompt time, unpaused, the week before the
 * slot is summed up and sent once for that local week (key `digest-<user>-<week>`), unless
 * nothing happened in it; then the next due instant is stored.
 */
export async function runDigest(deps: Deps, teamId: string, userId: string, at: Date): Promise<DigestRun> {
  const lead = await deps.people.find(teamId, userId);
  if (!lead || lead.isBot || lead.isDeleted) {
    await deps.people.setNextDigestAt(teamId, userId, null);
    return { outcome: 'not_a_lead' };
  }
  // A stale job (a tick from before the last run or a settings change) does nothing.
  if (!lead.nextDigestAt || lead.nextDigestAt.getTime() > at.getTime()) return { outcome: 'not_due' };

  const slot = digestSlotAt(lead.prefs, at);
  let outcome: 'sent' | 'already_sent' | 'no_activity' | 'not_a_digest_slot' = 'not_a_digest_slot';
  if (slot) {
    const timeZone = lead.prefs.timeZone;
    const period = digestPeriod(slot.slotAt, timeZone);
    // digestFacts wants the tasks open at some point in the 14 days before the end.
    const history = await leadHistory(deps, teamId, userId, minusDays(period.start, 7, timeZone), period.start);
    if (!hasDigestActivity(history, period)) outcome = 'no_activity';
    else {
      const facts = digestFacts(history, period, timeZone);
      const finishers = [...new Set(facts.finishedByTeam.map((f) => f.by))];
      const people = await deps.people.findMany(teamId, finishers);
      const names = Object.fromEntries(people.map((p) => [p.id, p.name]));
      const key = `digest-${userId}-${slot.weekKey}`;
      const sent = await sendOnce(deps, { teamId, key, kind: 'digest', target: userId }, () =>
        deps.messenger.digest(teamId, { leadId: userId, facts, names }, timeZone, key),
      );
      outcome = sent.sentNow ? 'sent' : 'already_sent';
      if (sent.sentNow)
        deps.logger.info(
          { team: teamId, user: userId, week: slot.weekKey, finished: facts.finishedByTeam.length },
          'digest sent',
        );
    }
  }
  const next = nextDigestAt(lead.prefs, at);
  await deps.people.setNextDigestAt(teamId, userId, next);
  return { outcome, next };
}

/**
 * Everything the figures of a lead are computed from: their tasks open now or closed after
 * `since`, with their events (or only those of `kinds`), the check-ins asked after
 * `checkinsSince`, and the people named.
 */
export async function leadHistory(
  deps: Pick<Deps, 'tasks' | 'people'>,
  teamId: string,
  leadId: string,
  since: Date,
  checkinsSince: Date,
  kinds?: readonly TaskEventKind[],
): Promise<Omit<LeadHistory, 'tasks'> & { tasks: TaskWithHistory[] }> {
  const tasks = await deps.tasks.leadHistory(teamId, leadId, since, checkinsSince, kinds);
  const mentioned = new Set<string>();
  for (const task of tasks) {
    if (task.ownerId) mentioned.add(task.ownerId);
    for (const e of task.events) {
      for (const key of ['ownerId', 'to', 'by'] as const) {
        const id = e.payload[key];
        if (typeof id === 'string') mentioned.add(id);
      }
    }
  }
  mentioned.delete(SYSTEM_ACTOR);
  const people = await deps.people.states(teamId, [...mentioned]);
  return { leadId, tasks, people };
}

/** A lead gets a next digest instant when they first lead a task; a settings change recomputes it. */
export async function scheduleDigest(
  deps: Deps,
  teamId: string,
  leadId: string,
  recompute = false,
): Promise<Date | null> {
  const lead = await knownPerson(deps, teamId, leadId);
  if (!lead) return null;
  if (lead.nextDigestAt && !recompute) return lead.nextDigestAt;
  if (!lead.nextDigestAt && !(await deps.tasks.roles(teamId, leadId)).leads) return null;
  const next = nextDigestAt(lead.prefs, deps.now());
  await deps.people.setNextDigestAt(teamId, leadId, next);
  return next;
}

export type ThankResult = { ok: true; task: Task; finisherId: string } | { ok: false; refusal: Refusal };

/**
 * Whether the lead may thank whoever finished `taskId`: their own task, finished by someone else.
 * A task of another lead or workspace is answered as an unknown one.
 */
export async function thankable(
  deps: Pick<Deps, 'tasks'>,
  teamId: string,
  leadId: string,
  taskId: number,
): Promise<ThankResult> {
  const task = await deps.tasks.find(teamId, taskId);
  if (!task || task.leadId !== leadId) return { ok: false, refusal: { kind: 'task_gone' } };
  const done = task.status === 'done' ? await deps.tasks.latestEventOfKind(teamId, taskId, 'done') : undefined;
  const by = done && (typeof done.payload.by === 'string' ? done.payload.by : done.actorId);
  if (!by || by === leadId || by === SYSTEM_ACTOR)
    return { ok: false, refusal: { kind: 'not_finished_by_team', number: task.number } };
  return { ok: true, task, finisherId: by };
}

/** "Thank <name>" clicked: checked now (a refusal is answered at once), sent by the `thank` job. */
export async function thank(
  deps: Pick<Deps, 'tasks' | 'jobs'>,
  teamId: string,
  leadId: string,
  taskId: number,
): Promise<ThankResult> {
  const checked = await thankable(deps, teamId, leadId, taskId);
  if (checked.ok) await deps.jobs.thank(teamId, leadId, taskId);
  return checked;
}

/**
 * The job behind a "Thank <name>" click: the thanks go once per task (key `thanks-<task>`), in
 * the task's thread, or by DM to the finisher when it has no thread.
 */
export async function sendThanks(
  deps: Deps,
  teamId: string,
  leadId: string,
  taskId: number,
): Promise<{ sent: boolean }> {
  const checked = await thankable(deps, teamId, leadId, taskId);
  if (!checked.ok) {
    deps.logger.warn({ team: teamId, user: leadId, task: taskId, refusal: checked.refusal.kind }, 'thanks not sent');
    return { sent: false };
  }
  const { task, finisherId } = checked;
  const key = `thanks-${task.id}`;
  const inThread = task.channelId !== null && task.threadTs !== null;
  const delivery = inThread
    ? {
        teamId,
        key,
        kind: 'thanks',
        target: task.channelId ?? '',
        threadTs: task.threadTs ?? undefined,
        fallbackTarget: finisherId,
      }
    : { teamId, key, kind: 'thanks', target: finisherId };
  const lead = await deps.people.find(teamId, leadId);
  const outcome = await sendOnce(deps, delivery, () =>
    deps.messenger.thanks(task, { leadId, finisherId, via: inThread ? 'thread' : 'dm' }, zoneOf(lead), key),
  );
  return { sent: outcome.sentNow };
}
