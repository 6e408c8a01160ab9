import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { demoWorkspaces } from '../seed';
import { type FaultSpec, Faults } from './faults';
import { applySubmissionAck, viewJson } from './methods/views';
import { RateLimiter, type RateLimitOptions } from './rate-limits';
import type { ResponseUrlRecord } from './response-urls';
import { createDispatcher } from './server';
import { EmulatorState } from './state';
import type {
  EnterpriseSeed,
  PostedMessage,
  RecordedCall,
  SeedChannel,
  SeedUser,
  ViewRecord,
  WorkspaceSeed,
} from './types';
import type { ChannelState, UserState, Workspace } from './workspace';

export interface EmulatorOptions {
  /** 0 (default) = a random free port; always bound to 127.0.0.1. */
  port?: number;
  /** Default: the demo workspaces from seed.ts. */
  workspaces?: WorkspaceSeed[];
  /** Enterprise Grid organizations over some of `workspaces`, where the app can be installed org-wide. */
  enterprises?: EnterpriseSeed[];
  /** Default: Slack's tiers. `false` disables rate limiting. */
  rateLimits?: RateLimitOptions;
  /** Clock for ts, trigger expiry, response_url expiry and rate limits (default Date.now). */
  now?: () => number;
  logger?: Logger;
  /** Credentials oauth.v2.access accepts. */
  oauth?: { clientId: string; clientSecret: string };
  /** Token rotation: installs get bot tokens that expire after `expiresInSec`, and refresh tokens. */
  tokenRotation?: { expiresInSec: number };
}

export interface WaitOptions {
  timeoutMs?: number;
}

export interface UserPatch extends Partial<Omit<SeedUser, 'id'>> {
  id: string;
}

export const DEFAULT_OAUTH = { clientId: 'sandbox-client-id', clientSecret: 'sandbox-client-secret' } as const;

function describeMessage(m: PostedMessage): string {
  const where = `${m.teamId}/${m.channel}${m.threadTs ? `/thread ${m.threadTs}` : ''}`;
  const flags = [
    m.dmUser ? `dm:${m.dmUser}` : '',
    m.ephemeralTo ? `ephemeral:${m.ephemeralTo}` : '',
    m.deleted ? 'deleted' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `  ${m.ts} ${where} ${flags} ${JSON.stringify(m.text.slice(0, 120))} (${m.blocks.length} blocks)`;
}

/** A running Slack Web API emulator. Create with `startEmulator`. */
export class Emulator {
  readonly faults = new Faults();
  readonly now: () => number;
  private readonly state: EmulatorState;
  private readonly limiter: RateLimiter;
  private readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private readonly server: Server;
  private readonly oauth: { clientId: string; clientSecret: string };
  private portNumber = 0;
  /** The app's OAuth redirect URL, as in its settings: where the authorize page sends the browser back. */
  oauthRedirectUrl: string | undefined;

  /** Requests being handled now (a method's injected latency included). */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: EmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.state = new EmulatorState(options.workspaces ?? demoWorkspaces(), this.now, options.enterprises ?? []);
    this.state.tokenRotation = options.tokenRotation;
    this.limiter = new RateLimiter(options.rateLimits, this.now);
    this.oauth = options.oauth ?? { ...DEFAULT_OAUTH };
    const dispatch = createDispatcher({
      state: this.state,
      faults: this.faults,
      limiter: this.limiter,
      responseUrls: this.responseUrls,
      oauth: this.oauth,
      baseUrl: () => this.url,
      redirectUrl: () => this.oauthRedirectUrl,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.server = createServer((req, res) => {
      const handled = dispatch(req, res);
      this.inFlight.add(handled);
      void handled.finally(() => this.inFlight.delete(handled));
    });
    // Clients keep connections open between calls (undici for 4 s): the emulator keeps them longer,
    // so it never closes one just as a client reuses it (a reset that is nobody's fault).
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
  }

  /** @internal use startEmulator */
  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.portNumber = (this.server.address() as AddressInfo).port;
    this.options.logger?.info({ url: this.apiUrl }, 'slack emulator listening');
    return this;
  }

  get port(): number {
    return this.portNumber;
  }

  /** e.g. http://127.0.0.1:1234 */
  get url(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  /** Web API base for WebClient's `slackApiUrl`: http://127.0.0.1:PORT/api/ */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  get oauthCredentials(): { clientId: string; clientSecret: string } {
    return { ...this.oauth };
  }

  /** Every Web API and response_url call, in order. */
  get calls(): RecordedCall[] {
    return this.state.calls;
  }

  /**
   * Snapshots of the messages (including deleted and ephemeral ones), optionally filtered. The
   * filter sees the stored messages (only the matches are copied), so it must not change them.
   */
  messages(filter?: (m: Readonly<PostedMessage>) => boolean): PostedMessage[] {
    const matching = filter ? this.state.messages.filter(filter) : this.state.messages;
    return matching.map((m) => structuredClone(m));
  }

  /**
   * Resolves with a snapshot of the first message (existing or future, or changed later) matching.
   */
  waitFor(predicate: (m: Readonly<PostedMessage>) => boolean, options: WaitOptions = {}): Promise<PostedMessage> {
    return this.waitUntil(
      () => {
        const hit = this.state.messages.find(predicate);
        return hit ? structuredClone(hit) : undefined;
      },
      options,
      () => {
        const last = this.state.messages.slice(-8).map(describeMessage).join('\n');
        return `no matching message; last messages:\n${last || '  (none)'}`;
      },
    );
  }

  /** Resolves with the first recorded call (existing or future) matching. */
  waitForCall(predicate: (c: RecordedCall) => boolean, options: WaitOptions = {}): Promise<RecordedCall> {
    return this.waitUntil(
      () => {
        const hit = this.state.calls.find(predicate);
        return hit ? structuredClone(hit) : undefined;
      },
      options,
      () => {
        const last = this.state.calls
          .slice(-8)
          .map((c) => `  ${c.method} ${c.status} ${JSON.stringify(c.response).slice(0, 120)}`)
          .join('\n');
        return `no matching call; last calls:\n${last || '  (none)'}`;
      },
    );
  }

  private waitUntil<T>(find: () => T | undefined, options: WaitOptions, explain: () => string): Promise<T> {
    const timeoutMs = options.timeoutMs ?? 20_000;
    return new Promise<T>((resolve, reject) => {
      const found = find();
      if (found !== undefined) {
        resolve(found);
        return;
      }
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`emulator.waitFor timed out after ${timeoutMs} ms: ${explain()}`));
      }, timeoutMs);
      const unsubscribe = this.state.subscribe(() => {
        const hit = find();
        if (hit !== undefined) {
          clearTimeout(timer);
          unsubscribe();
          resolve(hit);
        }
      });
    });
  }

  /** Calls `listener` after every change (a message, a view, a call); returns the unsubscribe. */
  onChange(listener: () => void): () => void {
    return this.state.subscribe(listener);
  }

  /** A response_url for an interaction: 5 posts within 30 minutes. */
  newResponseUrl(opts: {
    teamId: string;
    channel: string;
    user: string;
    messageTs?: string;
    threadTs?: string;
  }): string {
    this.state.workspace(opts.teamId);
    const id = `${opts.teamId}/${randomBytes(12).toString('hex')}`;
    this.responseUrls.set(id, {
      id,
      teamId: opts.teamId,
      channel: opts.channel,
      user: opts.user,
      createdAt: this.now(),
      uses: 0,
      ...(opts.messageTs ? { messageTs: opts.messageTs } : {}),
      ...(opts.threadTs ? { threadTs: opts.threadTs } : {}),
    });
    return `${this.url}/response/${id}`;
  }

  /** A trigger_id stamped with the emulator clock; valid for 3 s and one view. */
  newTriggerId(opts: { teamId?: string; userId?: string } = {}): string {
    const id = `${Math.floor(this.now() / 1000)}.${randomBytes(6).readUIntBE(0, 6)}.${randomBytes(16).toString('hex')}`;
    this.state.triggers.set(id, { id, issuedAt: this.now(), ...opts });
    return id;
  }

  /** A code for oauth.v2.access that installs the app into `teamId` (or, with `enterpriseId`, its whole organization). */
  issueOAuthCode(teamId: string, opts: { userId?: string; enterpriseId?: string } = {}): string {
    this.state.workspace(teamId);
    if (opts.enterpriseId && this.state.enterpriseOf(teamId)?.seed.id !== opts.enterpriseId) {
      throw new Error(`emulator: ${teamId} is not in ${opts.enterpriseId}`);
    }
    const code = `${teamId}.${randomBytes(16).toString('hex')}`;
    this.state.oauthCodes.set(code, { code, teamId, issuedAt: this.now(), used: false, ...opts });
    return code;
  }

  // --- read access to the workspace state ---

  workspace(teamId: string): Workspace {
    return this.state.workspace(teamId);
  }

  workspaceIds(): string[] {
    return [...this.state.workspaces.keys()];
  }

  user(teamId: string, userId: string): UserState {
    return this.state.user(teamId, userId);
  }

  channel(teamId: string, channelId: string): ChannelState {
    return this.state.channel(teamId, channelId);
  }

  /** The app's DM channel id with a user (created if needed). */
  openDm(teamId: string, userId: string): string {
    this.state.user(teamId, userId);
    return this.state.workspace(teamId).dmWith(userId, this.now()).id;
  }

  view(viewId: string): ViewRecord | undefined {
    return this.state.views.get(viewId);
  }

  /** The view object as Slack sends it in payloads (id, hash, blocks, private_metadata, …). */
  viewPayload(viewId: string): Record<string, unknown> {
    const v = this.state.views.get(viewId);
    if (!v) throw new Error(`emulator: unknown view ${viewId}`);
    return viewJson({ ws: this.state.workspace(v.teamId) }, v);
  }

  views(filter?: (v: ViewRecord) => boolean): ViewRecord[] {
    const all = [...this.state.views.values()];
    return filter ? all.filter(filter) : all;
  }

  homeView(teamId: string, userId: string): ViewRecord | undefined {
    const id = this.state.workspace(teamId).homeViews.get(userId);
    return id ? this.state.views.get(id) : undefined;
  }

  /**
   * Applies the app's answer to a view_submission of `viewId` as Slack would (errors on the fields,
   * update, push, clear, or close). Returns the view now on top.
   */
  applyViewSubmissionAck(viewId: string, ack: unknown): ViewRecord {
    return applySubmissionAck(this.state, viewId, ack);
  }

  /** Marks a modal closed (as after view_submission with no response_action, or the user closing it). */
  closeView(viewId: string): void {
    const v = this.state.views.get(viewId);
    if (v) {
      v.closed = true;
      this.state.notify();
    }
  }

  // --- admin helpers for tests ---

  /** A message written by a human (for message shortcuts and events). */
  postAsUser(opts: {
    teamId: string;
    channel: string;
    user: string;
    text: string;
    threadTs?: string;
    blocks?: unknown[];
  }): PostedMessage {
    this.state.user(opts.teamId, opts.user);
    const ws = this.state.workspace(opts.teamId);
    const ch = /^[UW]/.test(opts.channel) ? ws.dmWith(opts.channel, this.now()) : ws.channels.get(opts.channel);
    if (!ch) throw new Error(`emulator: unknown channel ${opts.channel}`);
    const ts = this.state.nextTs();
    const parent = opts.threadTs ? this.state.findMessage(opts.teamId, ch.id, opts.threadTs) : undefined;
    if (parent) {
      parent.replyCount += 1;
      if (!parent.replyUsers.includes(opts.user)) parent.replyUsers.push(opts.user);
      parent.latestReply = ts;
    }
    const added = this.state.addMessage({
      teamId: opts.teamId,
      channel: ch.id,
      ts,
      text: opts.text,
      blocks: opts.blocks ?? [],
      user: opts.user,
      replyCount: 0,
      replyUsers: [],
      via: 'admin',
      postedAt: this.now(),
      ...(opts.threadTs ? { threadTs: opts.threadTs } : {}),
      ...(parent ? { parentUser: parent.user } : {}),
      ...(ch.isIm && ch.imUser ? { dmUser: ch.imUser } : {}),
    });
    return structuredClone(added);
  }

  /**
   * Updates (or adds) a user: e.g. `{ id, deleted: true }` or `{ id, tz: 'Asia/Tokyo' }`. O(1):
   * fine in a loop of hundreds, though `addUsers` wakes pending `waitFor`s once instead of per user.
   */
  setUser(teamId: string, patch: UserPatch): UserState {
    const u = this.state.workspace(teamId).upsertUser(patch);
    this.state.notify();
    return u;
  }

  /**
   * Bulk seeding (load tests): adds users, or patches those that exist, in one pass. Returns how
   * many there are now in the workspace. Like `setUser`, they are gone after `reset()`.
   */
  addUsers(teamId: string, users: readonly (SeedUser | UserPatch)[]): number {
    const ws = this.state.workspace(teamId);
    for (const u of users) ws.upsertUser(u);
    this.state.notify();
    return ws.users.size;
  }

  /** Adds a channel (e.g. many check-in channels for a load test). */
  addChannel(teamId: string, channel: SeedChannel): void {
    this.state.workspace(teamId).addChannel(channel, this.now());
    this.state.notify();
  }

  archiveChannel(teamId: string, channelId: string, archived = true): void {
    this.state.channel(teamId, channelId).isArchived = archived;
  }

  removeBotFromChannel(teamId: string, channelId: string): void {
    const ws = this.state.workspace(teamId);
    this.state.channel(teamId, channelId).members.delete(ws.botUserId);
  }

  addBotToChannel(teamId: string, channelId: string): void {
    const ws = this.state.workspace(teamId);
    this.state.channel(teamId, channelId).members.add(ws.botUserId);
  }

  /** Further calls with this token get `token_revoked`. */
  revokeToken(token: string): void {
    if (!this.state.tokens.has(token)) throw new Error('emulator: unknown token');
    this.state.revoked.add(token);
  }

  /**
   * The app removed from a workspace, as an admin does: every token it had there is revoked
   * (calls with them get `token_revoked`), and so are its refresh tokens. Slack then sends
   * app_uninstalled and tokens_revoked: `SlackDriver.uninstall` does both.
   */
  uninstall(teamId: string): void {
    this.state.workspace(teamId);
    for (const [token, team] of this.state.tokens) if (team === teamId) this.state.revoked.add(token);
    for (const [refresh, team] of this.state.refreshTokens)
      if (team === teamId) this.state.refreshTokens.delete(refresh);
    this.state.notify();
  }

  /**
   * The app removed from an organization it was installed in org-wide: its org-wide token is
   * revoked. Slack then sends app_uninstalled and tokens_revoked for the organization:
   * `SlackDriver.uninstallOrganization` does both.
   */
  uninstallOrganization(enterpriseId: string): void {
    const enterprise = this.state.enterprise(enterpriseId);
    if (enterprise.token) this.state.revoked.add(enterprise.token);
    this.state.notify();
  }

  /**
   * An org admin takes the org-wide app's access to some of the organization's workspaces away, or
   * gives it back: its token no longer acts there (team_access_not_granted), or does again. Slack
   * then sends team_access_revoked / team_access_granted: `SlackDriver.changeTeamAccess` does both.
   */
  setTeamAccess(enterpriseId: string, teamIds: readonly string[], granted: boolean): void {
    const enterprise = this.state.enterprise(enterpriseId);
    for (const teamId of teamIds) {
      if (!enterprise.seed.teamIds.includes(teamId)) throw new Error(`emulator: ${teamId} is not in ${enterpriseId}`);
      if (granted) enterprise.withoutAccess.delete(teamId);
      else enterprise.withoutAccess.add(teamId);
    }
    this.state.notify();
  }

  /** The organization a workspace belongs to, and whether the app is installed there org-wide. */
  organizationOf(teamId: string): { id: string; name: string; installedOrgWide: boolean } | undefined {
    const e = this.state.enterpriseOf(teamId);
    return e ? { id: e.seed.id, name: e.seed.name, installedOrgWide: this.state.installedOrgWide(e) } : undefined;
  }

  /** The organization's org-wide bot token, once installed org-wide. */
  orgToken(enterpriseId: string): string | undefined {
    return this.state.enterprise(enterpriseId).token;
  }

  /** Slack no longer honours the workspace's refresh tokens (a refresh then fails with invalid_refresh_token). */
  invalidateRefreshTokens(teamId: string): void {
    for (const [refresh, team] of this.state.refreshTokens)
      if (team === teamId) this.state.refreshTokens.delete(refresh);
  }

  /** Token rotation on or off from now on (installs and refreshes issue expiring tokens while on). */
  setTokenRotation(rotation: { expiresInSec: number } | undefined): void {
    this.state.tokenRotation = rotation;
  }

  /** The authorize page's address (`…/oauth/v2/authorize`), beside the Web API. */
  get authorizeUrl(): string {
    return `${this.url}/oauth/v2/authorize`;
  }

  /** Rate limits use the emulator clock; this forgets all counted calls. */
  resetRateLimits(): void {
    this.limiter.reset();
  }

  /** Back to the seed: clears calls, messages, views, triggers, response urls, faults and rate counters. */
  reset(): void {
    this.state.reset();
    this.responseUrls.clear();
    this.faults.clear();
    this.limiter.reset();
  }

  /** Slack unreachable: the port stops accepting connections (they are refused) and open ones are cut. */
  async goOffline(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    // What Slack was already handling still takes effect (its answers are lost with the connections).
    await Promise.allSettled([...this.inFlight]);
  }

  /** Slack back, on the same port, with everything it had. */
  async goOnline(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.portNumber, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.server.close((err) => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }

  /** Shorthand for `faults.inject`. */
  injectFault(spec: FaultSpec): void {
    this.faults.inject(spec);
  }
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return new Emulator(options).listen();
}
