import { randomBytes } from 'node:crypto';
import type { EnterpriseSeed, PostedMessage, RecordedCall, ViewRecord, WorkspaceSeed } from './types';
import { type ChannelState, type UserState, Workspace } from './workspace';

export interface TriggerRecord {
  id: string;
  issuedAt: number;
  teamId?: string;
  userId?: string;
  used?: boolean;
}

export interface OAuthCode {
  code: string;
  /** The workspace the installer acts from. */
  teamId: string;
  /** Set for an org-wide install: the code installs the app into the whole organization. */
  enterpriseId?: string;
  userId?: string;
  issuedAt: number;
  used: boolean;
}

type Listener = () => void;

/** An organization, and the app's org-wide token there once it is installed org-wide. */
export interface EnterpriseState {
  readonly seed: EnterpriseSeed;
  token: string | undefined;
  /** The workspaces an org admin has not granted the org-wide app (team_access_revoked). */
  readonly withoutAccess: Set<string>;
}

/** Everything the emulator knows, shared by the HTTP layer and the method handlers. */
export class EmulatorState {
  readonly workspaces = new Map<string, Workspace>();
  /** token → team id. */
  readonly tokens = new Map<string, string>();
  readonly revoked = new Set<string>();
  readonly enterprises = new Map<string, EnterpriseState>();
  /** org-wide token → enterprise id: one token acting in every workspace of the organization. */
  readonly orgTokens = new Map<string, string>();
  /** token → when it expires (emulator ms), for tokens issued with token rotation on. */
  readonly tokenExpiry = new Map<string, number>();
  /** refresh token → team id; a refresh token is used once. */
  readonly refreshTokens = new Map<string, string>();
  /** Token rotation (oauth.v2.access issues expiring tokens and refresh tokens); off unless set. */
  tokenRotation: { expiresInSec: number } | undefined;
  readonly messages: PostedMessage[] = [];
  readonly calls: RecordedCall[] = [];
  readonly views = new Map<string, ViewRecord>();
  readonly triggers = new Map<string, TriggerRecord>();
  readonly oauthCodes = new Map<string, OAuthCode>();
  private readonly listeners = new Set<Listener>();
  /** team\0channel\0ts → message, so lookups stay O(1) under load. */
  private readonly byKey = new Map<string, PostedMessage>();
  /** team\0channel → that conversation's messages (threads and ephemerals included), in ts order. */
  private readonly byChannel = new Map<string, PostedMessage[]>();
  private lastTsMicros = 0;
  private idCounter = 0;

  constructor(
    readonly seeds: WorkspaceSeed[],
    readonly now: () => number,
    readonly enterpriseSeeds: EnterpriseSeed[] = [],
  ) {
    this.load();
  }

  private load(): void {
    this.workspaces.clear();
    this.tokens.clear();
    this.revoked.clear();
    this.tokenExpiry.clear();
    this.refreshTokens.clear();
    for (const seed of this.seeds) {
      if (this.workspaces.has(seed.team.id)) throw new Error(`duplicate workspace seed ${seed.team.id}`);
      this.workspaces.set(seed.team.id, new Workspace(seed, this.now()));
      this.tokens.set(seed.botToken, seed.team.id);
    }
    this.enterprises.clear();
    this.orgTokens.clear();
    for (const seed of this.enterpriseSeeds) {
      if (this.enterprises.has(seed.id)) throw new Error(`duplicate enterprise seed ${seed.id}`);
      const members = seed.teamIds.map((t) => this.workspace(t));
      const bot = members[0]?.botUserId;
      for (const ws of members) {
        if (ws.enterpriseId) throw new Error(`emulator: ${ws.team.id} is in two enterprises`);
        // One app, one bot user across an organization's workspaces (an org-wide token posts as it everywhere).
        if (ws.botUserId !== bot) throw new Error(`emulator: the workspaces of ${seed.id} must share the bot user`);
        ws.enterpriseId = seed.id;
      }
      this.enterprises.set(seed.id, { seed, token: undefined, withoutAccess: new Set() });
    }
  }

  /** The organization a workspace belongs to, if any. */
  enterpriseOf(teamId: string): EnterpriseState | undefined {
    const id = this.workspace(teamId).enterpriseId;
    return id ? this.enterprises.get(id) : undefined;
  }

  enterprise(enterpriseId: string): EnterpriseState {
    const e = this.enterprises.get(enterpriseId);
    if (!e) throw new Error(`emulator: unknown enterprise ${enterpriseId}`);
    return e;
  }

  /** True while the app is installed org-wide in the organization (its token not revoked). */
  installedOrgWide(enterprise: EnterpriseState): boolean {
    return enterprise.token !== undefined && !this.revoked.has(enterprise.token);
  }

  /** Back to the seed: clears calls, messages, views, triggers and codes; ts keep increasing. */
  reset(): void {
    this.load();
    this.messages.length = 0;
    this.byKey.clear();
    this.byChannel.clear();
    this.calls.length = 0;
    this.views.clear();
    this.triggers.clear();
    this.oauthCodes.clear();
    this.notify();
  }

  workspace(teamId: string): Workspace {
    const ws = this.workspaces.get(teamId);
    if (!ws) throw new Error(`emulator: unknown team ${teamId}`);
    return ws;
  }

  user(teamId: string, userId: string): UserState {
    const u = this.workspace(teamId).users.get(userId);
    if (!u) throw new Error(`emulator: unknown user ${userId} in ${teamId}`);
    return u;
  }

  channel(teamId: string, channelId: string): ChannelState {
    const c = this.workspace(teamId).channels.get(channelId);
    if (!c) throw new Error(`emulator: unknown channel ${channelId} in ${teamId}`);
    return c;
  }

  /** A message ts: "<seconds>.<6 digits>", unique and strictly increasing, from the clock. */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.now()) * 1000, this.lastTsMicros + 100);
    this.lastTsMicros = micros;
    const secs = Math.floor(micros / 1_000_000);
    const frac = String(micros % 1_000_000).padStart(6, '0');
    return `${secs}.${frac}`;
  }

  /** An id like Slack's: prefix + 10 uppercase alphanumerics, unique within this emulator. */
  newId(prefix: string): string {
    this.idCounter += 1;
    const rand = randomBytes(6).toString('hex').toUpperCase().slice(0, 6);
    return `${prefix}${rand}${this.idCounter.toString(36).toUpperCase().padStart(4, '0')}`;
  }

  findMessage(teamId: string, channel: string, ts: string): PostedMessage | undefined {
    return this.byKey.get(`${teamId}\u0000${channel}\u0000${ts}`);
  }

  /** A conversation's messages in ts order, including thread replies, ephemerals and deleted ones. */
  channelMessages(teamId: string, channel: string): readonly PostedMessage[] {
    return this.byChannel.get(`${teamId}\u0000${channel}`) ?? [];
  }

  /** The only way messages are added (keeps the indexes in step with `messages`). */
  addMessage(m: PostedMessage): PostedMessage {
    this.messages.push(m);
    this.byKey.set(`${m.teamId}\u0000${m.channel}\u0000${m.ts}`, m);
    const key = `${m.teamId}\u0000${m.channel}`;
    let list = this.byChannel.get(key);
    if (!list) {
      list = [];
      this.byChannel.set(key, list);
    }
    list.push(m);
    this.notify();
    return m;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
