/** Postgres as the use cases see it (being split into one port per aggregate). */
import type { CheckinStatus } from '../../domain/checkin';
import type { Task, TaskEvent, TaskEventKind, TaskStatus } from '../../domain/task';
import type { TaskPatch } from '../../domain/task-lifecycle';

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

export interface NewEvent {
  teamId: string;
  taskId: number;
  actorId: string;
  kind: TaskEventKind;
  payload: Record<string, unknown>;
}

export interface LegacyRepositories {
  insertTask(input: NewTask): Promise<{ task: Task; created: boolean }>;
  findTask(teamId: string, id: number): Promise<Task | undefined>;
  findTaskByNumber(teamId: string, number: number): Promise<Task | undefined>;
  /** Oldest first. */
  listTasksLedBy(teamId: string, leadId: string, statuses: readonly TaskStatus[]): Promise<Task[]>;
  listTasksOwnedBy(teamId: string, ownerId: string, statuses: readonly TaskStatus[]): Promise<Task[]>;
  /** Applies the patch only while the task is in `expected` status; undefined when it moved meanwhile. */
  updateTask(
    teamId: string,
    id: number,
    patch: StoredTaskPatch,
    expected?: readonly TaskStatus[],
  ): Promise<Task | undefined>;
  findTaskByThread(teamId: string, channelId: string, threadTs: string): Promise<Task | undefined>;

  appendEvent(event: NewEvent): Promise<TaskEvent>;
  findEvent(teamId: string, id: number): Promise<TaskEvent | undefined>;
  findLatestEvent(teamId: string, taskId: number): Promise<TaskEvent | undefined>;

  /** Held tasks to ask the lead about at `at` (not snoozed or kept past it), oldest first. */
  listPromptableTasks(teamId: string, leadId: string, at: Date): Promise<Task[]>;
  /** Tasks the lead's team finished for them, newest first. */
  listFinishedForLead(teamId: string, leadId: string): Promise<Task[]>;
  countOpenOwned(teamId: string, ownerIds: readonly string[]): Promise<Map<string, number>>;
}
