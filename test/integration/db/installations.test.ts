import { describe, expect, it } from 'vitest';
import type { Installation } from '../../../src/app/ports/installations';
import { camelCaseView } from '../../../src/db/database';
import { installationRepository, resealInstallations } from '../../../src/db/repositories/installations';
import { keyId, SealError, tokenSeal } from '../../../src/db/token-seal';
import { postgresInstallationStore } from '../../../src/slack/installation-store';
import { uniqueTeamId, useTestDb } from '../../support/db-context';

const db = useTestDb();
const OLD_KEY = 'o'.repeat(32);
const NEW_KEY = 'n'.repeat(32);
const installations = installationRepository(camelCaseView(db), tokenSeal(OLD_KEY));
const at = new Date('2030-03-01T09:00:00Z');

function installationOf(team: string, overrides: Partial<Installation> = {}): Omit<Installation, 'installedAt'> {
  return {
    teamId: team,
    enterpriseId: null,
    isEnterpriseInstall: false,
    appId: 'A1',
    bot: {
      token: `xoxb-${team}-secret`,
      userId: 'UBOT',
      id: 'BBOT',
      scopes: ['commands', 'chat:write'],
      refreshToken: `xoxe-1-${team}-refresh`,
      expiresAt: new Date('2030-03-01T21:00:00Z'),
    },
    user: { id: 'UADMIN', token: null, scopes: [], refreshToken: null, expiresAt: null },
    ...overrides,
  };
}

async function rowOf(team: string) {
  return db.selectFrom('installations').selectAll().where('team_id', '=', team).executeTakeFirstOrThrow();
}

describe('installations repository', () => {
  it('stores tokens sealed and gives them back opened, within the workspace', async () => {
    const team = uniqueTeamId();
    await installations.save(installationOf(team), at);
    const row = await rowOf(team);
    expect(row.bot_token_sealed).toMatch(new RegExp(`^v1:${keyId(OLD_KEY)}:`));
    expect(JSON.stringify(row)).not.toContain(`${team}-secret`);
    expect(JSON.stringify(row)).not.toContain(`${team}-refresh`);
    const found = await installations.forTeam(team, null);
    expect(found).toMatchObject({ teamId: team, installedAt: at, bot: { token: `xoxb-${team}-secret` } });
    expect(found?.bot?.refreshToken).toBe(`xoxe-1-${team}-refresh`);
    expect(await installations.forTeam(uniqueTeamId(), null)).toBeUndefined();
  });

  it('serves the workspaces of an organization from its org-wide install, their own install first', async () => {
    const enterprise = `E${uniqueTeamId().slice(1)}`;
    const org = installationOf('ignored', { teamId: null, enterpriseId: enterprise, isEnterpriseInstall: true });
    await installations.save(org, at);
    const member = uniqueTeamId();
    expect((await installations.forTeam(member, enterprise))?.bot?.token).toBe('xoxb-ignored-secret');
    expect(await installations.forTeam(member, null)).toBeUndefined();
    await installations.save(installationOf(member, { enterpriseId: enterprise }), at);
    expect((await installations.forTeam(member, enterprise))?.bot?.token).toBe(`xoxb-${member}-secret`);
    expect(
      await installations.find({ teamId: null, enterpriseId: enterprise, isEnterpriseInstall: true }),
    ).toBeDefined();
  });

  it('rotate-key leaves a row it cannot open as it is, and names it', async () => {
    const team = uniqueTeamId();
    await installations.save(installationOf(team), at);
    const outcome = await resealInstallations(camelCaseView(db), tokenSeal(NEW_KEY));
    expect(outcome.unopened).toContainEqual({ teamId: team, enterpriseId: null, isEnterpriseInstall: false });
    expect((await rowOf(team)).bot_token_sealed).toMatch(new RegExp(`^v1:${keyId(OLD_KEY)}:`));
  });

  it('a token copied into another workspace row does not open', async () => {
    const a = uniqueTeamId();
    const b = uniqueTeamId();
    await installations.save(installationOf(a), at);
    await installations.save(installationOf(b), at);
    const sealedA = (await rowOf(a)).bot_token_sealed;
    await db.updateTable('installations').set({ bot_token_sealed: sealedA }).where('team_id', '=', b).execute();
    await expect(installations.forTeam(b, null)).rejects.toThrow(SealError);
  });

  it('rotates the bot token, lists what expires, and a broken installation serves nothing until reinstalled', async () => {
    const team = uniqueTeamId();
    const key = { teamId: team, enterpriseId: null, isEnterpriseInstall: false };
    await installations.save(installationOf(team), at);
    const soon = await installations.expiringBefore(new Date('2030-03-01T22:00:00Z'));
    expect(soon).toContainEqual({ ...key, expiresAt: new Date('2030-03-01T21:00:00Z') });
    const later = new Date('2030-03-02T09:00:00Z');
    await installations.rotateBotToken(key, 'xoxb-new', 'xoxe-1-new', later, at);
    expect((await installations.forTeam(team, null))?.bot).toMatchObject({ token: 'xoxb-new', expiresAt: later });
    const teamsExpiring = async (before: string) =>
      (await installations.expiringBefore(new Date(before))).map((k) => k.teamId);
    expect(await teamsExpiring('2030-03-01T22:00:00Z')).not.toContain(team);

    expect(await installations.markBroken(key, 'invalid_grant', at)).toBe(true);
    expect(await installations.markBroken(key, 'invalid_grant', at)).toBe(false);
    expect(await installations.forTeam(team, null)).toBeUndefined();
    expect(await teamsExpiring('2031-01-01T00:00:00Z')).not.toContain(team);
    await installations.save(installationOf(team), at);
    expect(await installations.forTeam(team, null)).toBeDefined();
    expect(await installations.delete(key)).toBe(1);
    expect(await installations.forTeam(team, null)).toBeUndefined();
  });

  it('rotate-key re-seals every token under the new key, after which the old key is not needed', async () => {
    const team = uniqueTeamId();
    await installations.save(installationOf(team), at);
    const rotated = tokenSeal(NEW_KEY, [OLD_KEY]);
    // Other tests' rows are in this database too, some sealed with keys this run does not have.
    const outcome = await resealInstallations(camelCaseView(db), rotated);
    expect(outcome.resealed).toBeGreaterThanOrEqual(1);
    const row = await rowOf(team);
    expect(row.bot_token_sealed).toMatch(new RegExp(`^v1:${keyId(NEW_KEY)}:`));
    expect(row.bot_refresh_token_sealed).toMatch(new RegExp(`^v1:${keyId(NEW_KEY)}:`));
    const onlyNew = installationRepository(camelCaseView(db), tokenSeal(NEW_KEY));
    expect((await onlyNew.forTeam(team, null))?.bot?.token).toBe(`xoxb-${team}-secret`);
    await expect(installations.forTeam(team, null)).rejects.toThrow(SealError);
  });

  it('installs of one workspace at once leave one installation', async () => {
    const team = uniqueTeamId();
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        installations.save(installationOf(team, { appId: `A${n}` }), new Date(at.getTime() + n)),
      ),
    );
    expect(await db.selectFrom('installations').select('id').where('team_id', '=', team).execute()).toHaveLength(1);
    expect((await installations.forTeam(team, null))?.bot?.token).toBe(`xoxb-${team}-secret`);
  });

  it('without ENCRYPTION_KEY nothing is stored', async () => {
    const unsealed = installationRepository(camelCaseView(db), undefined);
    await expect(unsealed.save(installationOf(uniqueTeamId()), at)).rejects.toThrow(/ENCRYPTION_KEY/);
  });
});

describe("Bolt's InstallationStore over Postgres", () => {
  it('stores, fetches (a workspace’s own, or its organization’s) and deletes installations', async () => {
    const store = postgresInstallationStore(installations, () => at);
    const team = uniqueTeamId();
    const enterprise = `E${uniqueTeamId().slice(1)}`;
    const bot = { token: `xoxb-${team}`, userId: 'UBOT', id: 'BBOT', scopes: ['commands'] };
    await store.storeInstallation({
      team: { id: team },
      enterprise: undefined,
      user: { id: 'UADMIN', token: undefined, scopes: undefined },
      bot,
      isEnterpriseInstall: false,
    });
    await store.storeInstallation({
      team: undefined,
      enterprise: { id: enterprise },
      user: { id: 'UADMIN', token: undefined, scopes: undefined },
      bot: { ...bot, token: `xoxb-${enterprise}` },
      isEnterpriseInstall: true,
    });
    const own = await store.fetchInstallation({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false });
    expect(own.bot?.token).toBe(`xoxb-${team}`);
    const member = uniqueTeamId();
    const viaOrg = await store.fetchInstallation({
      teamId: member,
      enterpriseId: enterprise,
      isEnterpriseInstall: false,
    });
    expect(viaOrg.bot?.token).toBe(`xoxb-${enterprise}`);
    const org = await store.fetchInstallation({
      teamId: undefined,
      enterpriseId: enterprise,
      isEnterpriseInstall: true,
    });
    expect(org).toMatchObject({ isEnterpriseInstall: true, enterprise: { id: enterprise } });

    await store.deleteInstallation?.({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(
      store.fetchInstallation({ teamId: team, enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/no installation/);
    await expect(
      store.fetchInstallation({ teamId: uniqueTeamId(), enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/no installation/);
  });
});
