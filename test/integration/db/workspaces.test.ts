import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';

const { db, repos } = useTestRepositories();
const workspaces = repos.workspaces;

async function rowOf(team: string) {
  return db.selectFrom('workspaces').selectAll().where('team_id', '=', team).executeTakeFirstOrThrow();
}

describe('workspaces repository', () => {
  it('installs, uninstalls and re-installs, keeping settings', async () => {
    const team = uniqueTeamId();
    const installed = { teamId: team, enterpriseId: 'E1', botUserId: 'UBOT', botId: 'BBOT' };
    await workspaces.save(installed);
    expect(await workspaces.findInstalled(team)).toEqual(installed);
    expect(await workspaces.listInstalledTeams()).toContain(team);
    expect(await rowOf(team)).toMatchObject({ team_id: team, enterprise_id: 'E1', uninstalled_at: null, settings: {} });
    await sql`update workspaces set settings = '{"checkin_cadence":"daily"}', bot_token_encrypted = 'v1:cipher',
      installation = '{"team":{"id":"x"}}' where team_id = ${team}`.execute(db);

    const at = new Date('2030-02-01T00:00:00Z');
    expect(await workspaces.markUninstalled(team, at)).toBe(true);
    expect(await rowOf(team)).toMatchObject({ uninstalled_at: at, bot_token_encrypted: null, installation: null });
    expect(await workspaces.findInstalled(team)).toBeUndefined();
    expect(await workspaces.listInstalledTeams()).not.toContain(team);
    expect(await workspaces.markUninstalled(uniqueTeamId(), at)).toBe(false);

    const again = { teamId: team, enterpriseId: null, botUserId: 'UBOT2', botId: 'BBOT2' };
    await workspaces.save(again);
    expect(await workspaces.findInstalled(team)).toEqual(again);
    expect(await rowOf(team)).toMatchObject({ uninstalled_at: null, settings: { checkin_cadence: 'daily' } });
  });

  it('lists the installed workspaces of one organization only', async () => {
    const org = `E${uniqueTeamId().slice(1)}`;
    const [first, second, elsewhere] = [uniqueTeamId(), uniqueTeamId(), uniqueTeamId()];
    for (const [teamId, enterpriseId] of [
      [first, org],
      [second, org],
      [elsewhere, 'E0ELSEWHERE'],
    ] as const) {
      await workspaces.save({ teamId, enterpriseId, botUserId: 'WBOT', botId: 'BBOT' });
    }
    expect(await workspaces.listInOrganization(org)).toEqual([first, second].sort());
    await workspaces.markUninstalled(second, new Date());
    expect(await workspaces.listInOrganization(org)).toEqual([first]);
    expect(await workspaces.listInOrganization(org, true)).toEqual([first, second].sort());
  });

  it('a workspace is installed only with its bot known, within its own team', async () => {
    const team = uniqueTeamId();
    await db.insertInto('workspaces').values({ team_id: team, bot_user_id: 'UBOT' }).execute();
    expect(await workspaces.findInstalled(team)).toBeUndefined();
    expect(await workspaces.findInstalled(uniqueTeamId())).toBeUndefined();
  });
});

describe('suspended workspaces', () => {
  const person = (teamId: string) => ({
    teamId,
    id: 'ULEAD',
    name: 'Lead',
    handle: 'lead',
    displayName: null,
    timeZone: 'UTC',
    isBot: false,
    isDeleted: false,
  });

  it('an uninstalled workspace is suspended, left out of due prompts, and due for purging after its retention', async () => {
    const team = uniqueTeamId();
    await workspaces.save({ teamId: team, enterpriseId: null, botUserId: 'UBOT', botId: 'BBOT' });
    await repos.people.save(person(team), new Date());
    const due = new Date('2030-01-01T09:00:00Z');
    await repos.people.setNextPromptAt(team, 'ULEAD', due);
    const dueTeams = async () => (await repos.people.findDuePrompts(due, 100_000)).map((d) => d.teamId);
    expect(await dueTeams()).toContain(team);

    const purgeAfter = new Date('2030-02-01T00:00:00Z');
    await workspaces.markUninstalled(team, due, purgeAfter);
    expect(await workspaces.listSuspendedTeams()).toContain(team);
    expect(await dueTeams()).not.toContain(team);
    expect(await workspaces.duePurges(new Date('2030-01-31T23:59:00Z'))).not.toContain(team);
    expect(await workspaces.duePurges(purgeAfter)).toContain(team);

    // Installed again before the purge: due again, and nothing to purge.
    await workspaces.save({ teamId: team, enterpriseId: null, botUserId: 'UBOT', botId: 'BBOT' });
    expect(await workspaces.listSuspendedTeams()).not.toContain(team);
    expect(await dueTeams()).toContain(team);
    expect(await workspaces.duePurges(purgeAfter)).not.toContain(team);
  });

  it('a workspace whose installation broke is suspended until it is installed again', async () => {
    const team = uniqueTeamId();
    const key = { teamId: team, enterpriseId: null, isEnterpriseInstall: false };
    const installation = {
      ...key,
      appId: 'A1',
      bot: { token: 'xoxb-1', userId: 'UBOT', id: 'BBOT', scopes: [], refreshToken: 'xoxe-1-r', expiresAt: new Date() },
      user: { id: 'ULEAD', token: null, scopes: [], refreshToken: null, expiresAt: null },
    };
    await repos.installations.save(installation, new Date());
    expect(await workspaces.listSuspendedTeams()).not.toContain(team);
    await repos.installations.markBroken(key, 'invalid_refresh_token', new Date());
    expect(await workspaces.listSuspendedTeams()).toContain(team);
    await repos.installations.save(installation, new Date());
    expect(await workspaces.listSuspendedTeams()).not.toContain(team);
  });
});
