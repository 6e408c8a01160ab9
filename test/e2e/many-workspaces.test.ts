import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createWorkerConnection } from '../../src/queue/connections';
import { redisTeamGate } from '../../src/queue/team-gate';
import { DEMO, OTHER } from '../../src/sandbox';
import type { TestBaton } from '../support/baton';
import { TEST_ENCRYPTION_KEY } from '../support/db-context';
import { nextPromptOf, promptTime, promptTo, tickAt } from '../support/mornings';
import { browse, craftedState, installThroughSlack, startOAuthBaton } from '../support/oauth';
import { settled } from '../support/settled';
import { tasksOf } from '../support/tasks';

const run = promisify(execFile);
const A = DEMO.teamId;
const B = OTHER.teamId;
const { lena, marcus } = DEMO.users;
const { olga, pat } = OTHER.users;

/** Both workspaces installed through OAuth, each lead holding a task. */
async function twoWorkspaces() {
  const t = await startOAuthBaton();
  for (const team of [A, B]) {
    const { page } = await installThroughSlack(t, team);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Baton is installed');
  }
  // The members of each are synced in the background after the install.
  await expect.poll(() => nextPromptOf(t, A, lena).then(() => t.baton.deps.people.find(A, lena))).toBeDefined();
  await expect.poll(() => t.baton.deps.people.find(B, olga)).toBeDefined();
  return t;
}

/** Lena (A) and Olga (B) each hold a task; when each one's next morning prompt is due. */
async function bothLeadsHolding(t: TestBaton): Promise<{ atA: Date; atB: Date }> {
  await t.slack.command({ team: A, user: lena, text: 'Renew the domain' });
  await t.slack.command({ team: B, user: olga, text: 'Renew the lease' });
  await t.emulator.waitFor((m) => m.ephemeralTo === lena && m.text.includes('Renew the domain'));
  await t.emulator.waitFor((m) => m.ephemeralTo === olga && m.text.includes('Renew the lease'));
  const times = { atA: await promptTime(t, A, lena), atB: await promptTime(t, B, olga) };
  await settled(t.baton);
  return times;
}

describe('many workspaces', () => {
  it('installs two workspaces through OAuth; each installer is welcomed, and each lead gets the morning prompt with its own token', async () => {
    const t = await twoWorkspaces();
    const tokenA = t.emulator.workspace(A).botToken;
    const tokenB = t.emulator.workspace(B).botToken;
    expect(tokenA).not.toBe(tokenB);
    await t.emulator.waitFor((m) => m.teamId === A && m.dmUser === lena && /Baton is installed/.test(m.text));
    await t.emulator.waitFor((m) => m.teamId === B && m.dmUser === olga && /Baton is installed/.test(m.text));

    const { atA, atB } = await bothLeadsHolding(t);
    await tickAt(t, atA);
    await tickAt(t, atB);
    await t.emulator.waitFor(promptTo(A, lena));
    await t.emulator.waitFor(promptTo(B, olga));
    await settled(t.baton);

    const posts = t.emulator.calls.filter((c) => c.method === 'chat.postMessage' && c.status === 200);
    const to = (user: string) => posts.filter((c) => c.params.channel === user);
    expect(to(lena).length).toBeGreaterThanOrEqual(2); // the welcome and the prompt
    expect(to(olga).length).toBeGreaterThanOrEqual(2);
    expect(to(lena).every((c) => c.token === tokenA)).toBe(true);
    expect(to(olga).every((c) => c.token === tokenB)).toBe(true);
    // Every call Baton made names the workspace of its token, and the token is the one installed there.
    for (const call of t.emulator.calls.filter((c) => c.token)) {
      expect(call.token).toBe(call.teamId === A ? tokenA : tokenB);
    }
  });

  it('answers a bad, expired or replayed install state with a clear page, and installs nothing', async () => {
    const t = await startOAuthBaton();
    const { page, redirect, cookie } = await installThroughSlack(t, A);
    expect(page.status).toBe(200);

    // The same redirect again: the state was used.
    const replayed = await browse(redirect, cookie);
    expect(replayed.status).toBe(400);
    expect(replayed.body).toContain('already used');

    const code = t.emulator.issueOAuthCode(B);
    const back = `${t.baton.url}/slack/oauth_redirect`;
    const forged = `${craftedState(0, 'not-the-secret-0123456789abcdef')}`;
    const bad = await browse(`${back}?code=${code}&state=${forged}`, `slack-app-oauth-state=${forged}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('not valid');

    const old = craftedState(11 * 60_000);
    const expired = await browse(`${back}?code=${code}&state=${old}`, `slack-app-oauth-state=${old}`);
    expect(expired.status).toBe(400);
    expect(expired.body).toContain('expired');

    const fresh = craftedState(0);
    const noCookie = await browse(`${back}?code=${code}&state=${fresh}`);
    expect(noCookie.status).toBe(400);
    const noState = await browse(`${back}?code=${code}`);
    expect(noState.status).toBe(400);
    const denied = await browse(`${back}?error=access_denied&state=${fresh}`, `slack-app-oauth-state=${fresh}`);
    expect(denied.status).toBe(403);

    // A real state and its cookie, with a code Slack never issued.
    const start = await browse(`${t.baton.url}/slack/install`);
    const realState = new URL(start.location ?? '').searchParams.get('state') ?? '';
    const badCode = await browse(`${back}?code=not-a-code&state=${realState}`, start.cookie ?? '');
    expect(badCode.status).toBe(400);
    expect(badCode.body).toContain('no longer valid');
    const junk = await browse(`${back}?code=%00%ff&state=%3Cscript%3E&code=2`, 'slack-app-oauth-state=%3Cscript%3E');
    expect(junk.status).toBe(400);
    expect(junk.body).not.toContain('<script>');
    expect((await fetch(`${t.baton.url}/slack/install`, { method: 'POST' })).status).toBe(405);

    // Slack failing the exchange: a page saying so, and nothing stored.
    t.emulator.faults.inject({ method: 'oauth.v2.access', kind: 'http5xx', status: 503, times: 5 });
    const down = await installThroughSlack(t, B);
    expect(down.page.status).toBe(502);
    expect(down.page.body).toContain('Slack could not be reached');
    t.emulator.faults.clear();

    for (const p of [replayed, bad, expired, noCookie, noState, denied, badCode, junk, down.page]) {
      expect(p.body).toMatch(/^<!doctype html>/);
      expect(p.body).not.toMatch(/at \w+ \(|Error:|node_modules/);
    }
    // B's code was never exchanged: B is not installed.
    expect(await t.baton.deps.installations.forTeam(B, null)).toBeUndefined();
    expect(
      t.emulator.calls.filter(
        (c) => c.method === 'oauth.v2.access' && c.status === 200 && (c.response as { ok?: boolean }).ok,
      ),
    ).toHaveLength(1);
  });
});

describe('token rotation', () => {
  it('refreshes a token before it expires, and the jobs after it use the new one', async () => {
    const t = await startOAuthBaton({ emulator: { tokenRotation: { expiresInSec: 3600 } } });
    await installThroughSlack(t, A);
    const installedToken = t.emulator.workspace(A).botToken;
    expect(installedToken).toMatch(/^xoxe\.xoxb-/);
    await t.slack.command({ team: A, user: lena, text: 'Renew the domain' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && m.text.includes('Renew the domain'));

    await tickAt(t, new Date());
    await t.emulator.waitForCall(
      (c) => c.method === 'oauth.v2.access' && c.params.grant_type === 'refresh_token' && c.status === 200,
    );
    await expect
      .poll(async () => (await t.baton.deps.installations.forTeam(A, null))?.bot?.token)
      .not.toBe(installedToken);
    const refreshed = (await t.baton.deps.installations.forTeam(A, null))?.bot;
    expect(refreshed?.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    // A second tick in the window finds nothing to refresh: it was done.
    await tickAt(t, new Date(Date.now() + 60_000));
    await settled(t.baton);
    expect(t.emulator.calls.filter((c) => c.params.grant_type === 'refresh_token')).toHaveLength(1);

    await tickAt(t, await promptTime(t, A, lena));
    const prompt = await t.emulator.waitFor(promptTo(A, lena));
    const post = t.emulator.calls.find(
      (c) => c.method === 'chat.postMessage' && c.response && prompt.ts === (c.response as { ts?: string }).ts,
    );
    expect(post?.token).toBeDefined();
    expect(post?.token).not.toBe(installedToken);
  });

  it('a refresh Slack refuses marks the installation broken, logs it once, and its jobs stop; the other workspace carries on', async () => {
    const t = await startOAuthBaton({ emulator: { tokenRotation: { expiresInSec: 3600 } } });
    await installThroughSlack(t, A);
    await installThroughSlack(t, B);
    const { atA, atB } = await bothLeadsHolding(t);
    t.emulator.invalidateRefreshTokens(A);

    await tickAt(t, new Date());
    await tickAt(t, new Date(Date.now() + 60_000));
    await settled(t.baton);
    const broken = await t.baton.db.selectFrom('installations').selectAll().where('team_id', '=', A).executeTakeFirst();
    expect(broken?.broken_reason).toBe('invalid_refresh_token');
    expect(t.logs.filter((l) => /installation’s token: it is broken/.test(String(l.msg)))).toHaveLength(1);
    expect(await t.baton.deps.installations.forTeam(B, null)).toBeDefined();

    const callsBefore = t.emulator.calls.length;
    await tickAt(t, atA);
    await tickAt(t, atB);
    await t.emulator.waitFor(promptTo(B, olga));
    await settled(t.baton);
    expect(t.emulator.messages(promptTo(A, lena))).toHaveLength(0);
    expect(t.emulator.calls.slice(callsBefore).filter((c) => c.teamId === A)).toHaveLength(0);
  });
});

/** Everything of a workspace that an action could change: its tasks and their history. */
async function stateOf(t: TestBaton, team: string): Promise<string> {
  const events = await t.baton.db
    .selectFrom('task_events')
    .selectAll()
    .where('team_id', '=', team)
    .orderBy('id')
    .execute();
  return JSON.stringify({ tasks: await tasksOf(t.baton.db, team), events });
}

describe('workspaces never see each other', () => {
  it('a user of B clicking, submitting or typing /delegate done for A’s tasks gets the answer a task that does not exist gets, and nothing changes', async () => {
    const t = await twoWorkspaces();
    await t.slack.command({ team: A, user: lena, text: `Write launch memo <@${marcus}>` });
    await t.slack.command({ team: A, user: lena, text: 'Renew the domain' });
    await t.slack.command({ team: B, user: olga, text: 'Renew the lease' });
    await t.emulator.waitFor((m) => m.dmUser === marcus && m.text.includes('Write launch memo'));
    await t.emulator.waitFor((m) => m.ephemeralTo === olga && m.text.includes('Renew the lease'));
    await settled(t.baton);
    const idsOfA = (await tasksOf(t.baton.db, A)).map((task) => task.id);
    expect(idsOfA).toHaveLength(2);
    const nonexistent = Math.max(...idsOfA) + 1000;
    const beforeA = await stateOf(t, A);
    const beforeB = await stateOf(t, B);

    /** What olga sees after one attempt: the HTTP answer, and the messages Baton sends her, the id written as ID. */
    const attempt = async (send: (id: number) => Promise<{ status: number; json?: unknown }>, id: number) => {
      const since = t.emulator.messages().length;
      const res = await send(id);
      await settled(t.baton);
      const told = t.emulator.messages().slice(since);
      expect(told.every((m) => m.teamId === B)).toBe(true);
      const seen = JSON.stringify({
        status: res.status,
        json: res.json ?? null,
        told: told.map((m) => [m.ephemeralTo ?? m.dmUser, m.text, m.blocks]),
      });
      return seen.replace(new RegExp(`(?<!\\w)${id}(?!\\w)`, 'g'), 'ID');
    };
    const kinds: Array<[string, (id: number) => Promise<{ status: number; json?: unknown }>]> = [
      [
        'accept',
        (id) =>
          t.slack.blockActions({
            team: B,
            user: olga,
            channel: OTHER.channels.general,
            actions: [{ action_id: 'task_accept', block_id: 'offer', value: String(id) }],
          }),
      ],
      [
        'done',
        (id) =>
          t.slack.blockActions({
            team: B,
            user: olga,
            channel: OTHER.channels.general,
            actions: [{ action_id: 'task_done', block_id: 'task', value: String(id) }],
          }),
      ],
      [
        'reassign',
        (id) =>
          t.slack.viewSubmission({
            team: B,
            user: olga,
            view: {
              id: 'V0FORGED01',
              type: 'modal',
              callback_id: 'reassign_modal',
              private_metadata: String(id),
              blocks: [],
            },
            values: { new_owner: { new_owner: { type: 'users_select', selected_user: pat } } },
          }),
      ],
      [
        'hand back',
        (id) =>
          t.slack.viewSubmission({
            team: B,
            user: olga,
            view: {
              id: 'V0FORGED02',
              type: 'modal',
              callback_id: 'hand_back_modal',
              private_metadata: String(id),
              blocks: [],
            },
            values: { reason: { reason: { type: 'plain_text_input', value: 'no' } } },
          }),
      ],
    ];
    for (const [kind, send] of kinds) {
      const missing = await attempt(send, nonexistent);
      for (const id of idsOfA) expect(await attempt(send, id), `${kind} #${id}`).toBe(missing);
    }
    // B has a task #1 of its own; A's #2 is nothing to B.
    const numberOf = async (n: number) =>
      attempt((x) => t.slack.command({ team: B, user: olga, text: `done #${x}` }), n);
    expect(await numberOf(2)).toBe(await numberOf(4242));
    expect(await numberOf(2)).toMatch(/no task #ID/i);

    expect(await stateOf(t, A)).toBe(beforeA);
    expect(await stateOf(t, B)).toBe(beforeB);
    expect(t.emulator.messages((m) => m.teamId === A && m.dmUser === olga)).toEqual([]);
  });
});

describe('uninstalling', () => {
  it('deletes A’s tokens at once and no job calls Slack for A again, while B carries on; a reinstall within the retention brings A’s tasks back; after it they are purged', async () => {
    const t = await twoWorkspaces();
    const { atA, atB } = await bothLeadsHolding(t);

    const answers = await t.slack.uninstall({ team: A });
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await expect.poll(() => t.baton.deps.installations.forTeam(A, null)).toBeUndefined();
    expect(await t.baton.db.selectFrom('installations').select('id').where('team_id', '=', A).execute()).toEqual([]);
    const workspace = await t.baton.db.selectFrom('workspaces').selectAll().where('team_id', '=', A).executeTakeFirst();
    expect(workspace?.uninstalled_at).not.toBeNull();
    const retention = (workspace?.purge_after?.getTime() ?? 0) - (workspace?.uninstalled_at?.getTime() ?? 0);
    expect(retention).toBe(30 * 24 * 3_600_000);

    // A job for A already in the queue finds no token, and ends quietly.
    const callsBefore = t.emulator.calls.length;
    await t.baton.deps.jobs.prompts([{ teamId: A, userId: lena, dueAt: atA }], atA);
    await expect.poll(() => t.logs.some((l) => l.team === A && /no longer installed/.test(String(l.msg)))).toBe(true);
    // The next mornings: B's prompt goes out, nothing at all is asked of Slack for A.
    await tickAt(t, atA);
    await tickAt(t, atB);
    await t.emulator.waitFor(promptTo(B, olga));
    await settled(t.baton);
    expect(t.emulator.calls.slice(callsBefore).filter((c) => c.teamId === A)).toEqual([]);
    expect(t.emulator.messages(promptTo(A, lena))).toEqual([]);
    expect(t.logs.filter((l) => l.team === A && Number(l.level) >= 50)).toEqual([]);

    // Installed again within the retention: A's tasks are there, and its lead is asked about them.
    const { page } = await installThroughSlack(t, A);
    expect(page.status).toBe(200);
    expect((await tasksOf(t.baton.db, A)).map((task) => task.title)).toEqual(['Renew the domain']);
    await tickAt(t, new Date(atA.getTime() + 2 * 60_000));
    const prompt = await t.emulator.waitFor(promptTo(A, lena));
    expect(JSON.stringify(prompt.blocks)).toContain('Renew the domain');

    // Removed again and not back within the retention: the tick purges A, and only A.
    await t.slack.uninstall({ team: A });
    await expect.poll(() => t.baton.deps.installations.forTeam(A, null)).toBeUndefined();
    await tickAt(t, new Date(Date.now() + 31 * 24 * 3_600_000));
    await expect.poll(() => tasksOf(t.baton.db, A)).toEqual([]);
    expect(await t.baton.db.selectFrom('workspaces').select('team_id').where('team_id', '=', A).execute()).toEqual([]);
    expect((await tasksOf(t.baton.db, B)).map((task) => task.title)).toEqual(['Renew the lease']);
  });
});

describe('pacing per workspace', () => {
  it('a 429 for A blocks A’s sends only: B’s prompt goes out while A waits out its Retry-After', async () => {
    const t = await twoWorkspaces();
    const { atA, atB } = await bothLeadsHolding(t);
    t.emulator.faults.inject({
      method: 'chat.postMessage',
      kind: 'ratelimited',
      retryAfterSec: 120,
      teamId: A,
      times: Number.POSITIVE_INFINITY,
    });

    // Both mornings have come: both prompts are due in one tick, and A's first post gets a 429.
    await tickAt(t, new Date(Math.max(atA.getTime(), atB.getTime())));
    const limited = await t.emulator.waitForCall((c) => c.method === 'chat.postMessage' && c.status === 429);
    expect(limited.teamId).toBe(A);
    const prompt = await t.emulator.waitFor(promptTo(B, olga));
    // Sent well inside A's Retry-After, while A's gate (src/queue/team-gate.ts) is still shut and B's is open.
    const redis = createWorkerConnection(t.baton.config.redisUrl);
    onTestFinished(() => redis.quit().then(() => undefined));
    const gate = redisTeamGate(redis, t.baton.config.queuePrefix, t.baton.config.slackSendsPerSecond);
    expect(await gate.blockedMs(A)).toBeGreaterThan(60_000);
    expect(await gate.blockedMs(B)).toBe(0);
    expect(prompt.postedAt - limited.at).toBeLessThan(120_000);
    await expect.poll(() => t.logs.some((l) => l.team === A && /rate limit/.test(String(l.msg)))).toBe(true);
    expect(t.emulator.messages(promptTo(A, lena))).toEqual([]);
  });
});

describe('tokens at rest', () => {
  it('a pg_dump of the database holds no Slack token in clear text, only sealed ones', async () => {
    const t = await startOAuthBaton({ emulator: { tokenRotation: { expiresInSec: 3600 } } });
    await installThroughSlack(t, A);
    await installThroughSlack(t, B);
    await tickAt(t, new Date()); // a refresh too: rotated tokens are sealed like the first ones
    await t.emulator.waitForCall((c) => c.params.grant_type === 'refresh_token' && c.status === 200);
    await settled(t.baton);
    const tokens = [A, B].map((team) => t.emulator.workspace(team).botToken);
    expect(tokens.every((token) => token.startsWith('xoxe.xoxb-'))).toBe(true);

    const { stdout: dump } = await run('pg_dump', ['--no-owner', t.baton.config.databaseUrl], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(dump).toContain('COPY public.installations');
    for (const token of tokens) expect(dump).not.toContain(token);
    expect(dump).not.toMatch(/xox[abepors]-|xoxe\.xoxb/);
    expect(dump).not.toContain(TEST_ENCRYPTION_KEY);
    expect(dump.match(/v1:[\w-]+:[\w-]+:[\w-]+:[\w-]+/g)?.length).toBeGreaterThanOrEqual(4);
  });
});

describe('uninstall events are what they say', () => {
  it('only a signed app_uninstalled, or the revocation of Baton’s own bot token, removes a workspace; malformed ones are refused', async () => {
    const t = await twoWorkspaces();
    const installed = async () => (await t.baton.deps.installations.forTeam(A, null)) !== undefined;

    const forged = await t.slack.event({ team: A, event: { type: 'app_uninstalled' }, signature: 'bad' });
    expect(forged.status).toBe(401);
    const userTokens = await t.slack.event({ team: A, event: { type: 'tokens_revoked', tokens: { oauth: [lena] } } });
    expect(userTokens.status).toBe(200);
    const otherBot = await t.slack.event({
      team: A,
      event: { type: 'tokens_revoked', tokens: { bot: ['U0NOTOURS1'] } },
    });
    expect(otherBot.status).toBe(200);
    for (const tokens of ['all', { bot: 'U0BATONBOT' }, { bot: ['<!channel>'] }, null]) {
      const res = await t.slack.event({ team: A, event: { type: 'tokens_revoked', tokens } });
      expect(res.status, JSON.stringify(tokens)).toBe(400);
    }
    await settled(t.baton);
    expect(await installed()).toBe(true);

    // Baton's own bot token revoked: that is Baton removed.
    const ours = await t.slack.event({
      team: A,
      event: { type: 'tokens_revoked', tokens: { bot: [t.emulator.workspace(A).botUserId] } },
    });
    expect(ours.status).toBe(200);
    await expect.poll(installed).toBe(false);
    expect(await t.baton.deps.installations.forTeam(B, null)).toBeDefined();
  });
});
