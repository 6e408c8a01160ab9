/**
 * `npm run bench`: ratios measured in one run on this machine, never part of `npm test`.
 *
 * 1. The morning fan-out: leads' prompts through tick → Postgres → worker → Slack, exactly once,
 *    against posting as many DMs straight from a WebClient with the worker's concurrency.
 * 2. Acking a slash command: Baton (signature and timestamp check, its listeners, the ack, then the
 *    work) against a bare Bolt app that only acks, over the same signed HTTP requests.
 *
 * Needs the local Postgres and Redis (as the tests do); cleans up its database and keys.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import { syncDirectory } from '../../src/app/people';
import { loadConfig } from '../../src/config';
import { startBaton } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import { enqueueTick } from '../../src/queue/producer';
import { DEMO, type Emulator, SlackDriver, startEmulator } from '../../src/sandbox';
import { createScratchDatabase, DEFAULT_ADMIN_DATABASE_URL } from '../support/database';
import { seedLeads } from '../support/leads';

const SECRET = 'bench-signing-secret';
const COMMANDS = 300;
const LEADS = 300;
const WORKER_CONCURRENCY = 8;

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** Ack times of `/delegate <text>` for Baton and the bare app, taking turns so both see the same machine. */
async function ackTimes(drivers: Record<'baton' | 'bare', SlackDriver>, text: string) {
  const times = { baton: [] as number[], bare: [] as number[] };
  for (let i = 0; i < COMMANDS + 20; i++) {
    for (const which of ['baton', 'bare'] as const) {
      const res = await drivers[which].command({ user: DEMO.users.lena, text });
      if (res.status !== 200) throw new Error(`${which} answered ${res.status}`);
      if (i >= 20) times[which].push(res.ms); // the first 20 warm up
    }
  }
  return times;
}

async function startBareBolt(emulator: Emulator): Promise<{ url: string; stop: () => Promise<void> }> {
  const app = new App({
    signingSecret: SECRET,
    token: DEMO.botToken,
    clientOptions: { slackApiUrl: emulator.apiUrl },
    logLevel: LogLevel.ERROR,
  });
  app.command('/delegate', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as { address(): AddressInfo | string | null };
  const address = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}`, stop: () => app.stop() as Promise<void> };
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `count` DMs straight from a WebClient, `concurrency` at a time. */
async function postDirectly(emulator: Emulator, count: number, concurrency: number): Promise<number> {
  const users = Array.from({ length: count }, (_, i) => `U0RAW${String(i).padStart(5, '0')}`);
  emulator.addUsers(
    DEMO.teamId,
    users.map((id) => ({ id, name: id.toLowerCase(), realName: id, tz: 'UTC' })),
  );
  const client = new WebClient(DEMO.botToken, { slackApiUrl: emulator.apiUrl, retryConfig: { retries: 0 } });
  const queue = [...users];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let user = queue.shift(); user; user = queue.shift()) {
        await client.chat.postMessage({ channel: user, text: `You're holding a task, ${user}` });
      }
    }),
  );
  return performance.now() - started;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ rateLimits: false });
  const database = await createScratchDatabase(adminUrl);
  const prefix = `baton-bench-${randomBytes(4).toString('hex')}`;
  const config = loadConfig(
    {
      PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      SLACK_API_URL: emulator.apiUrl,
      SLACK_BOT_TOKEN: DEMO.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_SENDS_PER_SECOND: '1000',
      LOG_LEVEL: 'error',
    },
    { role: 'all' },
  );
  const baton = await startBaton(config, { logger: createLogger({ level: 'error' }), host: '127.0.0.1' });
  const bare = await startBareBolt(emulator);
  try {
    await syncDirectory(baton.deps, DEMO.teamId);
    const drivers = {
      baton: new SlackDriver({ emulator, appUrl: baton.url, signingSecret: SECRET }),
      bare: new SlackDriver({ emulator, appUrl: bare.url, signingSecret: SECRET }),
    };

    // The fan-out first: its leads and tasks are numbered from an empty workspace.
    await seedLeads(baton.db, emulator, LEADS);
    // Counted from the call log (no copies): polling must not take the CPU from what it measures.
    const prompts = () =>
      emulator.calls.filter((c) => c.method === 'chat.postMessage' && String(c.params.channel).startsWith('U0LEAD'))
        .length;
    const started = performance.now();
    await enqueueTick(baton.queue, new Date('2026-12-01T09:30:00Z'));
    await waitUntil(() => prompts() >= LEADS, 120_000);
    const batonMs = performance.now() - started;
    const directMs = await postDirectly(emulator, LEADS, WORKER_CONCURRENCY);
    console.log(`Morning fan-out, ${LEADS} prompts:`);
    console.log(
      `  Baton (tick → Postgres → worker → Slack, once each) ${ms(batonMs)}, ` +
        `WebClient straight (${WORKER_CONCURRENCY} at a time) ${ms(directMs)}: Baton/straight ${ratio(batonMs, directMs)}`,
    );
    console.log(`Acking /delegate, ${COMMANDS} signed requests each (median / p95):`);
    for (const [label, text] of [
      ['help', 'help'],
      ['inline capture', `Order chairs <@${DEMO.users.marcus}> by Friday`],
    ] as const) {
      const t = await ackTimes(drivers, text);
      const [b50, b95, r50, r95] = [
        quantile(t.baton, 0.5),
        quantile(t.baton, 0.95),
        quantile(t.bare, 0.5),
        quantile(t.bare, 0.95),
      ];
      console.log(
        `  ${label.padEnd(15)} Baton ${ms(b50)} / ${ms(b95)}, bare Bolt ${ms(r50)} / ${ms(r95)}: ` +
          `Baton/bare ${ratio(b50, r50)} / ${ratio(b95, r95)}`,
      );
    }
  } finally {
    await bare.stop();
    await baton.stop();
    await emulator.close();
    await database.drop();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
