import type { Deps } from './deps';
import { RefreshRefused } from './ports/errors';
import type { InstallationKey } from './ports/installations';
import type { Jobs } from './ports/jobs';
import type { TokenRefresher } from './ports/slack';
import { sendOnce } from './send-once';
import type { DueWork } from './tick';

const DAY_MS = 24 * 3_600_000;

/** Tokens are refreshed when they expire within this (Slack's expire after 12 h; Bolt uses 2 h too). */
export const REFRESH_AHEAD_MS = 2 * 3_600_000;

export interface Installed {
  teamId: string;
  enterpriseId: string | null;
  botUserId: string;
  botId: string;
  /** Who installed Baton: they are welcomed. */
  installerId: string | null;
  at: Date;
}

/**
 * After an install (the installation is stored already): the workspace is recorded, so requests
 * from it are taken and a pending purge is called off (its tasks are back), and jobs sync its
 * members and welcome the installer with how to start.
 */
export async function completeInstall(
  deps: Pick<Deps, 'workspaces' | 'jobs' | 'logger'>,
  installed: Installed,
): Promise<void> {
  const { teamId, installerId, at } = installed;
  await deps.workspaces.save({
    teamId,
    enterpriseId: installed.enterpriseId,
    botUserId: installed.botUserId,
    botId: installed.botId,
  });
  await deps.jobs.syncDirectories([teamId], at);
  deps.logger.info({ team: teamId, user: installerId }, 'Baton installed in a workspace');
  if (installerId) await deps.jobs.welcome(teamId, installerId, at);
}

/**
 * After an org-wide install: the organization's workspaces Baton already knows (met before, then
 * removed with an earlier org-wide install) are recorded again, so their jobs run and a pending
 * purge is called off, and their members synced. Workspaces it has not met yet are recorded as
 * their first request comes (src/slack/workspace-access.ts). Returns the workspaces recorded.
 */
export async function completeOrgInstall(
  deps: Pick<Deps, 'workspaces' | 'jobs' | 'logger'>,
  installed: { enterpriseId: string; botUserId: string; botId: string; at: Date },
): Promise<string[]> {
  const { enterpriseId, botUserId, botId, at } = installed;
  const teams = await deps.workspaces.listInOrganization(enterpriseId, true);
  for (const teamId of teams) await deps.workspaces.save({ teamId, enterpriseId, botUserId, botId });
  if (teams.length > 0) await deps.jobs.syncDirectories(teams, at);
  deps.logger.info({ enterprise: enterpriseId, teams }, 'Baton installed in an organization');
  return teams;
}

/** The welcome DM of the install at `at`, sent once however often its job runs. */
export async function welcomeInstaller(
  deps: Pick<Deps, 'deliveries' | 'messenger' | 'logger' | 'staleClaimMs'>,
  teamId: string,
  userId: string,
  at: Date,
): Promise<void> {
  const key = `welcome-${userId}-${at.getTime()}`;
  await sendOnce(deps, { teamId, key, kind: 'welcome', target: userId }, () =>
    deps.messenger.welcome(teamId, userId, key),
  );
}

/**
 * app_uninstalled, or the bot's token revoked: the installation and its tokens are deleted at once,
 * and the workspace's data is purged after `purgeAfterDays` unless it is installed again before.
 * True when Baton knew the workspace.
 */
export async function uninstallWorkspace(
  deps: Pick<Deps, 'installations' | 'workspaces' | 'logger'>,
  teamId: string,
  at: Date,
  purgeAfterDays: number,
): Promise<boolean> {
  const deleted = await deps.installations.delete({ teamId, enterpriseId: null, isEnterpriseInstall: false });
  const purgeAfter = new Date(at.getTime() + purgeAfterDays * DAY_MS);
  const known = await deps.workspaces.markUninstalled(teamId, at, purgeAfter);
  deps.logger.info(
    { team: teamId, installationsDeleted: deleted, purgeAfter: purgeAfter.toISOString() },
    'Baton uninstalled from a workspace; its tokens are deleted, its data kept until purgeAfter',
  );
  return known || deleted > 0;
}

/**
 * An org-wide install removed (app_uninstalled or tokens_revoked for the organization): its
 * installation and token are deleted at once, and each of its workspaces served by it (not by an
 * install of its own) is uninstalled as one removed by itself is. Returns those workspaces.
 */
export async function uninstallOrganization(
  deps: Pick<Deps, 'installations' | 'workspaces' | 'logger'>,
  enterpriseId: string,
  at: Date,
  purgeAfterDays: number,
): Promise<string[]> {
  const deleted = await deps.installations.delete({ teamId: null, enterpriseId, isEnterpriseInstall: true });
  const purgeAfter = new Date(at.getTime() + purgeAfterDays * DAY_MS);
  const served = await uninstallServed(deps, await deps.workspaces.listInOrganization(enterpriseId), at, purgeAfter);
  deps.logger.info(
    { enterprise: enterpriseId, teams: served, installationsDeleted: deleted, purgeAfter: purgeAfter.toISOString() },
    'Baton uninstalled from an organization; its token is deleted, its workspaces’ data kept until purgeAfter',
  );
  return served;
}

/** Of these workspaces, those served by an org-wide install (none of their own) are uninstalled; returns them. */
async function uninstallServed(
  deps: Pick<Deps, 'installations' | 'workspaces'>,
  teams: readonly string[],
  at: Date,
  purgeAfter: Date,
): Promise<string[]> {
  const served: string[] = [];
  for (const teamId of teams) {
    if (await deps.installations.forTeam(teamId, null)) continue; // installed in that workspace on its own
    await deps.workspaces.markUninstalled(teamId, at, purgeAfter);
    served.push(teamId);
  }
  return served;
}

/**
 * An org admin took the org-wide install's access to some of the organization's workspaces away
 * (team_access_revoked): each it served is uninstalled as one removed by itself is, its data kept
 * for `purgeAfterDays`. Workspaces of another organization, or unknown to Baton, are left alone.
 * Returns those uninstalled.
 */
export async function organizationAccessRevoked(
  deps: Pick<Deps, 'installations' | 'workspaces' | 'logger'>,
  enterpriseId: string,
  teamIds: readonly string[],
  at: Date,
  purgeAfterDays: number,
): Promise<string[]> {
  const inOrganization = new Set(await deps.workspaces.listInOrganization(enterpriseId));
  const purgeAfter = new Date(at.getTime() + purgeAfterDays * DAY_MS);
  const served = await uninstallServed(
    deps,
    teamIds.filter((t) => inOrganization.has(t)),
    at,
    purgeAfter,
  );
  deps.logger.info(
    { enterprise: enterpriseId, teams: served, purgeAfter: purgeAfter.toISOString() },
    'an organization took workspaces from Baton; their data is kept until purgeAfter',
  );
  return served;
}

/**
 * An org admin gave the org-wide install access to workspaces (team_access_granted): each is
 * recorded as served by it, back from an earlier revoke if it was one, and its members synced.
 * Nothing without an org-wide install. Returns the workspaces recorded.
 */
export async function organizationAccessGranted(
  deps: Pick<Deps, 'installations' | 'workspaces' | 'jobs' | 'logger'>,
  enterpriseId: string,
  teamIds: readonly string[],
  at: Date,
): Promise<string[]> {
  const org = await deps.installations.find({ teamId: null, enterpriseId, isEnterpriseInstall: true });
  if (!org?.bot) {
    deps.logger.warn(
      { enterprise: enterpriseId, teams: teamIds },
      'workspaces granted to an org-wide install Baton does not have',
    );
    return [];
  }
  for (const teamId of teamIds) {
    await deps.workspaces.save({ teamId, enterpriseId, botUserId: org.bot.userId, botId: org.bot.id });
  }
  if (teamIds.length > 0) await deps.jobs.syncDirectories(teamIds, at);
  deps.logger.info({ enterprise: enterpriseId, teams: teamIds }, 'an organization gave Baton workspaces');
  return [...teamIds];
}

/** The tick's share: erase the data of workspaces uninstalled longer ago than the retention period. */
export function duePurges(deps: Pick<Deps, 'workspaces' | 'logger'>): DueWork {
  return {
    name: 'purges',
    async enqueueDue(at) {
      const teams = await deps.workspaces.duePurges(at);
      for (const teamId of teams) {
        const rows = await deps.workspaces.forget(teamId);
        deps.logger.info({ team: teamId, rows }, 'purged an uninstalled workspace after its retention period');
      }
      return teams.length;
    },
  };
}

/**
 * The tick's share of token rotation: Bolt refreshes a token only when a request comes in, so jobs
 * of a quiet workspace would find theirs expired. Each token expiring soon gets a refresh job.
 */
export function dueTokenRefreshes(deps: Pick<Deps, 'installations' | 'jobs'>): DueWork {
  return {
    name: 'tokenRefreshes',
    async enqueueDue(at) {
      const due = await deps.installations.expiringBefore(new Date(at.getTime() + REFRESH_AHEAD_MS));
      if (due.length > 0) await deps.jobs.refreshTokens(due);
      return due.length;
    },
  };
}

/**
 * Refreshes an installation's bot token, unless done already (a retried job). When Slack refuses
 * (the refresh token is invalid or revoked), the installation is marked broken: its jobs stop, and
 * that is logged once, for a person to reinstall.
 */
export async function refreshInstallation(
  deps: Pick<Deps, 'installations' | 'logger' | 'now'>,
  refresher: TokenRefresher,
  key: InstallationKey,
  onRefreshed: (key: InstallationKey) => void = () => {},
): Promise<'refreshed' | 'not_needed' | 'broken'> {
  const installation = await deps.installations.find(key);
  const bot = installation?.bot;
  if (!bot?.refreshToken) return 'not_needed';
  const now = deps.now();
  if (bot.expiresAt && bot.expiresAt.getTime() - now.getTime() > REFRESH_AHEAD_MS) return 'not_needed';
  const ids = { team: key.teamId, enterprise: key.enterpriseId };
  try {
    const fresh = await refresher.refresh(bot.refreshToken);
    await deps.installations.rotateBotToken(key, fresh.token, fresh.refreshToken, fresh.expiresAt, now);
    onRefreshed(key);
    deps.logger.info({ ...ids, expiresAt: fresh.expiresAt.toISOString() }, 'refreshed an installation’s token');
    return 'refreshed';
  } catch (err) {
    if (!(err instanceof RefreshRefused)) throw err;
    if (await deps.installations.markBroken(key, err.reason, now)) {
      deps.logger.error(
        { ...ids, reason: err.reason },
        'Slack refused to refresh the installation’s token: it is broken, and its jobs stop until Baton is installed again',
      );
    }
    onRefreshed(key);
    return 'broken';
  }
}

/**
 * The tick's jobs, leaving out workspaces no job may call Slack for (uninstalled, or a broken
 * installation): what is due there stays due, and goes out if Baton is installed again in time.
 */
export function skippingTeams(jobs: Jobs, suspended: ReadonlySet<string>): Jobs {
  if (suspended.size === 0) return jobs;
  const live = <T extends { teamId: string }>(items: readonly T[]) => items.filter((i) => !suspended.has(i.teamId));
  return {
    deliverEvent: async (teamId, eventId) => {
      if (!suspended.has(teamId)) await jobs.deliverEvent(teamId, eventId);
    },
    captureCommands: (commands) => jobs.captureCommands(live(commands)),
    prompts: (due, at) => jobs.prompts(live(due), at),
    checkins: (due, at) => jobs.checkins(live(due), at),
    digests: (due, at) => jobs.digests(live(due), at),
    thank: async (teamId, leadId, taskId) => {
      if (!suspended.has(teamId)) await jobs.thank(teamId, leadId, taskId);
    },
    publishHome: async (teamId, userIds) => {
      if (!suspended.has(teamId)) await jobs.publishHome(teamId, userIds);
    },
    refreshTokens: (due) => jobs.refreshTokens(due),
    welcome: (teamId, userId, at) => jobs.welcome(teamId, userId, at),
    syncDirectories: (teamIds, at) =>
      jobs.syncDirectories(
        teamIds.filter((t) => !suspended.has(t)),
        at,
      ),
  };
}
