import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_OAUTH,
  DEMO,
  demoEnterprise,
  type Emulator,
  ORG,
  OTHER,
  startEmulator,
} from '../../../src/sandbox/index';

let emu: Emulator;

function client(token?: string): WebClient {
  return new WebClient(token, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}

async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as { code?: string; data?: { error?: string } };
    return err.code === ErrorCode.PlatformError ? (err.data?.error ?? 'no code') : `${err.code}`;
  }
}

const exchange = (code: string) =>
  client().oauth.v2.access({ client_id: DEFAULT_OAUTH.clientId, client_secret: DEFAULT_OAUTH.clientSecret, code });

/** Installs the app org-wide the way the authorize page does, and returns the org-wide token. */
async function installOrgWide(): Promise<string> {
  const res = await exchange(emu.issueOAuthCode(DEMO.teamId, { enterpriseId: ORG.enterpriseId }));
  return res.access_token ?? '';
}

beforeAll(async () => {
  emu = await startEmulator({ ...demoEnterprise(), rateLimits: false });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
});

describe('Enterprise Grid organization', () => {
  it('an org-wide install answers oauth.v2.access with team null, the enterprise and is_enterprise_install', async () => {
    const res = await exchange(emu.issueOAuthCode(OTHER.teamId, { enterpriseId: ORG.enterpriseId }));
    expect(res).toMatchObject({
      ok: true,
      team: null,
      enterprise: { id: ORG.enterpriseId, name: ORG.name },
      is_enterprise_install: true,
      bot_user_id: ORG.botUserId,
      authed_user: { id: OTHER.users.olga },
    });
    expect(res.access_token).toMatch(/^xoxb-sandbox-E0BATONORG-/);
    expect(emu.organizationOf(DEMO.teamId)).toEqual({ id: ORG.enterpriseId, name: ORG.name, installedOrgWide: true });
    // The token speaks for the organization.
    const auth = await client(res.access_token).auth.test();
    expect(auth).toMatchObject({
      team_id: ORG.enterpriseId,
      enterprise_id: ORG.enterpriseId,
      is_enterprise_install: true,
    });
    expect(auth.bot_id).toBe(ORG.botId);
  });

  it('a workspace-level install inside the organization names the enterprise, not org-wide', async () => {
    const res = await exchange(emu.issueOAuthCode(DEMO.teamId));
    expect(res).toMatchObject({
      team: { id: DEMO.teamId },
      enterprise: { id: ORG.enterpriseId, name: ORG.name },
      is_enterprise_install: false,
      access_token: DEMO.botToken,
    });
    expect(emu.organizationOf(DEMO.teamId)?.installedOrgWide).toBe(false);
  });

  it('the org-wide token acts in the workspace each call names, and the call log says which', async () => {
    const web = client(await installOrgWide());
    await web.chat.postMessage({ channel: DEMO.users.lena, text: 'to lena' });
    await web.chat.postMessage({ channel: OTHER.users.olga, text: 'to olga' });
    await web.chat.postMessage({ channel: OTHER.channels.general, text: 'to general' });
    const posts = emu.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => [c.teamId, c.enterpriseId])).toEqual([
      [DEMO.teamId, ORG.enterpriseId],
      [OTHER.teamId, ORG.enterpriseId],
      [OTHER.teamId, ORG.enterpriseId],
    ]);
    expect(emu.messages((m) => m.teamId === OTHER.teamId && m.dmUser === OTHER.users.olga)[0]?.user).toBe(
      ORG.botUserId,
    );
    expect((await web.users.info({ user: OTHER.users.pat })).user?.team_id).toBe(OTHER.teamId);

    // users.list must be told which workspace; one outside the organization is not granted.
    expect(await errorCode(web.users.list({}))).toBe('missing_argument');
    const members = (await web.users.list({ team_id: OTHER.teamId })).members ?? [];
    expect(members.map((m) => m.id)).toContain(OTHER.users.olga);
    expect(members.map((m) => m.id)).not.toContain(DEMO.users.lena);
    expect(await errorCode(web.users.list({ team_id: 'T0ELSEWHERE' }))).toBe('team_access_not_granted');
    expect(await errorCode(web.chat.postMessage({ channel: 'C0NOWHERE1', text: 'x' }))).toBe('channel_not_found');
  });

  it('uninstalling the organization revokes its token; installing again gives a new one', async () => {
    const token = await installOrgWide();
    emu.uninstallOrganization(ORG.enterpriseId);
    expect(await errorCode(client(token).chat.postMessage({ channel: DEMO.users.lena, text: 'x' }))).toBe(
      'token_revoked',
    );
    expect(emu.organizationOf(OTHER.teamId)?.installedOrgWide).toBe(false);
    const again = await installOrgWide();
    expect(again).not.toBe(token);
    expect((await client(again).chat.postMessage({ channel: DEMO.users.lena, text: 'x' })).ok).toBe(true);
  });

  it('refuses an organization whose workspaces do not share the bot user', async () => {
    const { workspaces, enterprises } = demoEnterprise();
    const other = workspaces[1];
    if (!other) throw new Error('no second workspace');
    await expect(
      startEmulator({ workspaces: [workspaces[0] ?? other, { ...other, botUserId: 'W0ELSE0001' }], enterprises }),
    ).rejects.toThrow(/share the bot user/);
  });
});
