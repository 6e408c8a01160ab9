import type { Installation } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { fromBolt, toBolt } from '../../../src/slack/installation-store';

const workspaceInstall: Installation = {
  team: { id: 'T1', name: 'Team one' },
  enterprise: undefined,
  user: { id: 'UADMIN', token: undefined, scopes: undefined },
  bot: {
    token: 'xoxe.xoxb-1',
    refreshToken: 'xoxe-1-r',
    expiresAt: 1_900_000_000,
    scopes: ['commands', 'chat:write'],
    id: 'B1',
    userId: 'UBOT',
  },
  appId: 'A1',
  tokenType: 'bot',
  isEnterpriseInstall: false,
  authVersion: 'v2',
};

describe('Bolt installations as Baton stores them', () => {
  it('keeps what Bolt needs back, expiry in seconds, keyed by team', () => {
    const ours = fromBolt(workspaceInstall);
    expect(ours).toMatchObject({ teamId: 'T1', enterpriseId: null, isEnterpriseInstall: false, appId: 'A1' });
    expect(ours.bot?.expiresAt).toEqual(new Date(1_900_000_000 * 1000));
    const back = toBolt({ ...ours, installedAt: new Date() });
    expect(back).toMatchObject({
      team: { id: 'T1' },
      isEnterpriseInstall: false,
      authVersion: 'v2',
      bot: { token: 'xoxe.xoxb-1', refreshToken: 'xoxe-1-r', expiresAt: 1_900_000_000, userId: 'UBOT', id: 'B1' },
      user: { id: 'UADMIN' },
    });
  });

  it('keys an org-wide install by its enterprise, with no team', () => {
    const org = fromBolt({
      ...workspaceInstall,
      team: undefined,
      enterprise: { id: 'E1', name: 'Org' },
      isEnterpriseInstall: true,
    } as Installation);
    expect(org).toMatchObject({ teamId: null, enterpriseId: 'E1', isEnterpriseInstall: true });
    expect(toBolt({ ...org, installedAt: new Date() })).toMatchObject({
      team: undefined,
      enterprise: { id: 'E1' },
      isEnterpriseInstall: true,
    });
  });
});
