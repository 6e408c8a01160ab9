/**
 * What the weekly digest tells a lead, as facts: the week is the 7 local days before the digest
 * slot, so consecutive digests cover the time between them without gap or overlap.
 *
 * Activity (a lead without any in the week gets no digest): any event on the lead's tasks in the
 * week by a person, lead or teammate: a capture, a hand-off, an answer, a check-in, a finish, a
 * snooze… Baton's own events (escalations) are not activity: a digest that only says "nothing
 * happened" is noise.
 */

import { finishesIn, heldAt, type Load, loadAt, minusDays } from './impact';
import { eventsIn, isByTeam, type LeadHistory, replayLead, stateAt } from './impact-history';
import { SYSTEM_ACTOR, type TaskStatus } from './task';

/** (start, end]. */
export interface DigestPeriod {
  start: Date;
  end: Date;
}

interface TaskRef {
  taskId: number;
  number: number;
  title: string;
}

export interface FinishedTask extends TaskRef {
  /** Who finished it. */
  by: string;
  at: Date;
}

export interface HandedOffTask extends TaskRef {
  /** Who the lead last handed it to in the week. */
  ownerId: string;
  at: Date;
  /** Where it stands at the end of the week. */
  status: TaskStatus;
}

export interface HeldTask extends TaskRef {
  capturedAt: Date;
}

export interface DigestFacts {
  period: DigestPeriod;
  /** Finished by someone other than the lead in the week, most recent first. */
  finishedByTeam: FinishedTask[];
  /** The same count in the 7 days before. */
  finishedByTeamBefore: number;
  /** Finished by the lead in the week. */
  finishedByLead: number;
  /** Tasks the lead handed to someone (offered) in the week, most recent first. */
  handedOff: HandedOffTask[];
  /** What the lead holds at the end of the week, oldest first. */
  held: HeldTask[];
  /** Open delegated tasks per owner at the end of the week. */
  load: Load;
}

/** The week a digest at `slotAt` covers: from the same local time 7 days earlier to the slot. */
export function digestPeriod(slotAt: Date, timeZone: string): DigestPeriod {
  return { start: minusDays(slotAt, 7, timeZone), end: slotAt };
}

/** Whether the lead gets a digest for the period at all (see the activity rule above). */
export function hasDigestActivity(lead: LeadHistory, period: DigestPeriod): boolean {
  return replayLead(lead).some((r) => eventsIn(r, period.start, period.end).some((e) => e.actorId !== SYSTEM_ACTOR));
}

/**
 * The digest's facts, as they stand at the end of the period. Pass the tasks the lead captured that
 * were open at some point in the 14 days before the end, with all their events (more is harmless).
 */
export function digestFacts(lead: LeadHistory, period: DigestPeriod, timeZone: string): DigestFacts {
  const { start, end } = period;
  const replays = replayLead(lead);
  const ref = (task: { id: number; number: number; title: string }): TaskRef => ({
    taskId: task.id,
    number: task.number,
    title: task.title,
  });

  // Both weeks as they stand at the end: a task finished the week before and reopened since is not finished.
  const weekBefore = minusDays(start, 7, timeZone);
  const twoWeeks = finishesIn(replays, weekBefore, end);
  const finished = twoWeeks.filter(({ finish }) => finish.at.getTime() > start.getTime());
  const finishedByTeam = teamFinishes(finished, lead.leadId);
  const finishedByTeamBefore = twoWeeks.filter(
    ({ finish }) => finish.at.getTime() <= start.getTime() && isByTeam(finish, lead.leadId),
  ).length;

  const handedOff: HandedOffTask[] = [];
  for (const r of replays) {
    const offers = eventsIn(r, start, end).filter((e) => e.kind === 'offered' && typeof e.payload.ownerId === 'string');
    const last = offers[offers.length - 1];
    if (!last) continue;
    const status = stateAt(r, end)?.status ?? 'held';
    handedOff.push({ ...ref(r.task), ownerId: last.payload.ownerId as string, at: last.at, status });
  }
  handedOff.sort(mostRecentFirst);

  const held = heldAt(replays, end).map((r) => ({ ...ref(r.task), capturedAt: r.task.createdAt }));

  return {
    period,
    finishedByTeam,
    finishedByTeamBefore,
    finishedByLead: finished.filter(({ finish }) => finish.by === lead.leadId).length,
    handedOff,
    held,
    load: loadAt(replays, lead.people, end),
  };
}

/** The tasks the lead's team finished in (start, end], as they stand at `end`, most recent first. */
export function finishedByTeamIn(lead: LeadHistory, start: Date, end: Date): FinishedTask[] {
  return teamFinishes(finishesIn(replayLead(lead), start, end), lead.leadId);
}

function teamFinishes(finished: ReturnType<typeof finishesIn>, leadId: string): FinishedTask[] {
  return finished
    .filter(({ finish }) => isByTeam(finish, leadId))
    .map(({ replay: { task }, finish }) => ({
      taskId: task.id,
      number: task.number,
      title: task.title,
      by: finish.by,
      at: finish.at,
    }))
    .sort(mostRecentFirst);
}

function mostRecentFirst(a: { at: Date; taskId: number }, b: { at: Date; taskId: number }): number {
  return b.at.getTime() - a.at.getTime() || a.taskId - b.taskId;
}
