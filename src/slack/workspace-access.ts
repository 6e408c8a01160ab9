import type { webApi } from '@slack/bolt';
import { WorkspaceUnavailable } from '../app/ports/errors';
import type { InstallationRepository } from '../app/ports/installations';
import type { BotIdentity, BotIdentityWatch } from './bot-identity';
import { slackErrorCode } from './directory';

/** What Baton needs to act in a workspace: its bot token and who its bot is there. */
export interface BotAccess {
  teamId: string;
  botToken: string;
  botUserId: string;
  botId: string;
}

/** Which workspaces Baton is installed in, and with what. Every Slack request is checked against it. */
export interface WorkspaceAccess {
  /** The bot's access in that workspace, or null when Baton is not installed there. */
  find(teamId: string, enterpriseId: string | null): Promise<BotAccess | null>;
  /**
   * Whether Baton knows which workspaces it is installed in. Not yet when it has never reached
   * Slack to ask: a request it cannot place then is "not yet", not "not installed".
   */
  settled(): Promise<boolean>;
}

/** A request is answered within Slack's 3 s: asking Slack who the bot is may take this much of them. */
const ASK_SLACK_WITHIN_MS = 1_000;

/**
 * One workspace (SLACK_BOT_TOKEN): the one its token belongs to, learnt from Slack (auth.test)
 * or, while Slack cannot be reached, from the workspace recorded when it last was.
 */
export function singleWorkspaceAccess(
  botToken: string,
  identity: BotIdentityWatch,
  recorded: (teamId: string) => Promise<Omit<BotIdentity, 'enterpriseId'> | undefined>,
  anyRecorded: () => Promise<boolean>,
): WorkspaceAccess {
  return {
    settled: async () => identity.current() !== undefined || (await anyRecorded()),
    async find(teamId) {
      const known = identity.current() ?? (await identity.knownWithin(ASK_SLACK_WITHIN_MS));
      if (known) return known.teamId === teamId ? { ...known, botToken } : null;
      const row = await recorded(teamId);
      return row ? { ...row, botToken } : null;
    },
  };
}

/** What Slack answers once a workspace's token is revoked or Baton removed (docs/slack-platform.md). */
const TOKEN_GONE = new Set(['token_revoked', 'invalid_auth', 'account_inactive', 'not_authed', 'team_not_found']);

/** Whether an error says Baton can no longer act in the workspace at all (not: try later). */
export function isWorkspaceGone(err: unknown): boolean {
  if (err instanceof WorkspaceUnavailable) return true;
  const code = slackErrorCode(err);
  return code !== undefined && TOKEN_GONE.has(code);
}

/** Many workspaces (OAuth): each one's access is looked up in its installation, cached briefly. */
export interface InstalledWorkspaceAccess extends WorkspaceAccess {
  /** Drops what is cached for the workspace (uninstalled, or its token refreshed). */
  forget(teamId: string): void;
}

export interface InstalledAccessOptions {
  installations: Pick<InstallationRepository, 'forTeam'>;
  /** The organization a workspace belongs to, for one served by an org-wide install (jobs know the team only). */
  enterpriseOf: (teamId: string) => Promise<string | null>;
  /** How long a looked-up token is reused (default 60 s); an uninstall in another process is seen after this. */
  cacheMs?: number;
  nowMs?: () => number;
  /**
   * A workspace met for the first time through its organization's org-wide install (a request from
   * it): recorded, so that its jobs find their organization, and its members synced.
   */
  metThroughOrganization?: (workspace: BotAccess & { enterpriseId: string }) => Promise<void>;
}

export function installedWorkspaceAccess(options: InstalledAccessOptions): InstalledWorkspaceAccess {
  const cacheMs = options.cacheMs ?? 60_000;
  const nowMs = options.nowMs ?? Date.now;
  // Only installations found are cached: a workspace installed a moment ago is served at once.
  const cache = new Map<string, { access: BotAccess; until: number }>();
  return {
    settled: async () => true,
    async find(teamId, enterpriseId) {
      const hit = cache.get(teamId);
      if (hit && hit.until > nowMs()) return hit.access;
      cache.delete(teamId);
      const recorded = await options.enterpriseOf(teamId);
      const installation = await options.installations.forTeam(teamId, enterpriseId ?? recorded);
      if (!installation?.bot) return null;
      const { bot } = installation;
      const access = { teamId, botToken: bot.token, botUserId: bot.userId, botId: bot.id };
      if (installation.isEnterpriseInstall && installation.enterpriseId && recorded === null) {
        await options.metThroughOrganization?.({ ...access, enterpriseId: installation.enterpriseId });
      }
      cache.set(teamId, { access, until: nowMs() + cacheMs });
      return access;
    },
    forget: (teamId) => {
      cache.delete(teamId);
    },
  };
}

/**
 * The Web API client of a workspace's jobs, with its token looked up when the job runs (never
 * carried in job data). WorkspaceUnavailable when Baton is no longer installed there.
 */
export function clientsByTeam(
  workspaces: WorkspaceAccess,
  makeClient: (token: string) => webApi.WebClient,
): (teamId: string) => Promise<webApi.WebClient> {
  const clients = new Map<string, { token: string; client: webApi.WebClient }>();
  return async (teamId) => {
    const access = await workspaces.find(teamId, null);
    if (!access) {
      clients.delete(teamId);
      throw new WorkspaceUnavailable(teamId);
    }
    const known = clients.get(teamId);
    if (known?.token === access.botToken) return known.client;
    const client = makeClient(access.botToken);
    clients.set(teamId, { token: access.botToken, client });
    return client;
  };
}
