/** A task as the domain sees it: who leads it, who owns it, where it stands. */

import type { CheckinStatus } from './checkin';

export const TASK_STATUSES = ['held', 'offered', 'accepted', 'done', 'dropped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_SOURCES = ['command', 'modal', 'shortcut', 'prompt'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

export const CHECKIN_CADENCES = ['none', 'daily', 'mwf', 'weekly'] as const;
export type CheckinCadence = (typeof CHECKIN_CADENCES)[number];

export const OPEN_STATUSES: readonly TaskStatus[] = ['held', 'offered', 'accepted'];

export interface Task {
  id: number;
  teamId: string;
  /** Per-team short number, shown as `#12`. */
  number: number;
  title: string;
  details: string | null;
  leadId: string;
  ownerId: string | null;
  status: TaskStatus;
  dueAt: Date | null;
  /** False when only a date was given: the due instant is the end of that working day. */
  dueHasTime: boolean;
  channelId: string | null;
  /** The ts of the task's parent message in its channel, once posted. */
  threadTs: string | null;
  source: TaskSource;
  sourcePermalink: string | null;
  checkinCadence: CheckinCadence;
  snoozedUntil: Date | null;
  /** "Only I can do this": left out of the morning prompt until then. */
  keptUntil: Date | null;
  /** The owner's last check-in answer and when it came. */
  lastStatus: CheckinStatus | null;
  lastStatusAt: Date | null;
  /** When the tick next looks at this task's check-ins (owner's working-day prompt time). */
  nextCheckinAt: Date | null;
  createdAt: Date;
  delegatedAt: Date | null;
  acceptedAt: Date | null;
  doneAt: Date | null;
  droppedAt: Date | null;
}

export const TASK_EVENT_KINDS = [
  'captured',
  'offered',
  'accepted',
  'handed_back',
  'reassigned',
  'done',
  'dropped',
  'snoozed',
  'kept',
  'checkin',
  'due_changed',
  'taken_back',
  'escalated',
  'nudged',
  /**
   * A done or dropped task opened again by its lead: back to 'held' with no owner.
   * Payload `{ from: previousStatus }`.
   */
  'reopened',
] as const;
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];

export interface TaskEvent {
  id: number;
  teamId: string;
  taskId: number;
  /** A Slack user id, or 'baton' for the system. */
  actorId: string;
  kind: TaskEventKind;
  payload: Record<string, unknown>;
  at: Date;
}

/** The actor of what Baton does by itself (check-ins, escalations). */
export const SYSTEM_ACTOR = 'baton';

/** Task numbers are Postgres integers: no task has a number above this. */
export const MAX_TASK_NUMBER = 2_147_483_647;

export function taskRef(task: Pick<Task, 'number'>): string {
  return `#${task.number}`;
}

export function isOpen(task: Pick<Task, 'status'>): boolean {
  return OPEN_STATUSES.includes(task.status);
}

/** Overdue: open, with a due instant already passed. */
export function isOverdue(task: Pick<Task, 'status' | 'dueAt'>, now: Date): boolean {
  return isOpen(task) && task.dueAt !== null && task.dueAt.getTime() < now.getTime();
}
