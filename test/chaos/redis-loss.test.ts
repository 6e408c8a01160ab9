import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { TICK_SCHEDULER_ID } from '../../src/queue/jobs';
import { explained, minutesAfter, promptsPerLead, startWorld, type World, whereTheyAre } from '../support/chaos';
import { aTuesdayAhead, seedLeads } from '../support/leads';
import { freePort, ownRedis } from '../support/services';

/**
 * Baton keeps its real every-minute tick schedule here (it is what must come back), so the simulated
 * mornings lie ahead of the wall clock, where its real ticks find nothing due.
 */
const FIRST_PROMPT = aTuesdayAhead();
const MORNING = new Date(FIRST_PROMPT.getTime() + 30 * 60_000);
const NEXT_MORNING = new Date(MORNING.getTime() + 24 * 3_600_000);
const day = (at: Date) => at.toISOString().slice(0, 10);
const LEADS = 600;

/** Waits, the scheduler ticking all the while, until every lead has had `n` prompts. */
function everyLeadPromptedTimes(world: World, leads: readonly string[], n: number, nextMinute: () => Promise<void>) {
  return expect
    .poll(
      async () => {
        await nextMinute().catch(() => {}); // Redis may still be coming back: the next minute ticks again
        const counts = promptsPerLead(world.emulator);
        return leads.filter((id) => (counts.get(id) ?? 0) >= n).length;
      },
      { timeout: 180_000, interval: 2_000 },
    )
    .toBe(leads.length);
}

describe('Redis losing everything mid-fan-out', () => {
  it('after a FLUSHALL one morning and a Redis restart the next, the schedule comes back from Postgres and every prompt goes out once', async () => {
    const redis = ownRedis(await freePort());
    await redis.start();
    const world = await startWorld({
      redisUrl: redis.url,
      emulator: { rateLimits: { 'chat.postMessage': { perMinute: 1_000_000, perChannelPerSecond: false } } },
      env: { TICK_SCHEDULE: 'on', SLACK_SENDS_PER_SECOND: '200', JOB_LOCK_MS: '2000', DELIVERY_STALE_MS: '3000' },
    });
    const baton = await world.start('all');
    const leads = await seedLeads(world.db, world.emulator, LEADS, FIRST_PROMPT);
    world.emulator.faults.inject({
      method: 'chat.postMessage',
      kind: 'latency',
      ms: 20,
      times: Number.POSITIVE_INFINITY,
    });
    const admin = new Redis(redis.url, { maxRetriesPerRequest: null });
    admin.on('error', () => {}); // the restart below drops this connection too; it reconnects
    onTestFinished(() => admin.disconnect());
    const schedulerBack = () =>
      expect
        .poll(() => world.queue.getJobScheduler(TICK_SCHEDULER_ID).catch(() => undefined), { timeout: 60_000 })
        .toMatchObject({ pattern: '* * * * *' });

    // Day one: FLUSHALL with a third of the prompts out and more in flight.
    await world.tick(MORNING);
    await expect
      .poll(() => promptsPerLead(world.emulator).size, { timeout: 60_000, interval: 10 })
      .toBeGreaterThan(LEADS / 3);
    await admin.flushall();
    await schedulerBack();
    await explained(everyLeadPromptedTimes(world, leads, 1, minutesAfter(world, MORNING)), () =>
      whereTheyAre(world, leads, baton.output()),
    );
    await world.drained();
    expect(leads.filter((id) => promptsPerLead(world.emulator).get(id) !== 1)).toEqual([]);

    // Day two: Redis dies (nothing kept on disk) and comes back empty.
    await world.tick(NEXT_MORNING);
    await expect
      .poll(() => [...promptsPerLead(world.emulator).values()].filter((n) => n === 2).length, {
        timeout: 60_000,
        interval: 10,
      })
      .toBeGreaterThan(LEADS / 3);
    await redis.kill();
    await redis.start();
    await schedulerBack();
    await everyLeadPromptedTimes(world, leads, 2, minutesAfter(world, NEXT_MORNING));
    await world.drained();

    const counts = promptsPerLead(world.emulator);
    expect(leads.filter((id) => counts.get(id) !== 2)).toEqual([]);
    const deliveries = await world.db
      .selectFrom('deliveries')
      .select(['key', 'state'])
      .where('kind', '=', 'prompt')
      .orderBy('key')
      .execute();
    const expected = leads
      .flatMap((id) => [`prompt-${id}-${day(MORNING)}`, `prompt-${id}-${day(NEXT_MORNING)}`])
      .sort();
    expect(deliveries).toEqual(expected.map((key) => ({ key, state: 'sent' })));
    expect(baton.output()).toMatch(/tick schedule/i);
    baton.kill('SIGTERM');
    expect(await baton.exited).toBe(0);
  });
});
