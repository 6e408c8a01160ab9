/**
 * What the use cases need from the world, stated in the domain's words. db/, queue/ and slack/
 * implement these; app/ never imports them (docs/architecture.md, Layers: domain ← app ← {slack, db, queue}).
 */
import type { CheckinState, CheckinStatus, ThreadMessageKind } from '../domain/checkin';
import type { IsoWeekday, Person, PromptPrefs } from '../domain/person';
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

export interface DueCheckin {
  teamId: string;
  taskId: number;
  dueAt: Date;
  channelId: string | null;
}

export interface CheckinRecord {
  id: number;
  teamId: string;
  taskId: number;
  localDate: string;
  kind: ThreadMessageKind;
  message: PostedMessage | null;
  status: CheckinStatus | null;
  note: string | null;
}

export interface NewEvent {
  teamId: string;
  taskId: number;
  actorId: string;
  kind: TaskEventKind;
  payload: Record<string, unknown>;
  /** When it happened, by the use case's clock. */
  at: Date;
}

/** A person as stored: their Slack profile plus their prompt settings. */
export interface KnownPerson extends Person {
  prefs: PromptPrefs;
  profileRefreshedAt: Date | null;
  /** When their next morning prompt is due; null when nothing is scheduled. */
  nextPromptAt: Date | null;
}

export type DeliveryClaim =
  | { state: 'claimed' }
  | { state: 'already_sent'; message: PostedMessage | null }
  | { state: 'in_flight'; claimedAt: Date };

export interface PromptSettings {
  promptTime: string;
  workingDays: IsoWeekday[];
  pausedUntil: string | null;
}

/** A lead whose morning prompt is due. */
export interface DuePrompt {
  teamId: string;
  userId: string;
  dueAt: Date;
}

/** A workspace Baton is installed in, and who its bot is there. */
export interface InstalledWorkspace {
  teamId: string;
  enterpriseId: string | null;
  botUserId: string;
  botId: string;
}

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
    patch: StoredTaskPatch,
    expected?: readonly TaskStatus[],
  ): Promise<Task | undefined>;
  findTaskByThread(teamId: string, channelId: string, threadTs: string): Promise<Task | undefined>;

  /** Tasks of every workspace whose next check-in look is due at or before `at`, earliest first. */
  findDueCheckins(at: Date, limit: number): Promise<DueCheckin[]>;
  checkinState(teamId: string, taskId: number): Promise<CheckinState>;
  saveCheckinState(teamId: string, taskId: number, state: CheckinState): Promise<void>;
  /** The check-in of a task's owner-local day (created on first ask). */
  openCheckin(teamId: string, taskId: number, localDate: string, kind: ThreadMessageKind): Promise<CheckinRecord>;
  setCheckinMessage(teamId: string, id: number, message: PostedMessage): Promise<void>;
  findCheckin(teamId: string, id: number): Promise<CheckinRecord | undefined>;
  latestCheckin(teamId: string, taskId: number): Promise<CheckinRecord | undefined>;
  /** Records an answer (status and/or a note; notes accumulate) on a check-in. */
  recordCheckinAnswer(
    teamId: string,
    id: number,
    answer: { status: CheckinStatus | null; note: string | null; by: string },
  ): Promise<void>;
  appendEvent(event: NewEvent): Promise<TaskEvent>;
  /** Marks an event as having notifications to deliver (in the event's transaction). */
  addToOutbox(teamId: string, eventId: number): Promise<void>;
  /** Its notifications are done. */
  removeFromOutbox(teamId: string, eventId: number): Promise<void>;
  /** Events whose delivery job has not finished after `olderThanMs` (e.g. lost with Redis). */
  listStaleOutbox(olderThanMs: number, limit: number): Promise<Array<{ teamId: string; eventId: number }>>;
  findEvent(teamId: string, id: number): Promise<TaskEvent | undefined>;
  findLatestEvent(teamId: string, taskId: number): Promise<TaskEvent | undefined>;

  savePerson(person: Person, refreshedAt: Date): Promise<void>;
  findPerson(teamId: string, userId: string): Promise<KnownPerson | undefined>;
  /** Active humans whose handle or name is `name` (case-insensitive). */
  findPeopleNamed(teamId: string, name: string): Promise<Person[]>;
  savePromptSettings(teamId: string, userId: string, settings: PromptSettings): Promise<void>;
  /** Workspaces Baton knows people of. */
  listTeams(): Promise<string[]>;

  /** Leads of every workspace whose next prompt is due at or before `at`, earliest first. */
  findDuePrompts(at: Date, limit: number): Promise<DuePrompt[]>;
  setNextPromptAt(teamId: string, userId: string, at: Date | null): Promise<void>;
  /** Held tasks to ask the lead about at `at` (not snoozed or kept past it), oldest first. */
  listPromptableTasks(teamId: string, leadId: string, at: Date): Promise<Task[]>;
  /** Tasks the lead's team finished for them, newest first. */
  listFinishedForLead(teamId: string, leadId: string): Promise<Task[]>;
  countOpenOwned(teamId: string, ownerIds: readonly string[]): Promise<Map<string, number>>;

  savePendingCapture(teamId: string, userId: string, input: Record<string, unknown>): Promise<number>;
  /** The pending capture, only for the user who made it. */
  findPendingCapture(teamId: string, userId: string, id: number): Promise<Record<string, unknown> | undefined>;
  /** Removes and returns the pending capture, only for the user who made it. */
  takePendingCapture(teamId: string, userId: string, id: number): Promise<Record<string, unknown> | undefined>;

  /** Records the workspace Baton's bot is installed in (one-workspace mode stores no token). */
  saveWorkspace(workspace: InstalledWorkspace): Promise<void>;
  /** The workspace's bot, unless Baton is not (or no longer) installed there. */
  findInstalledWorkspace(teamId: string): Promise<InstalledWorkspace | undefined>;
  /** Every workspace Baton is installed in. */
  listInstalledTeams(): Promise<string[]>;

  /** True the first time a request key is seen: dedupes Slack retries and replays. */
  markRequestProcessed(teamId: string, key: string): Promise<boolean>;

  /** Claims a send before the Slack call; `target` is where it goes (user or channel id). */
  claimDelivery(teamId: string, key: string, kind: string, target: string): Promise<DeliveryClaim>;
  /** Takes over a claim older than `staleMs` (its holder died mid-send); false when it is not stale. */
  takeOverDelivery(teamId: string, key: string, kind: string, staleMs: number): Promise<boolean>;
  completeDelivery(teamId: string, key: string, message: { channel: string; ts: string }): Promise<void>;
  failDelivery(teamId: string, key: string, error: string): Promise<void>;
}

export interface Store extends Repositories {
  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Deletes every row of the workspace (people, tasks, history, deliveries) at once; how many went. */
  forgetWorkspace(teamId: string): Promise<number>;
}

/** The work queue, as the use cases see it. Jobs carry ids only. */
export interface Jobs {
  /** Enqueue telling the people concerned about an event. Throws when the queue is unreachable. */
  deliverEvent(teamId: string, eventId: number): Promise<void>;
  /** Enqueue the morning prompt of each lead (one job per lead and due instant). */
  prompts(due: readonly DuePrompt[], at: Date): Promise<void>;
  /** Enqueue the check-in look of each task (one job per task and due instant). */
  checkins(due: readonly DueCheckin[], at: Date): Promise<void>;
  /** Enqueue refreshing these workspaces' member lists (at most one per workspace every few hours). */
  syncDirectories(teamIds: readonly string[], at: Date): Promise<void>;
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
  | { kind: 'alert'; task: Task; status: 'at_risk' | 'blocked'; note: string | null; ownerId: string; to: string }
  | { kind: 'escalation'; task: Task; ownerId: string; silentWorkingDays: number; to: string }
  | { kind: 'fallback'; task: Task; channelId: string; reason: ChannelProblem; to: string }
  | { kind: 'due_changed'; task: Task; byUserId: string; to: string }
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

/** The morning prompt: the tasks a lead holds, with suggested owners, and what became of each. */
export interface PromptContent {
  leadId: string;
  /** Display names of suggested owners (button labels cannot show mentions). */
  names: Record<string, string>;
  tasks: Array<{ task: Task; suggestions: Array<{ userId: string; reasons: string[] }>; outcome?: PromptOutcome }>;
}

export type PromptOutcome =
  | { kind: 'handed'; byUserId: string; ownerId: string }
  | { kind: 'kept'; byUserId: string; until: Date; reason: string | null }
  | { kind: 'snoozed'; byUserId: string; until: Date }
  | { kind: 'dropped'; byUserId: string };

export type ChannelProblem = 'is_archived' | 'not_in_channel' | 'channel_not_found';

/** The task's channel can't take messages any more; nothing was sent. */
export class ChannelUnavailable extends Error {
  override name = 'ChannelUnavailable';
  constructor(readonly problem: ChannelProblem) {
    super(`the channel is unavailable: ${problem}`);
  }
}

/** A message of the check-in machinery: in the task's thread, or by DM to the owner. */
export interface ThreadAsk {
  kind: ThreadMessageKind;
  checkinId: number;
  reason: 'cadence' | 'before_due' | 'due_day' | null;
  /** 'dm' when the task has no channel, or its channel can't take messages. */
  via: 'thread' | 'dm';
}

/** A line in the task's thread about something that happened. */
export type ThreadNote = { kind: 'done'; byUserId: string } | { kind: 'due_changed'; byUserId: string };

/** Slack answered 429: nothing was sent; try again after `retryAfterMs`. */
export class RateLimited extends Error {
  override name = 'RateLimited';
  constructor(readonly retryAfterMs: number) {
    super(`Slack rate limit: retry after ${retryAfterMs} ms`);
  }
}

/** Not now: this channel had a message less than a second ago (Slack's per-channel pace). Nothing was sent. */
export class SendLater extends Error {
  override name = 'SendLater';
  constructor(readonly waitMs: number) {
    super(`send again in ${waitMs} ms`);
  }
}

/** The request may or may not have reached Slack (a timeout, a dropped connection): do not resend blindly. */
export class MaybeSent extends Error {
  override name = 'MaybeSent';
}

/**
 * Sending messages in Slack. Each send makes one Web API call and tags the message with its
 * delivery key, so that after a crash `findSent` can tell whether it went out.
 * Sends throw RateLimited on a 429 and MaybeSent when the outcome is unknown.
 */
export interface Messenger {
  /** A DM to `notice.to`, rendered in their time zone. */
  notify(notice: Notice, timeZone: string, key: string): Promise<PostedMessage>;
  /** The morning prompt, as a DM to the lead. */
  prompt(teamId: string, content: PromptContent, timeZone: string, key: string): Promise<PostedMessage>;
  /** Re-renders a morning prompt in place after the lead acted on it. */
  updatePrompt(teamId: string, message: PostedMessage, content: PromptContent, timeZone: string): Promise<void>;
  /** A check-in, reminder or overdue ask; throws ChannelUnavailable when the thread can't be posted in. */
  ask(task: Task, ask: ThreadAsk, timeZone: string, key: string): Promise<PostedMessage>;
  /** A note in the task's thread (done, new due date). */
  threadNote(task: Task, note: ThreadNote, timeZone: string, key: string): Promise<PostedMessage>;
  /** A message sent with this delivery key to `target` (user or channel id, maybe in a thread) since `since`. */
  findSent(
    teamId: string,
    where: { target: string; threadTs?: string | undefined },
    key: string,
    since: Date,
  ): Promise<PostedMessage | null>;
  /** Posts the task's parent message in its channel. */
  postTaskParent(task: Task, timeZone: string, key: string): Promise<PostedMessage>;
  /** Re-renders the task's parent message in place. */
  updateTaskParent(task: Task, timeZone: string): Promise<void>;
}

export type Clock = () => Date;
