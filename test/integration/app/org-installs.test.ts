import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { completeOrgInstall, uninstallOrganization } from '../../../src/app/installations';
import type { Installation } from '../../../src/app/ports/installations';
import type { Jobs } from '../../../src/app/ports/jobs';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';

const { repos } = useTestRepositories();
const logger = pino({ level: 'silent' });
const at = new Date('2030-03-01T09:00:00Z');

function installation(key: Pick<Installation, 'teamId' | 'enterpriseId' | 'isEnterpriseInstall'>) {
  return {
    ...key,
    appId: 'A1',
    bot: {
      token: `xoxb-${key.teamId ?? key.enterpriseId}`,
      userId: 'WBOT',
      id: 'BBOT',
      scopes: [],
      refreshToken: null,
      expiresAt: null,
    },
    user: { id: 'WADMIN', token: null, scopes: [], refreshToken: null, expiresAt: null },
  };
}

describe('an organization’s org-wide install', () => {
  it('removed: its installation goes, and the workspaces it served are uninstalled, not one with an install of its own', async () => {
    const enterpriseId = `E${uniqueTeamId().slice(1)}`;
    const [served, ownInstall] = [uniqueTeamId(), uniqueTeamId()].sort() as [string, string];
    await repos.installations.save(installation({ teamId: null, enterpriseId, isEnterpriseInstall: true }), at);
    await repos.installations.save(installation({ teamId: ownInstall, enterpriseId, isEnterpriseInstall: false }), at);
    for (const teamId of [served, ownInstall]) {
      await repos.workspaces.save({ teamId, enterpriseId, botUserId: 'WBOT', botId: 'BBOT' });
    }

    const deps = { installations: repos.installations, workspaces: repos.workspaces, logger };
    expect(await uninstallOrganization(deps, enterpriseId, at, 30)).toEqual([served]);
    expect(await repos.installations.find({ teamId: null, enterpriseId, isEnterpriseInstall: true })).toBeUndefined();
    expect(await repos.installations.forTeam(served, enterpriseId)).toBeUndefined();
    expect((await repos.installations.forTeam(ownInstall, enterpriseId))?.bot?.token).toBe(`xoxb-${ownInstall}`);
    expect(await repos.workspaces.findInstalled(served)).toBeUndefined();
    expect(await repos.workspaces.findInstalled(ownInstall)).toBeDefined();
    // Removed again (tokens_revoked after app_uninstalled): nothing more to do.
    expect(await uninstallOrganization(deps, enterpriseId, at, 30)).toEqual([]);

    // Installed org-wide again: every workspace of the organization Baton knew is back, and synced.
    const synced: string[][] = [];
    const idle = async () => {};
    const jobs: Jobs = {
      syncDirectories: async (teams) => void synced.push([...teams]),
      deliverEvent: idle,
      captureCommands: idle,
      prompts: idle,
      checkins: idle,
      refreshTokens: idle,
      welcome: idle,
      digests: idle,
      thank: idle,
      publishHome: idle,
    };
    const back = await completeOrgInstall(
      { workspaces: repos.workspaces, jobs, logger },
      { enterpriseId, botUserId: 'WBOT2', botId: 'BBOT2', at },
    );
    expect(back).toEqual([served, ownInstall]);
    expect(await repos.workspaces.findInstalled(served)).toMatchObject({ enterpriseId, botUserId: 'WBOT2' });
    expect(synced).toEqual([[served, ownInstall]]);
    // An organization Baton never met has nothing to bring back.
    expect(
      await completeOrgInstall(
        { workspaces: repos.workspaces, jobs, logger },
        { enterpriseId: 'E0NEVERMET', botUserId: 'W', botId: 'B', at },
      ),
    ).toEqual([]);
    expect(synced).toHaveLength(1);
  });
});
