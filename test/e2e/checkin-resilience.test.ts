import { Redis } from 'ioredis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { closeDb, createDb, type Db } from '../../src/db/database';
import { createProducerConnection } from '../../src/queue/connections';
import { createProducer, enqueueTick } from '../../src/queue/producer';
import { DEMO, type Emulator, startEmulator } from '../../src/sandbox';
import { startTestBaton, testQueuePrefix } from '../support/baton';
import { createScratchDatabase } from '../support/database';
import { runBaton } from '../support/processes';
import { tasksOf } from '../support/tasks';

const team = DEMO.teamId;
const lead = DEMO.users.lena;

/** Check-in channels with the bot in them, and `count` accepted tasks spread over them, each with its parent posted. */
async function seedTasks(db: Db, emulator: Emulator, opts: { count: number; channels: number; firstLook: Date }) {
  const channels = Array.from({ length: opts.channels }, (_, i) => `C0CHK${String(i).padStart(5, '0')}`);
  for (const id of channels)
    emulator.addChannel(team, { id, name: id.toLowerCase(), members: [lead], botIsMember: true });
  const owners = Array.from({ length: opts.count }, (_, i) => `U0OWN${String(i).padStart(5, '0')}`);
  emulator.addUsers(
    team,
    owners.map((id) => ({ id, name: id.toLowerCase(), realName: id, tz: 'UTC' })),
  );
  await db
    .insertInto('users')
    .values(
      [lead, ...owners].map((id) => ({
        team_id: team,
        user_id: id,
        name: id.toLowerCase(),
        time_zone: 'UTC',
        tz_refreshed_at: new Date(),
      })),
    )
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ time_zone: 'UTC' }))
    .execute();
  await db.insertInto('task_counters').values({ team_id: team, last_number: opts.count }).execute();
  const rows = owners.map((owner, i) => {
    const channel = channels[i % channels.length] ?? '';
    const parent = emulator.postAsUser({ teamId: team, channel, user: DEMO.botUserId, text: `Task ${i + 1}` });
    return {
      team_id: team,
      number: i + 1,
      title: `Task ${i + 1}`,
      lead_id: lead,
      owner_id: owner,
      status: 'accepted' as const,
      source: 'command' as const,
      channel_id: channel,
      thread_ts: parent.ts,
      checkin_cadence: 'daily' as const,
      next_checkin_at: opts.firstLook,
    };
  });
  return db.insertInto('tasks').values(rows).returning(['id', 'thread_ts', 'channel_id']).execute();
}

/** Thread messages of the check-in machinery, per task thread. */
function asksPerThread(emulator: Emulator): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of emulator.messages()) {
    if (!m.threadTs || !/check-in on|a nudge/.test(m.text)) continue;
    out.set(m.threadTs, [...(out.get(m.threadTs) ?? []), m.ts]);
  }
  return out;
}

describe('check-ins: pacing', () => {
  it('never posts more than one message per second in a channel', async () => {
    const t = await startTestBaton({ env: { SLACK_SENDS_PER_SECOND: '50' } });
    const firstLook = new Date('2026-12-01T09:00:00Z');
    await seedTasks(t.baton.db, t.emulator, { count: 6, channels: 1, firstLook });
    await enqueueTick(t.baton.queue, new Date(firstLook.getTime() + 60_000));
    await expect.poll(() => asksPerThread(t.emulator).size, { timeout: 20_000 }).toBe(6);
    const posts = t.emulator.calls
      .filter((c) => c.method === 'chat.postMessage' && c.status === 200 && c.params.channel === 'C0CHK00000')
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(posts.length).toBeGreaterThanOrEqual(6);
    const gaps = posts.slice(1).map((at, i) => at - (posts[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
  });

  it.each([
    ['the bot was removed from the channel', (e: Emulator) => e.removeBotFromChannel(team, 'C0CHK00000')],
    ['the channel was archived', (e: Emulator) => e.archiveChannel(team, 'C0CHK00000')],
  ])('falls back to a DM to the owner when %s, telling the lead once', async (_, breakChannel) => {
    const t = await startTestBaton();
    const day = new Date('2026-12-01T09:01:00Z');
    const [task] = await seedTasks(t.baton.db, t.emulator, { count: 1, channels: 1, firstLook: day });
    breakChannel(t.emulator);
    for (const at of [day, new Date(day.getTime() + 86_400_000)]) {
      await enqueueTick(t.baton.queue, at);
      await expect
        .poll(async () => (await tasksOf(t.baton.db, team))[0]?.next_checkin_at?.getTime() ?? 0, { timeout: 10_000 })
        .toBeGreaterThan(at.getTime());
    }
    const dms = t.emulator.messages().filter((m) => m.dmUser === 'U0OWN00000' && /check-in on|a nudge/.test(m.text));
    expect(dms).toHaveLength(2);
    expect(asksPerThread(t.emulator).get(task?.thread_ts ?? '')).toBeUndefined();
    expect(t.emulator.messages().filter((m) => m.dmUser === lead && /can't post in/.test(m.text))).toHaveLength(1);
  });
});

describe('check-ins: a worker killed mid-batch and Redis flushed', () => {
  it('over five working days, every task gets exactly one check-in message a day and one escalation', {
    timeout: 360_000,
  }, async () => {
    const emulator = await startEmulator({
      rateLimits: {
        'chat.postMessage': { perMinute: 100_000 },
        'conversations.history': { perMinute: 10_000 },
        'conversations.replies': { perMinute: 10_000 },
      },
    });
    onTestFinished(() => emulator.close());
    const database = await createScratchDatabase(inject('adminDatabaseUrl'));
    onTestFinished(() => database.drop());
    const prefix = testQueuePrefix();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: prefix,
      SLACK_API_URL: emulator.apiUrl,
      SLACK_BOT_TOKEN: DEMO.botToken,
      SLACK_SIGNING_SECRET: 'checkin-resilience-secret',
      PORT: '0',
      SLACK_SENDS_PER_SECOND: '100',
      JOB_LOCK_MS: '5000',
      DELIVERY_STALE_MS: '6000',
    };
    const startWorker = async () => {
      const worker = runBaton(['--role', 'worker'], env);
      await worker.waitForLog((l) => l.msg === 'Baton is running');
      return worker;
    };
    let worker = await startWorker();
    const db = createDb(database.url);
    onTestFinished(() => closeDb(db));
    const producer = createProducerConnection(inject('redisUrl'));
    const queue = createProducer(producer, prefix);
    onTestFinished(async () => {
      await queue.close();
      producer.disconnect();
    });

    // Tuesday 1 to Monday 7 December 2026: five working days for UTC owners working Mon–Fri.
    const days = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07'];
    const tasks = await seedTasks(db, emulator, {
      count: 24,
      channels: 24,
      firstLook: new Date(`${days[0]}T09:00:00Z`),
    });
    // Slow answers keep sends in flight, so the kill lands mid-send.
    emulator.faults.inject({ method: 'chat.postMessage', kind: 'latency', ms: 150, times: Number.POSITIVE_INFINITY });

    for (const [i, day] of days.entries()) {
      // The real scheduler ticks every minute; here one tick a day, so first let the last day's jobs finish.
      await expect
        .poll(
          async () =>
            (
              await db
                .selectFrom('tasks')
                .select('id')
                .where('next_checkin_at', '<', new Date(`${day}T00:00:00Z`))
                .execute()
            ).length,
          { timeout: 90_000, interval: 100 },
        )
        .toBe(0);
      const before = [...asksPerThread(emulator).values()].reduce((n, asks) => n + asks.length, 0);
      await enqueueTick(queue, new Date(`${day}T09:05:00Z`));
      if (i === 1) {
        // Mid-batch: some of the day's check-ins out, the rest not; the worker dies without a word.
        await expect
          .poll(() => [...asksPerThread(emulator).values()].reduce((n, a) => n + a.length, 0), { interval: 10 })
          .toBeGreaterThan(before + 5);
        worker.kill('SIGKILL');
        await worker.exited;
        worker = await startWorker();
        await enqueueTick(queue, new Date(`${day}T09:06:00Z`));
      }
      if (i === 3) {
        // Every queue key gone between two ticks (the shared test Redis can't be FLUSHALLed).
        worker.kill('SIGTERM');
        await worker.exited;
        const redis = new Redis(inject('redisUrl'));
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
        worker = await startWorker();
        await enqueueTick(queue, new Date(`${day}T09:06:00Z`));
      }
      const counts = () => tasks.map((t) => asksPerThread(emulator).get(t.thread_ts ?? '')?.length ?? 0);
      await expect
        .poll(() => counts().filter((n) => n === i + 1).length, { timeout: 90_000, interval: 100 })
        .toBe(tasks.length)
        .catch((err: unknown) => {
          const problems = worker
            .output()
            .split('\n')
            .filter((l) => /"level":(40|50)/.test(l))
            .slice(-5);
          throw new Error(`day ${day}: messages per task ${JSON.stringify(counts())}\n${problems.join('\n')}`, {
            cause: err,
          });
        });
    }
    const perThread = asksPerThread(emulator);
    expect(tasks.map((t) => perThread.get(t.thread_ts ?? '')?.length)).toEqual(tasks.map(() => days.length));
    // Nobody answered: each owner's silence reached the lead exactly once (one DM a second).
    const escalations = () => emulator.messages().filter((m) => m.dmUser === lead && /hasn't checked in/.test(m.text));
    // Those whose delivery job went with the flushed keys are found by the tick's outbox sweep.
    let minute = 0;
    await expect
      .poll(
        async () => {
          await enqueueTick(queue, new Date(Date.parse('2026-12-07T12:00:00Z') + 60_000 * minute++));
          return escalations().length;
        },
        { timeout: 90_000, interval: 2_000 },
      )
      .toBe(tasks.length);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(escalations()).toHaveLength(tasks.length);
    expect(new Set(escalations().map((m) => m.text)).size).toBe(tasks.length);
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});
