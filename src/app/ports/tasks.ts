import type { CheckinStatus } from '../../domain/checkin';
import type { CheckinAsk, HistoryEvent } from '../../domain/impact-history';
import type { Task, TaskEvent, TaskStatus } from '../../domain/task';
import type { TaskPatch } from '../../domain/task-lifecycle';

/** A finished task as owner suggestions learn from it (src/domain/owner-suggestions.ts). */
export type FinishedForLead = Pick<Task, 'id' | 'title' | 'leadId' | 'doneAt' | 'dueAt' | 'status'> & {
  ownerId: string;
};

export type NewTask = Pick<
  Task,
  | 'teamId'
  | 'title'
  | 'details'
  | 'leadId'
  | 'ownerId'
  | 'status'
  | 'dueAt'
  | 'dueHasTime'
  | 'channelId'
  | 'source'
  | 'sourcePermalink'
  | 'checkinCadence'
  | 'delegatedAt'
  | 'createdAt'
> & {
  /** Same key, same task: a retried or replayed request creates nothing new. */
  idempotencyKey: string | null;
};

/** What use cases may change on a task beyond its lifecycle. */
export type StoredTaskPatch = TaskPatch & {
  threadTs?: string;
  nextCheckinAt?: Date | null;
  lastStatus?: CheckinStatus;
  lastStatusAt?: Date;
  dueAt?: Date | null;
  dueHasTime?: boolean;
};

/** An event to append: what happened, by whom, when (by the use case's clock). */
export type NewEvent = Omit<TaskEvent, 'id'>;

/**
 * A task with its whole history: what the impact figures and the digest are computed from (a domain
 * TaskHistory), with only the task fields they read.
 */
export type TaskWithHistory = Pick<
  Task,
  'id' | 'number' | 'title' | 'leadId' | 'ownerId' | 'status' | 'createdAt' | 'dueAt'
> & {
  events: HistoryEvent[];
  checkins: CheckinAsk[];
};

/** Tasks, and the history of each (task events: append-only). Every query is within one workspace. */
export interface TaskRepository {
  /**
   * A new task, numbered `#n` with its workspace's next number (gapless, also under concurrent
   * inserts). Runs in the caller's transaction if there is one. A key seen before returns the task
   * made the first time (`created: false`), and no number is used up.
   */
  insert(task: NewTask): Promise<{ task: Task; created: boolean }>;
  find(teamId: string, id: number): Promise<Task | undefined>;
  /** The task shown as `#<number>`. */
  findByNumber(teamId: string, number: number): Promise<Task | undefined>;
  /** The task whose parent message is `threadTs` in `channelId`: a reply in that thread is about it. */
  findByThread(teamId: string, channelId: string, threadTs: string): Promise<Task | undefined>;
  /** Tasks a person leads, in these statuses, oldest first. */
  listLedBy(teamId: string, leadId: string, statuses: readonly TaskStatus[]): Promise<Task[]>;
  /** Tasks a person owns, in these statuses, oldest first. */
  listOwnedBy(teamId: string, ownerId: string, statuses: readonly TaskStatus[]): Promise<Task[]>;
  /** Held tasks to ask the lead about at `at` (not snoozed or kept past it), oldest first. */
  listPromptable(teamId: string, leadId: string, at: Date): Promise<Task[]>;
  /**
   * Tasks the lead's team finished for them (the latest 500), newest first: what owner suggestions
   * learn from, and only the fields they read.
   */
  listFinishedForLead(teamId: string, leadId: string): Promise<FinishedForLead[]>;
  /** listPromptable and listFinishedForLead in one read: what a morning prompt is made of. */
  listPromptableWithHistory(
    teamId: string,
    leadId: string,
    at: Date,
  ): Promise<{ tasks: Task[]; history: FinishedForLead[] }>;
  /**
   * The tasks a lead captured that are open now, or were finished or dropped after `since`, each
   * with its events (all of them, or only those of `kinds`) and the check-ins asked after
   * `checkinsSince`; oldest first.
   */
  leadHistory(
    teamId: string,
    leadId: string,
    since: Date,
    checkinsSince: Date,
    kinds?: readonly TaskEvent['kind'][],
  ): Promise<TaskWithHistory[]>;
  /** Tasks a person owns that they finished after `since`, most recent first (at most `limit`). */
  listFinishedBy(teamId: string, ownerId: string, since: Date, limit: number): Promise<Task[]>;
  /** Whether the person ever led a task, and ever owned one. */
  roles(teamId: string, userId: string): Promise<{ leads: boolean; owns: boolean }>;
  /** The task's last event of this kind. */
  latestEventOfKind(teamId: string, taskId: number, kind: TaskEvent['kind']): Promise<TaskEvent | undefined>;
  /** How many open tasks (offered or accepted) each of these people owns now. */
  countOpenOwned(teamId: string, ownerIds: readonly string[]): Promise<Map<string, number>>;
  /** Applies the patch, only while the task is in an `expected` status if given; undefined when it is not (it moved meanwhile). */
  update(
    teamId: string,
    id: number,
    patch: StoredTaskPatch,
    expected?: readonly TaskStatus[],
  ): Promise<Task | undefined>;

  /** Appends to the task's history (the database refuses to change or delete an event). */
  appendEvent(event: NewEvent): Promise<TaskEvent>;
  findEvent(teamId: string, id: number): Promise<TaskEvent | undefined>;
  /** The last thing that happened to the task. */
  latestEvent(teamId: string, taskId: number): Promise<TaskEvent | undefined>;
}
