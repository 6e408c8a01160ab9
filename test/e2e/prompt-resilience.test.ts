import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { closeDb, createDb } from '../../src/db/database';
import { tickJobId } from '../../src/queue/jobs';
import { enqueueTick } from '../../src/queue/producer';
import { DEMO, type Emulator, startEmulator } from '../../src/sandbox';
import { startTestBaton, testQueuePrefix } from '../support/baton';
import { createScratchDatabase } from '../support/database';
import { seedLeads } from '../support/leads';
import { runBaton, runProcess } from '../support/processes';

/** Tuesday 1 December 2026, 09:30 UTC: every seeded lead (UTC, 09:00, Mon–Fri) is due. */
const MORNING = new Date('2026-12-01T09:30:00Z');

function promptsPerLead(emulator: Emulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of emulator.messages()) {
    if (m.dmUser && /You're holding/.test(m.text)) counts.set(m.dmUser, (counts.get(m.dmUser) ?? 0) + 1);
  }
  return counts;
}

describe('exactly once', () => {
  it('500 leads, the worker killed with SIGKILL mid fan-out and started again: one prompt each', async () => {
    const emulator = await startEmulator({
      rateLimits: { 'chat.postMessage': { perMinute: 100_000, perChannelPerSecond: false } },
    });
    onTestFinished(() => emulator.close());
    const database = await createScratchDatabase(inject('adminDatabaseUrl'));
    onTestFinished(() => database.drop());
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: testQueuePrefix(),
      SLACK_API_URL: emulator.apiUrl,
      SLACK_BOT_TOKEN: DEMO.botToken,
      SLACK_SIGNING_SECRET: 'resilience-test-secret',
      PORT: '0',
      SLACK_SENDS_PER_SECOND: '60',
      JOB_LOCK_MS: '2000',
      DELIVERY_STALE_MS: '4000',
    };
    const first = runBaton(['--role', 'worker'], env);
    await first.waitForLog((l) => l.msg === 'Baton is running');
    const db = createDb(database.url);
    onTestFinished(() => closeDb(db));
    const leads = await seedLeads(db, emulator, 500);
    // Slow answers keep several sends in flight at any moment, so the kill lands mid-send: Slack
    // posts those messages but the worker never hears back, and must not post them again.
    emulator.faults.inject({ method: 'chat.postMessage', kind: 'latency', ms: 250, times: Number.POSITIVE_INFINITY });

    const tick = runProcess('npm', ['run', '--silent', 'tick', '--', '--at', MORNING.toISOString()], env);
    expect(await tick.exited).toBe(0);
    await expect.poll(() => promptsPerLead(emulator).size, { timeout: 30_000, interval: 20 }).toBeGreaterThan(100);
    first.kill('SIGKILL');
    await first.exited;
    const sentBeforeKill = promptsPerLead(emulator).size;
    expect(sentBeforeKill).toBeLessThan(500);

    const second = runBaton(['--role', 'worker'], env);
    await second.waitForLog((l) => l.msg === 'Baton is running');
    // Jobs the dead worker held come back after their lock expires; a later tick finds who is still due.
    const again = runProcess(
      'npm',
      ['run', '--silent', 'tick', '--', '--at', new Date(MORNING.getTime() + 60_000).toISOString()],
      env,
    );
    expect(await again.exited).toBe(0);
    await expect.poll(() => promptsPerLead(emulator).size, { timeout: 90_000, interval: 200 }).toBe(500);
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('deliveries')
              .select(sql<number>`count(*)::int`.as('n'))
              .where('state', '=', 'sent')
              .executeTakeFirst()
          )?.n,
        {
          timeout: 30_000,
        },
      )
      .toBe(500);
    const counts = promptsPerLead(emulator);
    expect(leads.filter((id) => counts.get(id) !== 1)).toEqual([]);
    // DMs go to the user id: no conversations.open per prompt (only to look for a message after a crash).
    expect(emulator.calls.filter((c) => c.method === 'conversations.open').length).toBeLessThan(20);
    // Some sends were cut off by the kill: the restarted worker looked for them in Slack first.
    expect(second.output()).toMatch(/a delivery interrupted (after|before) sending/);
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});

describe('Redis loss', () => {
  it('after every queue key is gone and Baton restarts, the scheduler is back and the next morning goes out once', async () => {
    const prefix = testQueuePrefix();
    const database = await createScratchDatabase(inject('adminDatabaseUrl'));
    onTestFinished(() => database.drop());
    const env = { DATABASE_URL: database.url, QUEUE_PREFIX: prefix };
    const emulator = await startEmulator();
    onTestFinished(() => emulator.close());
    const before = await startTestBaton({ env, emulator });
    const leads = await seedLeads(before.baton.db, emulator, 5);
    await enqueueTick(before.baton.queue, MORNING);
    await expect.poll(() => promptsPerLead(emulator).size, { timeout: 15_000 }).toBe(5);
    await before.baton.stop();

    // FLUSHALL would also wipe the other test files' queues on this shared Redis: drop all of ours instead.
    const redis = new Redis(inject('redisUrl'));
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    redis.disconnect();

    const after = await startTestBaton({ env, emulator });
    expect(await after.baton.queue.getJobScheduler('tick')).toMatchObject({ pattern: '* * * * *' });
    // The same morning again changes nothing; the next morning prompts everyone once.
    await enqueueTick(after.baton.queue, new Date(MORNING.getTime() + 120_000));
    const nextMorning = new Date(MORNING.getTime() + 24 * 3_600_000);
    await enqueueTick(after.baton.queue, nextMorning);
    const twice = () => [...promptsPerLead(emulator).values()].filter((n) => n === 2).length;
    await expect.poll(twice, { timeout: 15_000 }).toBe(5);
    await enqueueTick(after.baton.queue, new Date(nextMorning.getTime() + 60_000));
    const done = await after.baton.queue.getJob(tickJobId(new Date(nextMorning.getTime() + 60_000)));
    await expect.poll(async () => (await done?.getState()) ?? 'gone').toBe('completed');
    const counts = promptsPerLead(emulator);
    expect(leads.map((id) => counts.get(id))).toEqual([2, 2, 2, 2, 2]);
    const deliveries = await after.baton.db
      .selectFrom('deliveries')
      .select('key')
      .where('kind', '=', 'prompt')
      .execute();
    expect(deliveries.map((d) => d.key).sort()).toEqual(
      leads.flatMap((id) => [`prompt-${id}-2026-12-01`, `prompt-${id}-2026-12-02`]).sort(),
    );
  });
});
