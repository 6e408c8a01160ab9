/**
 * A lead's impact: what the team accomplished because of them, from the history of the tasks the
 * lead captured (see impact-history.ts for how a history is replayed). Facts only: counts, ids,
 * instants and durations; the App Home and the digest turn them into words.
 *
 * Conventions:
 * - A task counts for the lead who captured it, whoever owned or finished it.
 * - Periods are (start, end]; "the last 7 days" ends at `now` and starts 7 local days earlier in
 *   the lead's zone (the same wall-clock time, whatever DST did); the period before is the 7 days
 *   before that. Likewise for 30 days.
 * - Finished tasks are those done NOW, counted once at their last finish: a task finished, reopened
 *   and finished again counts once, when it was last finished; a task reopened and still open (or
 *   dropped since) is not finished, in any period.
 * - "Finished by the team" = finished by someone other than the lead (the `by` of its done event).
 * - Held = status 'held' (snoozed and kept tasks included); open = held, offered or accepted.
 */

import { DateTime } from 'luxon';
import {
  dueAt,
  eventsIn,
  type Finish,
  finishAsOf,
  firstAcceptedAt,
  isByTeam,
  type LeadHistory,
  type PersonState,
  type Replay,
  replayLead,
  stateAt,
} from './impact-history';
import { localWeekOf } from './prompt-schedule';
import { OPEN_STATUSES, type TaskEventKind } from './task';

/**
 * The only events leadImpact reads (replay, due dates, hand-backs, finishes): a history without the
 * others (check-in answers, snoozes, nudges…) gives the same figures, and is much shorter to load.
 * The database indexes the events of these kinds apart (test/unit/db/impact-events-index.test.ts).
 */
export const IMPACT_EVENT_KINDS: readonly TaskEventKind[] = [
  'offered',
  'reassigned',
  'accepted',
  'handed_back',
  'taken_back',
  'reopened',
  'done',
  'dropped',
  'due_changed',
];

/** Weeks in the held trend, the current one included. */
export const HELD_TREND_WEEKS = 8;
/** Someone holding more than this share of the open delegated tasks is a single point of failure… */
export const SINGLE_POINT_SHARE = 1 / 3;
/** …once there are at least this many (with two or three tasks, somebody always holds a third). */
export const SINGLE_POINT_MIN_TASKS = 4;
/** An unanswered check-in younger than this is still pending: neither answered nor missed. */
export const CHECKIN_GRACE_MS = 24 * 60 * 60 * 1000;
/** The period of the delegation, follow-through and hand-back figures. */
export const FIGURES_DAYS = 30;

export interface PeriodCount {
  count: number;
  /** The same count in the period just before. */
  previous: number;
  /** count − previous. */
  change: number;
}

export interface HeldWeek {
  /** The lead's local ISO week, e.g. '2026-W49'. */
  weekKey: string;
  /** The instant counted: the end of that week, or `now` for the current week. */
  at: Date;
  held: number;
}

export interface OwnerLoad {
  ownerId: string;
  /** Open tasks (offered or accepted) this person owns for the lead. */
  open: number;
  /** Of those, how many are past their due date. */
  overdue: number;
  taskIds: number[];
}

export interface Load {
  /** Active owners, most open tasks first (ties: smaller user id). */
  owners: OwnerLoad[];
  /** Open tasks held by active owners. */
  totalOpen: number;
  /**
   * Owners holding more than a third of `totalOpen` (when it is at least SINGLE_POINT_MIN_TASKS),
   * most loaded first. At most two people can.
   */
  singlePointsOfFailure: string[];
  /**
   * Open tasks whose owner is deactivated: nobody is working on them, so they are not load and
   * not in `totalOpen`; the lead should take them back or reassign them. Most tasks first.
   */
  stranded: Array<{ ownerId: string; taskIds: number[] }>;
}

export interface HeldFigures {
  count: number;
  /** Oldest first (by capture). */
  taskIds: number[];
  /** The capture instant of the oldest held task, and its age in ms. */
  oldestCapturedAt: Date | null;
  oldestAgeMs: number | null;
  /** The held count at the end of each of the last HELD_TREND_WEEKS weeks, oldest first. */
  weekly: HeldWeek[];
}

export interface DelegationFigures {
  /** Tasks finished in the last 30 days, by anyone. */
  finished: number;
  finishedByTeam: number;
  /** finishedByTeam / finished; null when nothing was finished. */
  rate: number | null;
  /** Tasks that got an accepted owner for the first time in the last 30 days. */
  accepted: number;
  /** Median of their capture → first accepted owner, in ms; null when none. */
  medianToAcceptedMs: number | null;
}

export interface FollowThrough {
  /**
   * Check-ins asked in the last 30 days, without those still pending (unanswered and asked less
   * than CHECKIN_GRACE_MS ago).
   */
  checkinsAsked: number;
  /** Of those, answered: an answer was recorded, or the task was marked done before the next ask. */
  checkinsAnswered: number;
  answerRate: number | null;
  /** Tasks finished in the last 30 days that had a due date when they were finished. */
  finishedWithDue: number;
  /** Of those, done at or before that due instant. */
  finishedOnTime: number;
  onTimeRate: number | null;
  /** Open tasks (held ones too) whose due instant has passed. */
  overdue: number;
}

export interface HandBacks {
  /** Hand-backs in the last 30 days (a task handed back twice counts twice). */
  count: number;
  /** How many distinct tasks they were about. */
  tasks: number;
  /** Grouped by reason (case and spacing ignored), most frequent first, then most recent. */
  byReason: Array<{ reason: string; count: number }>;
  /** Times the lead took a delegated task back in the last 30 days. */
  takenBack: number;
}

export interface LeadImpact {
  leadId: string;
  finishedByTeam: { last7Days: PeriodCount; last30Days: PeriodCount };
  held: HeldFigures;
  delegation: DelegationFigures;
  load: Load;
  followThrough: FollowThrough;
  handBacks: HandBacks;
}

export interface ImpactOptions {
  now: Date;
  /** The lead's IANA zone: weeks and days are theirs. */
  timeZone: string;
}

/**
 * Every figure of the lead's App Home. Pass every task the lead captured that is open now or was
 * finished or dropped in the last 60 days (more is harmless), each with all its events and the
 * check-ins asked in the last 30 days.
 */
export function leadImpact(lead: LeadHistory, { now, timeZone }: ImpactOptions): LeadImpact {
  const replays = replayLead(lead);
  const figuresStart = minusDays(now, FIGURES_DAYS, timeZone);
  return {
    leadId: lead.leadId,
    finishedByTeam: {
      last7Days: finishedByTeamChange(replays, lead.leadId, now, 7, timeZone),
      last30Days: finishedByTeamChange(replays, lead.leadId, now, 30, timeZone),
    },
    held: heldFigures(replays, now, timeZone),
    delegation: delegationFigures(replays, lead.leadId, figuresStart, now),
    load: loadAt(replays, lead.people, now),
    followThrough: followThrough(replays, figuresStart, now),
    handBacks: handBacks(replays, figuresStart, now),
  };
}

/** `at` minus `days` local days in the zone (the same wall-clock time). */
export function minusDays(at: Date, days: number, timeZone: string): Date {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone or instant: "${timeZone}", ${String(at)}`);
  return local.minus({ days }).toJSDate();
}

function within(at: Date, start: Date, end: Date): boolean {
  return at.getTime() > start.getTime() && at.getTime() <= end.getTime();
}

/** The finishes of the period (start, end], as they stand at `end`. */
export function finishesIn(
  replays: readonly Replay[],
  start: Date,
  end: Date,
): Array<{ replay: Replay; finish: Finish }> {
  return finishesAsOf(replays, end).filter(({ finish }) => within(finish.at, start, end));
}

/**
 * The finishes as they stand at each instant asked about, worked out once per replays: the Home's
 * figures ask about five periods that all end now (replayLead gives the same replays each time).
 */
const finishesByEnd = new WeakMap<readonly Replay[], Map<number, Array<{ replay: Replay; finish: Finish }>>>();

function finishesAsOf(replays: readonly Replay[], end: Date): ReadonlyArray<{ replay: Replay; finish: Finish }> {
  let byEnd = finishesByEnd.get(replays);
  if (!byEnd) {
    byEnd = new Map();
    finishesByEnd.set(replays, byEnd);
  }
  let finishes = byEnd.get(end.getTime());
  if (!finishes) {
    finishes = [];
    for (const replay of replays) {
      const finish = finishAsOf(replay, end);
      if (finish) finishes.push({ replay, finish });
    }
    byEnd.set(end.getTime(), finishes);
  }
  return finishes;
}

/** Tasks finished by the team in the `days` before `end`, and in the `days` before those. */
function finishedByTeamChange(
  replays: readonly Replay[],
  leadId: string,
  end: Date,
  days: number,
  timeZone: string,
): PeriodCount {
  const start = minusDays(end, days, timeZone);
  const before = minusDays(end, 2 * days, timeZone);
  const byTeam = finishesIn(replays, before, end).filter(({ finish }) => isByTeam(finish, leadId));
  const count = byTeam.filter(({ finish }) => finish.at.getTime() > start.getTime()).length;
  const previous = byTeam.length - count;
  return { count, previous, change: count - previous };
}

/** The held tasks at `at`, oldest first. */
export function heldAt(replays: readonly Replay[], at: Date): Replay[] {
  return replays
    .filter((r) => stateAt(r, at)?.status === 'held')
    .sort((a, b) => a.task.createdAt.getTime() - b.task.createdAt.getTime() || a.task.id - b.task.id);
}

function heldFigures(replays: readonly Replay[], now: Date, timeZone: string): HeldFigures {
  const held = heldAt(replays, now);
  const oldest = held[0]?.task.createdAt ?? null;
  return {
    count: held.length,
    taskIds: held.map((r) => r.task.id),
    oldestCapturedAt: oldest,
    oldestAgeMs: oldest ? now.getTime() - oldest.getTime() : null,
    weekly: heldTrend(replays, now, timeZone),
  };
}

/**
 * The held count at the end of each of the last HELD_TREND_WEEKS local ISO weeks (Monday 00:00
 * starts the next), the current week counted at `now`.
 */
function heldTrend(replays: readonly Replay[], now: Date, timeZone: string): HeldWeek[] {
  const weekStart = DateTime.fromJSDate(now, { zone: timeZone }).startOf('week');
  const points: HeldWeek[] = [];
  for (let back = HELD_TREND_WEEKS - 1; back >= 1; back--) {
    // The last instant of the week that ended `back - 1` weeks before this one began.
    const at = new Date(weekStart.minus({ weeks: back - 1 }).toMillis() - 1);
    points.push({ weekKey: localWeekOf(timeZone, at), at, held: heldCountAt(replays, at) });
  }
  points.push({ weekKey: localWeekOf(timeZone, now), at: now, held: heldCountAt(replays, now) });
  return points;
}

/** How many tasks are held at `at` (heldAt's length, without listing and sorting them). */
function heldCountAt(replays: readonly Replay[], at: Date): number {
  let held = 0;
  for (const r of replays) if (stateAt(r, at)?.status === 'held') held++;
  return held;
}

function delegationFigures(replays: readonly Replay[], leadId: string, start: Date, now: Date): DelegationFigures {
  const finished = finishesIn(replays, start, now);
  const byTeam = finished.filter(({ finish }) => isByTeam(finish, leadId)).length;
  const waits: number[] = [];
  for (const r of replays) {
    const accepted = firstAcceptedAt(r, now);
    if (accepted && within(accepted, start, now)) waits.push(accepted.getTime() - r.task.createdAt.getTime());
  }
  return {
    finished: finished.length,
    finishedByTeam: byTeam,
    rate: ratio(byTeam, finished.length),
    accepted: waits.length,
    medianToAcceptedMs: median(waits),
  };
}

/** Open delegated tasks per owner at `at`; deactivated owners' tasks are stranded, not load. */
export function loadAt(replays: readonly Replay[], people: readonly PersonState[], at: Date): Load {
  const deleted = new Set(people.filter((p) => p.isDeleted).map((p) => p.id));
  const active = new Map<string, OwnerLoad>();
  const stranded = new Map<string, number[]>();
  for (const r of replays) {
    const state = stateAt(r, at);
    if (!state?.ownerId || (state.status !== 'offered' && state.status !== 'accepted')) continue;
    if (deleted.has(state.ownerId)) {
      stranded.set(state.ownerId, [...(stranded.get(state.ownerId) ?? []), r.task.id]);
      continue;
    }
    const row = active.get(state.ownerId) ?? { ownerId: state.ownerId, open: 0, overdue: 0, taskIds: [] };
    row.open++;
    row.taskIds.push(r.task.id);
    const due = dueAt(r, at);
    if (due && due.getTime() < at.getTime()) row.overdue++;
    active.set(state.ownerId, row);
  }
  const byMost =
    <T extends { ownerId: string }>(count: (row: T) => number) =>
    (a: T, b: T) =>
      count(b) - count(a) || (a.ownerId < b.ownerId ? -1 : a.ownerId > b.ownerId ? 1 : 0);
  const owners = [...active.values()].sort(byMost((row) => row.open));
  const totalOpen = owners.reduce((sum, row) => sum + row.open, 0);
  const singlePointsOfFailure =
    totalOpen >= SINGLE_POINT_MIN_TASKS
      ? owners.filter((row) => row.open > totalOpen * SINGLE_POINT_SHARE).map((row) => row.ownerId)
      : [];
  return {
    owners,
    totalOpen,
    singlePointsOfFailure,
    stranded: [...stranded.entries()]
      .map(([ownerId, taskIds]) => ({ ownerId, taskIds }))
      .sort(byMost((row) => row.taskIds.length)),
  };
}

function followThrough(replays: readonly Replay[], start: Date, now: Date): FollowThrough {
  let asked = 0;
  let answered = 0;
  for (const r of replays) {
    // Most tasks had no check-in in the period: nothing to count, nothing to list.
    if (r.task.checkins.length === 0) continue;
    const dones = r.events.filter((e) => e.kind === 'done' && e.at.getTime() <= now.getTime());
    const checkins = [...r.task.checkins]
      .filter((c) => c.askedAt.getTime() <= now.getTime())
      .sort((a, b) => a.askedAt.getTime() - b.askedAt.getTime());
    checkins.forEach((checkin, i) => {
      if (!within(checkin.askedAt, start, now)) return;
      const nextAsk = checkins[i + 1]?.askedAt.getTime() ?? Number.POSITIVE_INFINITY;
      const isAnswered =
        (checkin.answeredAt !== null && checkin.answeredAt.getTime() <= now.getTime()) ||
        dones.some((d) => d.at.getTime() >= checkin.askedAt.getTime() && d.at.getTime() < nextAsk);
      if (!isAnswered && now.getTime() - checkin.askedAt.getTime() < CHECKIN_GRACE_MS) return;
      asked++;
      if (isAnswered) answered++;
    });
  }

  let withDue = 0;
  let onTime = 0;
  for (const { replay, finish } of finishesIn(replays, start, now)) {
    const due = dueAt(replay, finish.at);
    if (!due) continue;
    withDue++;
    if (finish.at.getTime() <= due.getTime()) onTime++;
  }

  const overdue = replays.filter((r) => {
    const status = stateAt(r, now)?.status;
    if (status === undefined || !OPEN_STATUSES.includes(status)) return false;
    const due = dueAt(r, now);
    return due !== null && due.getTime() < now.getTime();
  }).length;

  return {
    checkinsAsked: asked,
    checkinsAnswered: answered,
    answerRate: ratio(answered, asked),
    finishedWithDue: withDue,
    finishedOnTime: onTime,
    onTimeRate: ratio(onTime, withDue),
    overdue,
  };
}

function handBacks(replays: readonly Replay[], start: Date, now: Date): HandBacks {
  const reasons = new Map<string, { reason: string; count: number; lastAt: number }>();
  const tasks = new Set<number>();
  let count = 0;
  let takenBack = 0;
  for (const r of replays) {
    for (const e of eventsIn(r, start, now)) {
      if (e.kind === 'taken_back') takenBack++;
      if (e.kind !== 'handed_back') continue;
      count++;
      tasks.add(r.task.id);
      const reason = typeof e.payload.reason === 'string' ? e.payload.reason.trim().replace(/\s+/g, ' ') : '';
      const key = reason.toLowerCase();
      const seen = reasons.get(key);
      // The most recent spelling names the group.
      if (!seen || e.at.getTime() >= seen.lastAt) {
        reasons.set(key, { reason, count: (seen?.count ?? 0) + 1, lastAt: e.at.getTime() });
      } else seen.count++;
    }
  }
  const byReason = [...reasons.values()]
    .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt)
    .map(({ reason, count: n }) => ({ reason, count: n }));
  return { count, tasks: tasks.size, byReason, takenBack };
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
