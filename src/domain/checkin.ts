/** What an owner reports when Baton checks in on a task. */

export const CHECKIN_STATUSES = ['on_track', 'at_risk', 'blocked', 'done'] as const;
export type CheckinStatus = (typeof CHECKIN_STATUSES)[number];

/** Why a thread message goes out on a given working day; at most one per task per day. */
export type ThreadMessageKind = 'checkin' | 'reminder' | 'overdue';

/** One working day's check-in on a task (at most one per task and owner-local day), and its answer. */
export interface Checkin {
  id: number;
  teamId: string;
  taskId: number;
  /** The owner-local date it is for, 'YYYY-MM-DD'. */
  localDate: string;
  kind: ThreadMessageKind;
  status: CheckinStatus | null;
  /** Every note given on it, one per line. */
  note: string | null;
}

/** The silence bookkeeping of a task's check-ins, kept on the task. */
export interface CheckinState {
  /** Owner-local date (YYYY-MM-DD) of the oldest check-in still unanswered; null when all are answered. */
  awaitingSince: string | null;
  /** A reminder went out for the current silence. */
  reminded: boolean;
  /** The lead was told about the current silence. */
  escalated: boolean;
  /** The due date (owner-local YYYY-MM-DD) the owner was last asked to move; an overdue ask goes out once per due date. */
  overdueAskedFor: string | null;
}

export const QUIET_STATE: CheckinState = {
  awaitingSince: null,
  reminded: false,
  escalated: false,
  overdueAskedFor: null,
};

export function isCheckinStatus(value: unknown): value is CheckinStatus {
  return typeof value === 'string' && (CHECKIN_STATUSES as readonly string[]).includes(value);
}
