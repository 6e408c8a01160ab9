import type { Checkin, CheckinState, CheckinStatus, ThreadMessageKind } from '../../domain/checkin';
import type { PostedMessage } from './notices';

/** A task whose next check-in look is due. */
export interface DueCheckin {
  teamId: string;
  taskId: number;
  dueAt: Date;
  channelId: string | null;
}

/** The check-ins of each task: one per owner-local working day, and where its silence stands. */
export interface CheckinRepository {
  /** Tasks of every workspace whose next check-in look is due at or before `at`, earliest first. */
  findDue(at: Date, limit: number): Promise<DueCheckin[]>;
  /** The task's silence bookkeeping (quiet when the task is unknown). */
  state(teamId: string, taskId: number): Promise<CheckinState>;
  saveState(teamId: string, taskId: number, state: CheckinState): Promise<void>;
  /** The check-in of a task's owner-local day, created on first ask (a second ask that day gets the same one). */
  open(teamId: string, taskId: number, localDate: string, kind: ThreadMessageKind): Promise<Checkin>;
  /** Where its message landed. */
  setMessage(teamId: string, id: number, message: PostedMessage): Promise<void>;
  find(teamId: string, id: number): Promise<Checkin | undefined>;
  /** The task's most recent check-in. */
  latest(teamId: string, taskId: number): Promise<Checkin | undefined>;
  /** Records an answer: a status (null keeps the one given) and/or a note (notes accumulate). */
  recordAnswer(
    teamId: string,
    id: number,
    answer: { status: CheckinStatus | null; note: string | null; by: string },
  ): Promise<void>;
}
