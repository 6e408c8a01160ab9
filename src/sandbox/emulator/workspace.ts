import { createHash } from 'node:crypto';
import type { SeedChannel, SeedTeam, SeedUser, WorkspaceSeed } from './types';

export interface UserState {
  id: string;
  teamId: string;
  name: string;
  realName: string;
  displayName: string;
  tz: string;
  isBot: boolean;
  isAppUser: boolean;
  deleted: boolean;
  isAdmin: boolean;
  botId?: string;
}

export interface ChannelState {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  isIm: boolean;
  /** For DMs: the human on the other side. */
  imUser?: string;
  members: Set<string>;
  created: number;
}

/** Slackbot is a member of every workspace and is listed by users.list with is_bot: false. */
export const SLACKBOT_ID = 'USLACKBOT';

/** One workspace's mutable state, rebuilt from its seed on reset. */
export class Workspace {
  readonly team: SeedTeam;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly botName: string;
  botToken: string;
  /** The Enterprise Grid organization it belongs to, if any. */
  enterpriseId: string | undefined = undefined;
  readonly users = new Map<string, UserState>();
  readonly channels = new Map<string, ChannelState>();
  /** userId → DM channel id. */
  readonly dms = new Map<string, string>();
  /** userId → home view id. */
  readonly homeViews = new Map<string, string>();

  constructor(
    readonly seed: WorkspaceSeed,
    created: number,
  ) {
    this.team = { ...seed.team };
    this.botUserId = seed.botUserId;
    this.botId = seed.botId;
    this.appId = seed.appId;
    this.botName = seed.botName ?? 'baton';
    this.botToken = seed.botToken;
    this.addUser({ id: SLACKBOT_ID, name: 'slackbot', realName: 'Slackbot', tz: 'America/Los_Angeles' });
    for (const u of seed.users) this.addUser(u);
    if (!this.users.has(seed.botUserId)) {
      this.addUser({ id: seed.botUserId, name: this.botName, realName: this.botName, tz: 'UTC', isBot: true });
    }
    const bot = this.users.get(seed.botUserId);
    if (bot) {
      bot.isBot = true;
      bot.botId = seed.botId;
    }
    for (const c of seed.channels) this.addChannel(c, created);
  }

  private addUser(u: SeedUser): void {
    this.users.set(u.id, {
      id: u.id,
      teamId: this.team.id,
      name: u.name,
      realName: u.realName,
      displayName: u.displayName ?? u.name,
      tz: u.tz,
      isBot: u.isBot ?? false,
      isAppUser: false,
      deleted: u.deleted ?? false,
      isAdmin: u.isAdmin ?? false,
    });
  }

  /**
   * Adds a user (missing fields defaulted from the id) or patches an existing one; O(1).
   * Added users live until `reset()`, which rebuilds the workspace from its seed.
   */
  upsertUser(patch: Partial<Omit<SeedUser, 'id'>> & { id: string }): UserState {
    const u = this.users.get(patch.id);
    if (!u) {
      const added: UserState = {
        id: patch.id,
        teamId: this.team.id,
        name: patch.name ?? patch.id.toLowerCase(),
        realName: patch.realName ?? patch.name ?? patch.id,
        displayName: patch.displayName ?? patch.name ?? patch.id.toLowerCase(),
        tz: patch.tz ?? 'UTC',
        isBot: patch.isBot ?? false,
        isAppUser: false,
        deleted: patch.deleted ?? false,
        isAdmin: patch.isAdmin ?? false,
      };
      this.users.set(added.id, added);
      return added;
    }
    if (patch.name !== undefined) u.name = patch.name;
    if (patch.realName !== undefined) u.realName = patch.realName;
    if (patch.displayName !== undefined) u.displayName = patch.displayName;
    if (patch.tz !== undefined) u.tz = patch.tz;
    if (patch.isBot !== undefined) u.isBot = patch.isBot;
    if (patch.deleted !== undefined) u.deleted = patch.deleted;
    if (patch.isAdmin !== undefined) u.isAdmin = patch.isAdmin;
    return u;
  }

  addChannel(c: SeedChannel, created: number): void {
    const members = new Set(c.members);
    if (c.botIsMember) members.add(this.botUserId);
    this.channels.set(c.id, {
      id: c.id,
      name: c.name,
      isPrivate: c.isPrivate ?? false,
      isArchived: c.isArchived ?? false,
      isIm: false,
      members,
      created: Math.floor(created / 1000),
    });
  }

  /** The app's DM with a user, created on first use; its id is stable per team and user. */
  dmWith(userId: string, created: number): ChannelState {
    const existing = this.dms.get(userId);
    if (existing) {
      const ch = this.channels.get(existing);
      if (ch) return ch;
    }
    const id = dmChannelId(this.team.id, userId);
    const ch: ChannelState = {
      id,
      name: userId,
      isPrivate: true,
      isArchived: false,
      isIm: true,
      imUser: userId,
      members: new Set([userId, this.botUserId]),
      created: Math.floor(created / 1000),
    };
    this.channels.set(id, ch);
    this.dms.set(userId, id);
    return ch;
  }

  /** True when the bot can see the conversation at all (public, or private/DM it is in). */
  botCanSee(ch: ChannelState): boolean {
    return !ch.isPrivate || ch.members.has(this.botUserId);
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function dmChannelId(teamId: string, userId: string): string {
  const digest = createHash('sha256').update(`${teamId}:${userId}`).digest();
  let out = 'D';
  for (let i = 0; i < 10; i++) out += BASE32[(digest[i] ?? 0) % 32];
  return out;
}
