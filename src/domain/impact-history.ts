/**
 * A task's history replayed from its events: where it stood at any instant, who finished it, and
 * its due date as it stood then. The impact figures and the weekly digest are built on this.
 *
 * The events are the truth (the task row only says where the task stands now). Replay rules, by
 * event kind (anything else leaves status and owner alone):
 *   offered     → offered, owner = payload.ownerId
 *   reassigned  → offered, owner = payload.to
 *   accepted    → accepted
 *   handed_back, taken_back, reopened → held, no owner
 *   done        → done (the owner stays); the finisher is payload.by, else the actor
 *   dropped     → dropped
 * A task is 'held' with no owner from its capture (createdAt) until its first event says otherwise.
 * Events are applied in (at, id) order: a capture and its offer share one transaction timestamp.
 * An event after the instant asked about has not happened yet.
 */

import { SYSTEM_ACTOR, type TaskEvent, type TaskStatus } from './task';

/** One row of task_events. */
export type HistoryEvent = Pick<TaskEvent, 'id' | 'kind' | 'actorId' | 'payload' | 'at'>;

/** One check-in asked on the task (a checkins row): when it was asked and when it was answered. */
export interface CheckinAsk {
  /** checkins.created_at */
  askedAt: Date;
  /** checkins.answered_at */
  answeredAt: Date | null;
}

/** A task the lead captured, with its whole history. A domain `Task` plus events and check-ins fits. */
export interface TaskHistory {
  id: number;
  number: number;
  title: string;
  leadId: string;
  /** The capture instant. */
  createdAt: Date;
  /** The due instant now (tasks.due_at); earlier ones are read from due_changed events. */
  dueAt: Date | null;
  /** All of the task's events, in any order. */
  events: readonly HistoryEvent[];
  /** The task's check-ins (those asked in the last 30 days are enough). */
  checkins: readonly CheckinAsk[];
}

/** Whether a person is still in the workspace (users.is_deleted). */
export interface PersonState {
  id: string;
  isDeleted: boolean;
}

/** Everything the figures of one lead are computed from. */
export interface LeadHistory {
  leadId: string;
  /** The tasks the lead captured; tasks of other leads are ignored. */
  tasks: readonly TaskHistory[];
  /** The owners and finishers the tasks mention; someone missing is taken as active. */
  people: readonly PersonState[];
}

/** Where a task stood from `from` on (until the next change). */
export interface TaskState {
  from: Date;
  status: TaskStatus;
  ownerId: string | null;
}

export interface Finish {
  at: Date;
  /** Who marked it done. */
  by: string;
}

/** A task's history, replayed once; ask it about any instant. */
export interface Replay {
  task: TaskHistory;
  /** Events in the order they happened. */
  events: readonly HistoryEvent[];
  /** Every change of status or owner, oldest first; the first is the capture. */
  states: readonly TaskState[];
}

export function replay(task: TaskHistory): Replay {
  // Histories mostly come in order (the repository's do): sorting a copy of each task's few events
  // anyway was a quarter of what the Home allocated.
  const events = inOrder(task.events) ? task.events : [...task.events].sort(happenedFirst);
  const states: TaskState[] = [{ from: task.createdAt, status: 'held', ownerId: null }];
  for (const event of events) {
    const last = states[states.length - 1] as TaskState;
    const next = transition(last, event);
    if (next) states.push({ from: event.at, ...next });
  }
  return { task, events, states };
}

/** Events in the order they happened: by instant, then by id (a capture and its offer share one instant). */
export function happenedFirst(a: HistoryEvent, b: HistoryEvent): number {
  return a.at.getTime() - b.at.getTime() || a.id - b.id;
}

/** Whether the events are already in the order they happened. */
export function inOrder(events: readonly HistoryEvent[]): boolean {
  for (let i = 1; i < events.length; i++) {
    if (happenedFirst(events[i - 1] as HistoryEvent, events[i] as HistoryEvent) > 0) return false;
  }
  return true;
}

function transition(state: Omit<TaskState, 'from'>, event: HistoryEvent): Omit<TaskState, 'from'> | null {
  const p = event.payload;
  switch (event.kind) {
    case 'offered':
      return { status: 'offered', ownerId: text(p.ownerId) };
    case 'reassigned':
      return { status: 'offered', ownerId: text(p.to) };
    case 'accepted':
      return { status: 'accepted', ownerId: state.ownerId };
    case 'handed_back':
    case 'taken_back':
    case 'reopened':
      return { status: 'held', ownerId: null };
    case 'done':
      return { status: 'done', ownerId: state.ownerId };
    case 'dropped':
      return { status: 'dropped', ownerId: state.ownerId };
    default:
      return null;
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Where the task stood at `at` (every event at or before it applied); null before its capture. */
export function stateAt(r: Replay, at: Date): TaskState | null {
  const t = at.getTime();
  if (r.task.createdAt.getTime() > t) return null;
  let found: TaskState | null = null;
  for (const state of r.states) {
    if (state.from.getTime() > t) break;
    found = state;
  }
  return found;
}

/** The events that happened in (start, end]. */
export function eventsIn(r: Replay, start: Date, end: Date): HistoryEvent[] {
  return r.events.filter((e) => e.at.getTime() > start.getTime() && e.at.getTime() <= end.getTime());
}

/**
 * The task's finish as of `at`: when it is done at that instant, its last `done` event (a task
 * reopened and finished again counts once, at its last finish). null when it is not done then.
 */
export function finishAsOf(r: Replay, at: Date): Finish | null {
  if (stateAt(r, at)?.status !== 'done') return null;
  let last: HistoryEvent | null = null;
  for (const e of r.events) {
    if (e.at.getTime() > at.getTime()) break;
    if (e.kind === 'done') last = e;
  }
  return last ? { at: last.at, by: text(last.payload.by) ?? last.actorId } : null;
}

/**
 * The due instant as it stood at `at`: the `to` of the last due_changed at or before it; before
 * the first change, that change's `from`; with no change at all, the task's due date now.
 */
export function dueAt(r: Replay, at: Date): Date | null {
  let due: Date | null | undefined;
  for (const change of r.events) {
    if (change.kind !== 'due_changed') continue;
    if (change.at.getTime() > at.getTime()) {
      if (due === undefined) due = instant(change.payload.from);
      break;
    }
    due = instant(change.payload.to);
  }
  return due === undefined ? r.task.dueAt : due;
}

function instant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * When the task first had an owner who took it on: its first `accepted`, or a `done` by its owner
 * while the offer was still open (finishing it is the strongest yes). null if never.
 */
export function firstAcceptedAt(r: Replay, until: Date): Date | null {
  let state: Omit<TaskState, 'from'> = { status: 'held', ownerId: null };
  for (const e of r.events) {
    if (e.at.getTime() > until.getTime()) break;
    if (e.kind === 'accepted') return e.at;
    if (e.kind === 'done' && state.status === 'offered' && (text(e.payload.by) ?? e.actorId) === state.ownerId) {
      return e.at;
    }
    state = transition(state, e) ?? state;
  }
  return null;
}

/** Finished by the team: by someone other than the lead (and not by Baton itself). */
export function isByTeam(finish: Finish, leadId: string): boolean {
  return finish.by !== leadId && finish.by !== SYSTEM_ACTOR;
}

/**
 * The replays of each history, worked out once: the Home asks for the lead's impact and for what
 * the team finished this week from the same history, and replaying a heavy lead's thousands of
 * events is most of either.
 */
const replays = new WeakMap<LeadHistory, Replay[]>();

/** The lead's own tasks, replayed (the same array for the same history: do not change it). */
export function replayLead(lead: LeadHistory): readonly Replay[] {
  let replayed = replays.get(lead);
  if (!replayed) {
    replayed = lead.tasks.filter((t) => t.leadId === lead.leadId).map(replay);
    replays.set(lead, replayed);
  }
  return replayed;
}
