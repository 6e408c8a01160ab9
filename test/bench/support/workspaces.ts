import { DEFAULT_OAUTH, DEMO, type WorkspaceSeed } from '../../../src/sandbox';

/** `count` workspaces for the emulator, each with only its bot (the bench adds the leads). */
export function benchWorkspaces(count: number): WorkspaceSeed[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    const teamId = `T0BENCH${n}`;
    const botUserId = `U0BOT${n}BEN`;
    return {
      team: { id: teamId, name: `Bench ${n}`, domain: `bench-${n}` },
      botToken: `xoxb-bench-${teamId}-0000000001`,
      botUserId,
      botId: `B0BOT${n}BEN`,
      appId: DEMO.appId,
      botName: 'baton',
      users: [
        { id: `U0ADM${n}BEN`, name: `admin${n}`, realName: `Admin ${n}`, tz: 'UTC', isAdmin: true },
        { id: botUserId, name: 'baton', realName: 'Baton', tz: 'UTC', isBot: true },
      ],
      channels: [],
    };
  });
}

/** Baton's environment for many workspaces (OAuth installs, tokens sealed in Postgres). */
export const OAUTH_ENV: Record<string, string> = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: DEFAULT_OAUTH.clientId,
  SLACK_CLIENT_SECRET: DEFAULT_OAUTH.clientSecret,
  SLACK_STATE_SECRET: 'bench-state-secret-0123456789abcdef',
  ENCRYPTION_KEY: 'bench-encryption-key-0123456789abcdef',
};

async function get(url: string, cookie?: string): Promise<{ status: number; location: string; cookie: string }> {
  const res = await fetch(url, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });
  await res.text();
  return {
    status: res.status,
    location: res.headers.get('location') ?? '',
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
  };
}

/**
 * Installs Baton into each workspace as an admin's browser does: Baton's /slack/install, Slack's
 * authorize page (the emulator's, told which workspace and where to send the browser back), then
 * Baton's /slack/oauth_redirect with the code, the state cookie kept.
 */
export async function installEverywhere(batonUrl: string, teamIds: readonly string[]): Promise<void> {
  for (const teamId of teamIds) {
    const start = await get(`${batonUrl}/slack/install`);
    if (start.status !== 302) throw new Error(`/slack/install answered ${start.status}`);
    const authorize = new URL(start.location);
    authorize.searchParams.set('team', teamId);
    if (!authorize.searchParams.has('redirect_uri')) {
      authorize.searchParams.set('redirect_uri', `${batonUrl}/slack/oauth_redirect`);
    }
    const slack = await get(authorize.toString());
    if (slack.status !== 302) throw new Error(`the authorize page answered ${slack.status} for ${teamId}`);
    const back = await get(slack.location, start.cookie);
    if (back.status >= 400) throw new Error(`/slack/oauth_redirect answered ${back.status} for ${teamId}`);
  }
}
