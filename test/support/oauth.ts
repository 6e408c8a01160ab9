import { createHmac, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { DEFAULT_OAUTH, type EmulatorOptions } from '../../src/sandbox';
import { startTestBaton, type TestBaton } from './baton';
import { TEST_ENCRYPTION_KEY } from './db-context';

export const STATE_SECRET = 'e2e-state-secret-0123456789abcdef';

/** Baton in many-workspace mode, against a fresh emulator whose app redirects back to it. Nothing is installed yet. */
export async function startOAuthBaton(
  options: { env?: Record<string, string>; emulator?: EmulatorOptions } = {},
): Promise<TestBaton> {
  const t = await startTestBaton({
    env: {
      SLACK_BOT_TOKEN: '',
      SLACK_CLIENT_ID: DEFAULT_OAUTH.clientId,
      SLACK_CLIENT_SECRET: DEFAULT_OAUTH.clientSecret,
      SLACK_STATE_SECRET: STATE_SECRET,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      ...options.env,
    },
    ...(options.emulator ? { emulator: options.emulator } : {}),
  });
  t.emulator.oauthRedirectUrl = `${t.baton.url}/slack/oauth_redirect`;
  return t;
}

export interface BrowserStep {
  status: number;
  location: string | null;
  cookie: string | null;
  body: string;
}

/** One GET by the installer's browser, redirects not followed. */
export async function browse(url: string, cookie?: string): Promise<BrowserStep> {
  const res = await fetch(url, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });
  const setCookie = res.headers.get('set-cookie');
  return {
    status: res.status,
    location: res.headers.get('location'),
    cookie: setCookie ? (setCookie.split(';')[0] ?? null) : null,
    body: await res.text(),
  };
}

/**
 * An admin installs Baton into `teamId` the way a browser does: /slack/install → Slack's authorize
 * page (the emulator's) → /slack/oauth_redirect with the code and state, the state cookie kept.
 * With `enterpriseId`, the admin (of `teamId`) installs it org-wide.
 * Returns the last page and the redirect URL, for tests that replay it.
 */
export async function installThroughSlack(
  t: TestBaton,
  teamId: string,
  opts: { userId?: string; enterpriseId?: string } = {},
): Promise<{ page: BrowserStep; redirect: string; cookie: string }> {
  const start = await browse(`${t.baton.url}/slack/install`);
  expect(start.status).toBe(302);
  expect(start.location).toMatch(new RegExp(`^${t.emulator.authorizeUrl}\\?`));
  const authorize = new URL(start.location ?? '');
  authorize.searchParams.set('team', teamId);
  if (opts.userId) authorize.searchParams.set('user', opts.userId);
  // An org admin choosing to install for the whole organization.
  if (opts.enterpriseId) authorize.searchParams.set('enterprise', opts.enterpriseId);
  const slack = await browse(authorize.toString());
  expect(slack.status).toBe(302);
  const redirect = slack.location ?? '';
  const cookie = start.cookie ?? '';
  const page = await browse(redirect, cookie);
  return { page, redirect, cookie };
}

/** A state as Baton signs them (src/slack/receiver/oauth.ts), made `ageMs` ago: for expired-state tests. */
export function craftedState(ageMs: number, secret = STATE_SECRET): string {
  const body = Buffer.from(
    JSON.stringify({ n: randomBytes(18).toString('base64url'), t: Date.now() - ageMs, o: { scopes: ['commands'] } }),
  ).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
