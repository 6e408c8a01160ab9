/** Public data types of the Slack emulator. */

export interface SeedTeam {
  id: string;
  name: string;
  domain: string;
}

export interface SeedUser {
  id: string;
  name: string;
  realName: string;
  tz: string;
  isBot?: boolean;
  deleted?: boolean;
  isAdmin?: boolean;
  displayName?: string;
}

export interface SeedChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  isArchived?: boolean;
  members: string[];
  botIsMember?: boolean;
}

export interface WorkspaceSeed {
  team: SeedTeam;
  botToken: string;
  botUserId: string;
  botId: string;
  appId: string;
  /** Display name of the app's bot user (default "baton"). */
  botName?: string;
  users: SeedUser[];
  channels: SeedChannel[];
}

/**
 * An Enterprise Grid organization: workspaces under one enterprise id, where an app can also be
 * installed org-wide (one token for all of them). Its workspaces share the app's bot user, as an
 * organization's workspaces do (docs/slack-platform.md, "Org-wide installs").
 */
export interface EnterpriseSeed {
  id: string;
  name: string;
  domain: string;
  /** Its workspaces, each seeded in `workspaces`. */
  teamIds: string[];
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Parsed request parameters: strings from form bodies, any JSON value from JSON bodies. */
export type Params = Record<string, unknown>;

export interface MessageEdit {
  at: number;
  /** Text and blocks before this edit. */
  text: string;
  blocks: unknown[];
}

/** Message metadata as Slack stores it (chat.postMessage / chat.update `metadata`). */
export interface MessageMetadata {
  event_type: string;
  event_payload: JsonObject;
}

export interface PostedMessage {
  teamId: string;
  channel: string;
  ts: string;
  threadTs?: string;
  /** For a thread reply: who wrote the thread's parent (Slack's `parent_user_id`). */
  parentUser?: string;
  text: string;
  blocks: unknown[];
  /** Author: the app's bot user id for bot messages, a human id for `postAsUser`. */
  user: string;
  botId?: string;
  /** The human in the DM, when `channel` is a DM with the app. */
  dmUser?: string;
  /** Only this user sees the message. */
  ephemeralTo?: string;
  /** Previous versions, oldest first. */
  edited?: MessageEdit[];
  deleted?: boolean;
  replyCount: number;
  replyUsers: string[];
  latestReply?: string;
  replyBroadcast?: boolean;
  /** How it was created. */
  via: 'api' | 'response_url' | 'admin';
  /** From the `metadata` param; returned by conversations.history/replies only with include_all_metadata. */
  metadata?: MessageMetadata;
  postedAt: number;
}

export interface RecordedCall {
  method: string;
  /** The workspace the call acted in (for an org-wide token: the one its arguments named). */
  teamId?: string;
  /** Set when the call was made with an org-wide token: the organization's id. */
  enterpriseId?: string;
  token?: string;
  params: Params;
  /** JSON sent back (for 429/5xx the body sent; for a dropped call the body that would have been sent). */
  response: unknown;
  status: number;
  /** True when the socket was destroyed without a response (fault 'drop'). */
  dropped?: boolean;
  at: number;
  /** How long the emulator took to answer (injected latency included), in milliseconds. */
  ms: number;
}

export interface ViewRecord {
  id: string;
  teamId: string;
  /** User the view belongs to (modal opener or home tab owner), when known. */
  userId?: string;
  type: 'modal' | 'home' | string;
  view: JsonObject;
  hash: string;
  externalId?: string;
  rootViewId: string;
  previousViewId?: string;
  closed?: boolean;
  /** Field errors (block id → message) from the app's last `response_action: errors`, shown on the fields. */
  errors?: Record<string, string>;
}
