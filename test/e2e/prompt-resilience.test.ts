import { Redis } from 'ioredis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { tickJobId } from '../../src/queue/jobs';
import { enqueueTick } from '../../src/queue/producer';
import { startEmulator } from '../../src/sandbox';
import { startTestBaton, testQueuePrefix } from '../support/baton';
import { promptsPerLead } from '../support/chaos';
import { createScratchDatabase } from '../support/database';
import { aTuesdayAhead, seedLeads } from '../support/leads';

/**
 * Baton keeps its real every-minute tick schedule here (it is what must come back), so the simulated
 * mornings lie ahead of the wall clock, where its real ticks find nothing due.
 */
const FIRST_PROMPT = aTuesdayAhead();
const MORNING = new Date(FIRST_PROMPT.getTime() + 30 * 60_000);
const day = (at: Date) => at.toISOString().slice(0, 10);

describe('Redis loss', () => {
  it('after every queue key is gone and Baton restarts, the scheduler is back and the next morning goes out once', async () => {
    const prefix = testQueuePrefix();
    const database = await createScratchDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
    onTestFinished(() => database.drop());
    const env = { DATABASE_URL: database.url, QUEUE_PREFIX: prefix, TICK_SCHEDULE: 'on' };
    const emulator = await startEmulator();
    onTestFinished(() => emulator.close());
    const before = await startTestBaton({ env, emulator });
    const leads = await seedLeads(before.baton.db, emulator, 5, FIRST_PROMPT);
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
      leads.flatMap((id) => [`prompt-${id}-${day(MORNING)}`, `prompt-${id}-${day(nextMorning)}`]).sort(),
    );
  });
});
