import { describe, expect, it } from 'vitest';
import { deliveriesByState, everyLeadPrompted, minutesAfter, promptsPerLead, startWorld } from '../support/chaos';
import { seedLeads } from '../support/leads';

const MORNING = new Date('2026-12-01T09:30:00Z');
const LEADS = 150;
/** At most this many posts per prompt, whatever Slack answers: retries are bounded. */
const MAX_POSTS_PER_PROMPT = 6;

describe('Slack answering badly', () => {
  it('429 storms, 500s, timeouts and dropped responses: every prompt delivered once, retries bounded', async () => {
    const world = await startWorld({
      emulator: { rateLimits: { 'chat.postMessage': { perMinute: 1_000_000, perChannelPerSecond: false } } },
      env: { SLACK_SENDS_PER_SECOND: '100', DELIVERY_STALE_MS: '3000', JOB_LOCK_MS: '5000' },
    });
    world.emulator.faults.reseed(Number(process.env.CHAOS_SEED ?? 11));
    const worker = await world.start('worker');
    const leads = await seedLeads(world.db, world.emulator, LEADS);
    const post = 'chat.postMessage';
    const always = Number.POSITIVE_INFINITY;
    // Some posts are refused outright, some fail after Slack posted them (a 503, a timeout, a lost answer).
    world.emulator.faults.inject({
      method: post,
      kind: 'ratelimited',
      retryAfterSec: 1,
      probability: 0.1,
      times: always,
    });
    world.emulator.faults.inject({ method: post, kind: 'http5xx', status: 500, probability: 0.05, times: always });
    world.emulator.faults.inject({
      method: post,
      kind: 'http5xx',
      status: 503,
      afterEffect: true,
      probability: 0.05,
      times: always,
    });
    world.emulator.faults.inject({ method: post, kind: 'drop', probability: 0.06, times: always });
    world.emulator.faults.inject({ method: post, kind: 'latency', ms: 11_000, probability: 0.02, times: always });
    // A storm: the next 40 posts all refused.
    world.emulator.faults.inject({ method: post, kind: 'ratelimited', retryAfterSec: 2, times: 40 });

    await world.tick(MORNING);
    await everyLeadPrompted(world, leads, minutesAfter(world, MORNING), () => worker.output());
    world.emulator.faults.clear();
    await world.drained();

    const counts = promptsPerLead(world.emulator);
    expect(leads.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(await deliveriesByState(world.db)).toEqual({ sent: LEADS });
    const posts = world.emulator.calls.filter((c) => c.method === post);
    expect(posts.length).toBeLessThanOrEqual(LEADS * MAX_POSTS_PER_PROMPT);
    // Every kind of fault happened.
    expect(posts.filter((c) => c.status === 429).length).toBeGreaterThan(40);
    expect(posts.some((c) => c.status === 500)).toBe(true);
    expect(posts.some((c) => c.dropped)).toBe(true);
    expect(worker.child.exitCode).toBeNull();
  });
});
