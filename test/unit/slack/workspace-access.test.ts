import { describe, expect, it } from 'vitest';
import { WorkspaceUnavailable } from '../../../src/app/ports/errors';
import type { Installation } from '../../../src/app/ports/installations';
import { clientsByTeam, installedWorkspaceAccess, isWorkspaceGone } from '../../../src/slack/workspace-access';

function installationWith(token: string): Installation {
  return {
    teamId: 'T1',
    enterpriseId: null,
    isEnterpriseInstall: false,
    appId: 'A1',
    bot: { token, userId: 'UBOT', id: 'BBOT', scopes: [], refreshToken: null, expiresAt: null },
    user: { id: null, token: null, scopes: [], refreshToken: null, expiresAt: null },
    installedAt: new Date(),
  };
}

function fixture() {
  const stored = new Map<string, Installation>();
  const lookups: Array<[string, string | null]> = [];
  let now = 0;
  const access = installedWorkspaceAccess({
    installations: {
      forTeam: async (teamId, enterpriseId) => {
        lookups.push([teamId, enterpriseId]);
        return stored.get(teamId);
      },
    },
    enterpriseOf: async (teamId) => (teamId === 'T1' ? 'E1' : null),
    cacheMs: 60_000,
    nowMs: () => now,
  });
  return { stored, lookups, access, advance: (ms: number) => (now += ms) };
}

describe('the token of each workspace', () => {
  it('is looked up in its installation, reused for 60 s, and looked up again once forgotten', async () => {
    const { stored, lookups, access, advance } = fixture();
    stored.set('T1', installationWith('xoxb-first'));
    expect(await access.find('T1', null)).toMatchObject({ teamId: 'T1', botToken: 'xoxb-first', botUserId: 'UBOT' });
    expect(lookups).toEqual([['T1', 'E1']]);
    stored.set('T1', installationWith('xoxb-second'));
    advance(59_000);
    expect((await access.find('T1', null))?.botToken).toBe('xoxb-first');
    advance(2_000);
    expect((await access.find('T1', null))?.botToken).toBe('xoxb-second');
    stored.delete('T1');
    access.forget('T1');
    expect(await access.find('T1', null)).toBeNull();
    expect(lookups).toHaveLength(3);
  });

  it('a workspace not installed is looked up every time, so one installed a moment ago is served at once', async () => {
    const { stored, access } = fixture();
    expect(await access.find('T1', null)).toBeNull();
    stored.set('T1', installationWith('xoxb-new'));
    expect((await access.find('T1', null))?.botToken).toBe('xoxb-new');
  });

  it('records a workspace met through its organization’s org-wide install, once', async () => {
    const met: string[] = [];
    const recorded = new Set<string>();
    const org = { ...installationWith('xoxb-org'), teamId: 'T2', enterpriseId: 'E9', isEnterpriseInstall: true };
    const access = installedWorkspaceAccess({
      installations: { forTeam: async (_teamId, enterpriseId) => (enterpriseId === 'E9' ? org : undefined) },
      enterpriseOf: async (teamId) => (recorded.has(teamId) ? 'E9' : null),
      cacheMs: 0,
      metThroughOrganization: async (w) => {
        met.push(`${w.teamId}/${w.enterpriseId}`);
        recorded.add(w.teamId);
      },
    });
    expect(await access.find('T2', null)).toBeNull(); // a job knows no organization for a workspace never met
    expect((await access.find('T2', 'E9'))?.botToken).toBe('xoxb-org');
    expect((await access.find('T2', null))?.botToken).toBe('xoxb-org'); // now recorded
    expect(await access.find('T2', 'E9')).not.toBeNull();
    expect(met).toEqual(['T2/E9']);
  });

  it('gives jobs a client per token, and WorkspaceUnavailable where Baton is not installed', async () => {
    const { stored, access } = fixture();
    const made: string[] = [];
    const clientFor = clientsByTeam(access, (token) => {
      made.push(token);
      return { token } as never;
    });
    await expect(clientFor('T1')).rejects.toBeInstanceOf(WorkspaceUnavailable);
    stored.set('T1', installationWith('xoxb-a'));
    const first = await clientFor('T1');
    expect(await clientFor('T1')).toBe(first);
    stored.set('T1', installationWith('xoxb-b'));
    access.forget('T1');
    expect(await clientFor('T1')).not.toBe(first);
    expect(made).toEqual(['xoxb-a', 'xoxb-b']);
  });

  it.each([
    [new WorkspaceUnavailable('T1'), true],
    [{ data: { error: 'token_revoked' } }, true],
    [{ data: { error: 'invalid_auth' } }, true],
    [{ data: { error: 'account_inactive' } }, true],
    [{ data: { error: 'token_expired' } }, false],
    [{ data: { error: 'channel_not_found' } }, false],
    [new Error('socket hang up'), false],
  ])('%o means Baton is gone from the workspace: %s', (err, gone) => {
    expect(isWorkspaceGone(err)).toBe(gone);
  });
});
