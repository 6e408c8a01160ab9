import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CheckinStatus, ThreadMessageKind } from '../domain/checkin';
import type { IsoWeekday } from '../domain/person';
import type { CheckinCadence, TaskSource, TaskStatus } from '../domain/task';

// Kysely table types for migrations/0001_initial.ts onwards. One interface per table; the row
// types (Selectable/Insertable/Updateable) are exported next to each so repositories share them.
//
// Conventions (see database.ts for the pg type parsers behind them):
// - timestamptz → Date (a string is accepted on insert/update, e.g. an ISO instant);
// - date → 'YYYY-MM-DD' string; bigint ids → number;
// - jsonb is read as parsed JSON and written as a JSON string (pg would turn a JS array into a
//   Postgres array literal, so repositories always JSON.stringify).

/** timestamptz with a `now()` default. */
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
/** nullable timestamptz. */
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** jsonb written as a JSON string. */
type JsonbDefault<T> = ColumnType<T, string | undefined, string>;
type NullableJsonb<T> = ColumnType<T | null, string | null | undefined, string | null>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// --- workspaces ---------------------------------------------------------------------------------

export interface WorkspacesTable {
  team_id: string;
  enterprise_id: string | null;
  name: string | null;
  /** The bot token, encrypted by the app before it gets here; never plain text. */
  bot_token_encrypted: string | null;
  bot_user_id: string | null;
  bot_id: string | null;
  app_id: string | null;
  installed_by: string | null;
  /** Bolt's Installation object (OAuth mode), as the app chooses to store it. */
  installation: NullableJsonb<JsonObject>;
  installed_at: TimestampDefault;
  uninstalled_at: NullableTimestamp;
  /** Workspace defaults set by an admin. */
  settings: JsonbDefault<JsonObject>;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}
export type Workspace = Selectable<WorkspacesTable>;
export type NewWorkspace = Insertable<WorkspacesTable>;
export type WorkspaceUpdate = Updateable<WorkspacesTable>;

// --- users --------------------------------------------------------------------------------------

export type { IsoWeekday };

export interface UsersTable {
  team_id: string;
  user_id: string;
  name: string | null;
  real_name: string | null;
  display_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** IANA zone name from Slack, 'UTC' until known. */
  time_zone: ColumnType<string, string | undefined, string>;
  tz_refreshed_at: NullableTimestamp;
  is_bot: ColumnType<boolean, boolean | undefined, boolean>;
  is_deleted: ColumnType<boolean, boolean | undefined, boolean>;
  /** Local time of the morning prompt, 'HH:MM' (24 h). */
  prompt_time: ColumnType<string, string | undefined, string>;
  working_days: ColumnType<IsoWeekday[], IsoWeekday[] | undefined, IsoWeekday[]>;
  /** Local date 'YYYY-MM-DD' (inclusive) until which prompts are paused. */
  paused_until: ColumnType<string | null, string | null | undefined, string | null>;
  next_prompt_at: NullableTimestamp;
  dm_channel_id: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

// --- task_counters ------------------------------------------------------------------------------

export interface TaskCountersTable {
  team_id: string;
  last_number: ColumnType<number, number | undefined, number>;
}

// --- tasks --------------------------------------------------------------------------------------

export type { CheckinCadence, TaskSource, TaskStatus };

export interface TasksTable {
  id: Generated<number>;
  team_id: string;
  /** Per-team short number shown as `#12`, handed out by task_counters. */
  number: number;
  /** 1..200 characters (check constraint). */
  title: string;
  details: string | null;
  lead_id: string;
  owner_id: string | null;
  status: ColumnType<TaskStatus, TaskStatus | undefined, TaskStatus>;
  due_at: NullableTimestamp;
  due_has_time: ColumnType<boolean, boolean | undefined, boolean>;
  channel_id: string | null;
  thread_ts: string | null;
  source: TaskSource;
  source_permalink: string | null;
  checkin_cadence: ColumnType<CheckinCadence, CheckinCadence | undefined, CheckinCadence>;
  next_checkin_at: NullableTimestamp;
  snoozed_until: NullableTimestamp;
  kept_until: NullableTimestamp;
  last_status: ColumnType<CheckinStatus | null, CheckinStatus | null | undefined, CheckinStatus | null>;
  last_status_at: NullableTimestamp;
  /** Owner-local dates, 'YYYY-MM-DD'. */
  checkin_awaiting_since: ColumnType<string | null, string | null | undefined, string | null>;
  checkin_reminded: ColumnType<boolean, boolean | undefined, boolean>;
  checkin_escalated: ColumnType<boolean, boolean | undefined, boolean>;
  overdue_asked_for: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: TimestampDefault;
  delegated_at: NullableTimestamp;
  accepted_at: NullableTimestamp;
  done_at: NullableTimestamp;
  dropped_at: NullableTimestamp;
  updated_at: TimestampDefault;
  /** Unique per team when set: a retried command creates one task. */
  idempotency_key: string | null;
}
export type Task = Selectable<TasksTable>;
export type NewTask = Insertable<TasksTable>;
export type TaskUpdate = Updateable<TasksTable>;

// --- task_events --------------------------------------------------------------------------------

export interface TaskEventsTable {
  id: Generated<number>;
  team_id: string;
  task_id: number;
  /** A Slack user id, or 'baton' for the system. */
  actor_id: string;
  /** 'captured', 'offered', 'accepted', 'handed_back', 'reassigned', 'done', 'dropped', … */
  kind: string;
  payload: JsonbDefault<JsonObject>;
  at: TimestampDefault;
}
export type TaskEvent = Selectable<TaskEventsTable>;
export type NewTaskEvent = Insertable<TaskEventsTable>;

// --- deliveries ---------------------------------------------------------------------------------

export type DeliveryState = 'claimed' | 'sent' | 'failed';

export interface DeliveriesTable {
  id: Generated<number>;
  team_id: string;
  key: string;
  kind: string;
  state: ColumnType<DeliveryState, DeliveryState | undefined, DeliveryState>;
  channel_id: string | null;
  message_ts: string | null;
  claimed_at: TimestampDefault;
  sent_at: NullableTimestamp;
  attempts: ColumnType<number, number | undefined, number>;
  error: string | null;
  target: ColumnType<string | null, string | null | undefined, string | null>;
}
export type Delivery = Selectable<DeliveriesTable>;

// --- processed_requests -------------------------------------------------------------------------

export interface ProcessedRequestsTable {
  team_id: string;
  key: string;
  at: TimestampDefault;
}

// --- pending_captures ---------------------------------------------------------------------------

export interface PendingCapturesTable {
  id: Generated<number>;
  team_id: string;
  user_id: string;
  /** The parsed capture, as the app chooses to store it. */
  input: JsonbDefault<JsonObject>;
  created_at: TimestampDefault;
}

// --- checkins ---------------------------------------------------------------------------------

export interface CheckinsTable {
  id: Generated<number>;
  team_id: string;
  task_id: number;
  /** Owner-local date 'YYYY-MM-DD': one row per task per working day. */
  local_date: string;
  kind: ThreadMessageKind;
  channel_id: string | null;
  message_ts: string | null;
  created_at: TimestampDefault;
  status: CheckinStatus | null;
  note: string | null;
  answered_by: string | null;
  answered_at: NullableTimestamp;
}
export type Checkin = Selectable<CheckinsTable>;

// --- event_outbox -----------------------------------------------------------------------------

export interface EventOutboxTable {
  team_id: string;
  event_id: number;
  created_at: TimestampDefault;
}

// --- the database -------------------------------------------------------------------------------

export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  task_counters: TaskCountersTable;
  tasks: TasksTable;
  task_events: TaskEventsTable;
  deliveries: DeliveriesTable;
  processed_requests: ProcessedRequestsTable;
  pending_captures: PendingCapturesTable;
  checkins: CheckinsTable;
  event_outbox: EventOutboxTable;
}
