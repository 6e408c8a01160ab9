import type { ColumnType, Generated } from 'kysely';
import type { CheckinStatus, ThreadMessageKind } from '../domain/checkin';
import type { IsoWeekday } from '../domain/person';
import type { CheckinCadence, TaskEventKind, TaskSource, TaskStatus } from '../domain/task';

// The tables of migrations/0001_initial.ts onwards, one interface each: the one description of the
// columns. Names are camelCase, as repositories see them through Kysely's CamelCasePlugin (see
// database.ts); `RawDatabase` below is the same schema under its Postgres (snake_case) names, for
// migrations and for tests that read tables directly.
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
/** A column with a database default: optional on insert. */
type WithDefault<T> = ColumnType<T, T | undefined, T>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface WorkspacesTable {
  teamId: string;
  enterpriseId: string | null;
  name: string | null;
  /** The bot token, encrypted by the app before it gets here; never plain text. */
  botTokenEncrypted: string | null;
  botUserId: string | null;
  botId: string | null;
  appId: string | null;
  installedBy: string | null;
  /** Bolt's Installation object (OAuth mode), as the app chooses to store it. */
  installation: NullableJsonb<JsonObject>;
  installedAt: TimestampDefault;
  uninstalledAt: NullableTimestamp;
  /** Set by an uninstall: when the workspace's data is purged, unless it is installed again before. */
  purgeAfter: NullableTimestamp;
  /** Workspace defaults set by an admin. */
  settings: JsonbDefault<JsonObject>;
  createdAt: TimestampDefault;
  updatedAt: TimestampDefault;
}

export interface UsersTable {
  teamId: string;
  userId: string;
  /** The Slack handle. */
  name: string | null;
  realName: string | null;
  displayName: WithDefault<string | null>;
  /** IANA zone name from Slack, 'UTC' until known. */
  timeZone: WithDefault<string>;
  tzRefreshedAt: NullableTimestamp;
  isBot: WithDefault<boolean>;
  isDeleted: WithDefault<boolean>;
  /** Local time of the morning prompt, 'HH:MM' (24 h). */
  promptTime: WithDefault<string>;
  workingDays: WithDefault<IsoWeekday[]>;
  /** Local date 'YYYY-MM-DD' (inclusive) until which prompts are paused. */
  pausedUntil: WithDefault<string | null>;
  nextPromptAt: NullableTimestamp;
  /** ISO weekday of the weekly digest (default Friday). */
  digestDay: WithDefault<IsoWeekday>;
  /** When their next weekly digest is due; null when none is scheduled. */
  nextDigestAt: NullableTimestamp;
  /** When they last opened Baton's App Home: only those who did are republished after task events. */
  homeOpenedAt: NullableTimestamp;
  dmChannelId: string | null;
  createdAt: TimestampDefault;
  updatedAt: TimestampDefault;
}

export interface TaskCountersTable {
  teamId: string;
  lastNumber: WithDefault<number>;
}

export interface TasksTable {
  id: Generated<number>;
  teamId: string;
  /** Per-team short number shown as `#12`, handed out by task_counters. */
  number: number;
  /** 1..200 characters (check constraint). */
  title: string;
  details: string | null;
  leadId: string;
  ownerId: string | null;
  status: WithDefault<TaskStatus>;
  dueAt: NullableTimestamp;
  dueHasTime: WithDefault<boolean>;
  channelId: string | null;
  threadTs: string | null;
  source: TaskSource;
  sourcePermalink: string | null;
  checkinCadence: WithDefault<CheckinCadence>;
  nextCheckinAt: NullableTimestamp;
  snoozedUntil: NullableTimestamp;
  keptUntil: NullableTimestamp;
  lastStatus: WithDefault<CheckinStatus | null>;
  lastStatusAt: NullableTimestamp;
  /** Owner-local dates, 'YYYY-MM-DD'. */
  checkinAwaitingSince: WithDefault<string | null>;
  checkinReminded: WithDefault<boolean>;
  checkinEscalated: WithDefault<boolean>;
  overdueAskedFor: WithDefault<string | null>;
  createdAt: TimestampDefault;
  delegatedAt: NullableTimestamp;
  acceptedAt: NullableTimestamp;
  doneAt: NullableTimestamp;
  droppedAt: NullableTimestamp;
  updatedAt: TimestampDefault;
  /** Unique per team when set: a retried command creates one task. */
  idempotencyKey: string | null;
}

export interface TaskEventsTable {
  id: Generated<number>;
  teamId: string;
  taskId: number;
  /** A Slack user id, or 'baton' for the system. */
  actorId: string;
  kind: TaskEventKind;
  payload: JsonbDefault<JsonObject>;
  at: TimestampDefault;
}

export type DeliveryState = 'claimed' | 'sent' | 'failed';

export interface DeliveriesTable {
  id: Generated<number>;
  teamId: string;
  key: string;
  kind: string;
  state: WithDefault<DeliveryState>;
  channelId: string | null;
  messageTs: string | null;
  claimedAt: TimestampDefault;
  sentAt: NullableTimestamp;
  attempts: WithDefault<number>;
  error: string | null;
  target: WithDefault<string | null>;
}

export interface ProcessedRequestsTable {
  teamId: string;
  key: string;
  at: TimestampDefault;
}

export interface PendingCapturesTable {
  id: Generated<number>;
  teamId: string;
  userId: string;
  /** The parsed capture, as the app chooses to store it. */
  input: JsonbDefault<JsonObject>;
  createdAt: TimestampDefault;
}

export interface CheckinsTable {
  id: Generated<number>;
  teamId: string;
  taskId: number;
  /** Owner-local date 'YYYY-MM-DD': one row per task per working day. */
  localDate: string;
  kind: ThreadMessageKind;
  channelId: string | null;
  messageTs: string | null;
  createdAt: TimestampDefault;
  status: CheckinStatus | null;
  note: string | null;
  answeredBy: string | null;
  answeredAt: NullableTimestamp;
}

/**
 * An OAuth installation (migrations/0007_installations.ts): one per workspace, or one per Enterprise
 * Grid organization for an org-wide install. Every `…Sealed` column is sealed by src/db/token-seal.ts.
 */
export interface InstallationsTable {
  id: Generated<number>;
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: WithDefault<boolean>;
  appId: string | null;
  botTokenSealed: string | null;
  botUserId: string | null;
  botId: string | null;
  /** Comma-separated, as Slack lists them. */
  botScopes: WithDefault<string>;
  botRefreshTokenSealed: string | null;
  botTokenExpiresAt: NullableTimestamp;
  installerUserId: string | null;
  userTokenSealed: string | null;
  userScopes: WithDefault<string>;
  userRefreshTokenSealed: string | null;
  userTokenExpiresAt: NullableTimestamp;
  installedAt: TimestampDefault;
  updatedAt: TimestampDefault;
  /** A refresh Slack refused (invalid_grant): the installation's jobs stop until it is installed again. */
  brokenAt: NullableTimestamp;
  brokenReason: string | null;
}

export interface EventOutboxTable {
  teamId: string;
  eventId: number;
  createdAt: TimestampDefault;
}

export interface ReceivedCommandsTable {
  id: Generated<number>;
  teamId: string;
  userId: string;
  channelId: string;
  text: string;
  responseUrl: string;
  triggerId: string;
  receivedAt: Date;
  createdAt: TimestampDefault;
}

/** The database as repositories see it (camelCase, through CamelCasePlugin). */
export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  taskCounters: TaskCountersTable;
  tasks: TasksTable;
  taskEvents: TaskEventsTable;
  deliveries: DeliveriesTable;
  processedRequests: ProcessedRequestsTable;
  pendingCaptures: PendingCapturesTable;
  checkins: CheckinsTable;
  eventOutbox: EventOutboxTable;
  installations: InstallationsTable;
  receivedCommands: ReceivedCommandsTable;
}

/** 'nextCheckinAt' → 'next_checkin_at', as CamelCasePlugin maps names (Baton's have no digits or acronyms). */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

type SnakeCaseKeys<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] };

/** The same tables under their Postgres names: what migrations and tests reading tables see. */
export type RawDatabase = { [T in keyof Database as SnakeCase<T>]: SnakeCaseKeys<Database[T]> };
