import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { DEMO, type Emulator, SlackDriver, startEmulator } from '../../src/sandbox';
import { SIGNING_SECRET, testQueuePrefix } from '../support/baton';
import { createScratchDatabase } from '../support/database';
import { type RunningProcess, runBaton } from '../support/processes';
import { freePort, ownPostgres, ownRedis } from '../support/services';

const { lena, marcus } = DEMO.users;

interface Health {
  status: string;
  checks: Record<string, string>;
}

async function health(url: string): Promise<{ code: number; body: Health }> {
  const res = await fetch(`${url}/healthz`);
  return { code: res.status, body: (await res.json()) as Health };
}

/** Baton as `npm start` runs it, with these dependencies; resolves once it listens. */
async function launch(env: Record<string, string>): Promise<{ process: RunningProcess; url: string }> {
  const process = runBaton([], {
    PORT: '0',
    QUEUE_PREFIX: testQueuePrefix(),
    SLACK_BOT_TOKEN: DEMO.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SHUTDOWN_GRACE_MS: '2000',
    ...env,
  });
  const listening = await process.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('listening'));
  return { process, url: String(listening.url) };
}

async function scratchDatabaseUrl(): Promise<string> {
  const db = await createScratchDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
  onTestFinished(() => db.drop());
  return db.url;
}

async function emulatorOn(port = 0): Promise<Emulator> {
  const emulator = await startEmulator({ port });
  onTestFinished(() => emulator.close());
  return emulator;
}

describe('a dependency that is down at start-up', () => {
  it('Slack: Baton runs, says so on /healthz, answers requests, and recovers by itself when Slack is back', async () => {
    const slackPort = await freePort();
    const { process: baton, url } = await launch({
      DATABASE_URL: await scratchDatabaseUrl(),
      REDIS_URL: inject('redisUrl'),
      SLACK_API_URL: `http://127.0.0.1:${slackPort}/api/`,
    });
    await baton.waitForLog((l) => l.msg === 'Baton is running');
    const down = await health(url);
    expect(down.code).toBe(200);
    expect(down.body.status).toBe('degraded');
    expect(down.body.checks).toMatchObject({
      postgres: 'ok',
      redis: 'ok',
      slack: expect.stringMatching(/^unreachable/),
    });

    // Slack comes back where Baton expects it.
    const emulator = await emulatorOn(slackPort);
    const slack = new SlackDriver({ emulator, appUrl: url, signingSecret: SIGNING_SECRET });
    await expect.poll(async () => (await health(url)).body.status, { timeout: 40_000 }).toBe('ok');
    const res = await slack.command({ user: lena, text: `Order chairs <@${marcus}>` });
    expect(res.status).toBe(200);
    await emulator.waitFor((m) => m.dmUser === marcus && /Order chairs/.test(m.text));
    expect(baton.child.exitCode).toBeNull();
  });

  it('Redis: /healthz says 503 naming Redis at once; when Redis comes, Baton is healthy and works without a restart', async () => {
    const redis = ownRedis(await freePort());
    const emulator = await emulatorOn();
    const { process: baton, url } = await launch({
      DATABASE_URL: await scratchDatabaseUrl(),
      REDIS_URL: redis.url,
      SLACK_API_URL: emulator.apiUrl,
    });
    const down = await health(url);
    expect(down.code).toBe(503);
    expect(down.body.checks).toMatchObject({ redis: expect.stringMatching(/^unreachable/) });

    await redis.start();
    await expect.poll(async () => (await health(url)).body.status, { timeout: 30_000 }).toBe('ok');
    const slack = new SlackDriver({ emulator, appUrl: url, signingSecret: SIGNING_SECRET });
    await slack.command({ user: lena, text: `Book the venue <@${marcus}>` });
    await emulator
      .waitFor((m) => m.dmUser === marcus && /Book the venue/.test(m.text), { timeoutMs: 30_000 })
      .catch((err: unknown) => {
        console.log(baton.output().slice(-8000));
        throw err;
      });
    expect(baton.child.exitCode).toBeNull();
  });

  it('Postgres: /healthz says 503 naming Postgres, commands are told Baton is starting; when it comes, Baton migrates and works', async () => {
    const postgres = ownPostgres(await freePort());
    const emulator = await emulatorOn();
    const { process: baton, url } = await launch({
      DATABASE_URL: postgres.url('baton'),
      REDIS_URL: inject('redisUrl'),
      SLACK_API_URL: emulator.apiUrl,
    });
    const down = await health(url);
    expect(down.code).toBe(503);
    expect(down.body.checks).toMatchObject({ postgres: expect.stringMatching(/^unreachable/), redis: 'ok' });
    const slack = new SlackDriver({ emulator, appUrl: url, signingSecret: SIGNING_SECRET });
    const early = await slack.command({ user: lena, text: 'Order chairs' });
    expect(early.status).toBe(200);
    expect(early.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/starting up/) });

    await postgres.start();
    await baton.waitForLog((l) => l.msg === 'Baton is running', 40_000);
    await expect.poll(async () => (await health(url)).body.status, { timeout: 20_000 }).toBe('ok');
    await slack.command({ user: lena, text: `Order chairs <@${marcus}>` });
    await emulator.waitFor((m) => m.dmUser === marcus && /Order chairs/.test(m.text), { timeoutMs: 30_000 });
    expect(baton.output()).toContain('"msg":"migration applied"');
  });
});

describe('shutdown whatever is down', () => {
  it('exits 0 on SIGTERM, within the grace period and a few seconds, with Redis gone', async () => {
    const redis = ownRedis(await freePort());
    await redis.start();
    const emulator = await emulatorOn();
    const { process: baton } = await launch({
      DATABASE_URL: await scratchDatabaseUrl(),
      REDIS_URL: redis.url,
      SLACK_API_URL: emulator.apiUrl,
    });
    await baton.waitForLog((l) => l.msg === 'Baton is running');
    await redis.kill();
    await baton.waitForLog((l) => /redis \((producer|worker)\) connection error/.test(String(l.msg)));
    baton.kill('SIGTERM');
    // The hard bound exits 1 ("shutdown took too long"); 0 means every step gave up in time by itself.
    expect(await baton.exited).toBe(0);
    expect(baton.output()).toContain('"msg":"stopped"');
  });
});
