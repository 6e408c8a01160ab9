/**
 * What the use cases need from the world, stated in the domain's words. db/, queue/ and slack/
 * implement these; app/ never imports them (DESIGN.md: domain ← app ← {slack, db, queue}).
 */
import type { Person, PromptPrefs } from '../domain/person';
import type { Task, TaskEvent, TaskEventKind, TaskStatus } from '../domain/task';
import type { TaskPatch } from '../domain/task-lifecycle';

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

export interface NewEvent {
  teamId: string;
  taskId: number;
  actorId: string;
  kind: TaskEventKind;
  payload: Record<string, unknown>;
}

/** A person as stored: their Slack profile plus their prompt settings. */
export interface KnownPerson extends Person {
  prefs: PromptPrefs;
  profileRefreshedAt: Date | null;
}

export type DeliveryClaim = 'claimed' | 'already_sent' | 'in_flight';

export interface Repositories {
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
    patch: TaskPatch & { threadTs?: string },
    expected?: readonly TaskStatus[],
  ): Promise<Task | undefined>;
  appendEvent(event: NewEvent): Promise<TaskEvent>;
  findEvent(teamId: string, id: number): Promise<TaskEvent | undefined>;

  savePerson(person: Person, refreshedAt: Date): Promise<void>;
  findPerson(teamId: string, userId: string): Promise<KnownPerson | undefined>;
  /** Active humans whose handle or name is `name` (case-insensitive). */
  findPeopleNamed(teamId: string, name: string): Promise<Person[]>;

  savePendingCapture(teamId: string, userId: string, input: Record<string, unknown>): Promise<number>;
  /** Removes and returns the pending capture, only for the user who made it. */
  takePendingCapture(teamId: string, userId: string, id: number): Promise<Record<string, unknown> | undefined>;

  /** True the first time a request key is seen: dedupes Slack retries and replays. */
  markRequestProcessed(teamId: string, key: string): Promise<boolean>;

  claimDelivery(teamId: string, key: string, kind: string): Promise<DeliveryClaim>;
  completeDelivery(teamId: string, key: string, message: { channel: string; ts: string }): Promise<void>;
  failDelivery(teamId: string, key: string, error: string): Promise<void>;
}

export interface Store extends Repositories {
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

/** The work queue, as the use cases see it. Jobs carry ids only. */
export interface Jobs {
  /** Enqueue telling the people concerned about an event. Throws when the queue is unreachable. */
  deliverEvent(teamId: string, eventId: number): Promise<void>;
}

export interface ChannelInfo {
  id: string;
  isPrivate: boolean;
  isArchived: boolean;
  /** Whether Baton's bot user is a member. */
  isMember: boolean;
}

/** Reading the workspace from Slack. */
export interface Directory {
  /** users.info; null when Slack does not know the user. */
  person(teamId: string, userId: string): Promise<Person | null>;
  /** Every member of the workspace (users.list, all pages). */
  everyone(teamId: string): Promise<Person[]>;
  /** conversations.info; null when the channel does not exist or is invisible to the bot. */
  channel(teamId: string, channelId: string): Promise<ChannelInfo | null>;
  joinChannel(teamId: string, channelId: string): Promise<void>;
  permalink(teamId: string, channelId: string, ts: string): Promise<string | null>;
}

/** Something to tell someone in Slack, in the domain's words; slack/ renders and sends it. */
export type Notice =
  | { kind: 'offer'; task: Task; to: string }
  | {
      kind: 'answer';
      task: Task;
      answer: 'accepted' | 'handed_back';
      ownerId: string;
      reason: string | null;
      to: string;
    }
  | { kind: 'reassigned'; task: Task; formerOwnerId: string; to: string }
  | { kind: 'dropped'; task: Task; to: string }
  | { kind: 'done'; task: Task; actorId: string; to: string };

export interface PostedMessage {
  channel: string;
  ts: string;
}

/** Sending messages in Slack. Each method makes exactly one Web API call. */
export interface Messenger {
  /** A DM to `notice.to`, rendered in their time zone. */
  notify(notice: Notice, timeZone: string): Promise<PostedMessage>;
  /** Posts the task's parent message in its channel. */
  postTaskParent(task: Task, timeZone: string): Promise<PostedMessage>;
  /** Re-renders the task's parent message in place. */
  updateTaskParent(task: Task, timeZone: string): Promise<void>;
}

export type Clock = () => Date;
