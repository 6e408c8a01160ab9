import type { Deps } from './deps';
import type { Jobs } from './ports/jobs';
import { sendOnce } from './send-once';
import type { DueWork } from './tick';

const DAY_MS = 24 * 3_600_000;

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
 * from it are taken and a pending purge is called off (its tasks are back), its members are
 * synced, and the installer gets a welcome with how to start, once per install.
 */
export async function completeInstall(
  deps: Pick<Deps, 'workspaces' | 'jobs' | 'deliveries' | 'messenger' | 'logger' | 'staleClaimMs'>,
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
  if (!installerId) return;
  const key = `welcome-${installerId}-${at.getTime()}`;
  await sendOnce(deps, { teamId, key, kind: 'welcome', target: installerId }, () =>
    deps.messenger.welcome(teamId, installerId, key),
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
    prompts: (due, at) => jobs.prompts(live(due), at),
    checkins: (due, at) => jobs.checkins(live(due), at),
    syncDirectories: (teamIds, at) =>
      jobs.syncDirectories(
        teamIds.filter((t) => !suspended.has(t)),
        at,
      ),
  };
}
