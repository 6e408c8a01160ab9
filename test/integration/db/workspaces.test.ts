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

  it('a workspace is installed only with its bot known, within its own team', async () => {
    const team = uniqueTeamId();
    await db.insertInto('workspaces').values({ team_id: team, bot_user_id: 'UBOT' }).execute();
    expect(await workspaces.findInstalled(team)).toBeUndefined();
    expect(await workspaces.findInstalled(uniqueTeamId())).toBeUndefined();
  });
});
