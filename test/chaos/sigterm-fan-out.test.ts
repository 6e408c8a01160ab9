import { describe, expect, it } from 'vitest';
import { deliveriesByState, promptsPerLead, startWorld } from '../support/chaos';
import { seedLeads } from '../support/leads';

const MORNING = new Date('2026-12-01T09:30:00Z');
const LEADS = 400;
const GRACE_MS = 4_000;

describe('a deploy in the middle of a fan-out', () => {
  it('SIGTERM: the running jobs finish, the worker exits 0 within the grace period, the next one sends the rest once', async () => {
    const world = await startWorld({
      emulator: { rateLimits: { 'chat.postMessage': { perMinute: 1_000_000, perChannelPerSecond: false } } },
      env: { SLACK_SENDS_PER_SECOND: '100', SHUTDOWN_GRACE_MS: String(GRACE_MS), JOB_LOCK_MS: '3000' },
    });
    const first = await world.start('worker');
    const leads = await seedLeads(world.db, world.emulator, LEADS);
    // Slow posts: when the signal comes, sends are under way.
    world.emulator.faults.inject({
      method: 'chat.postMessage',
      kind: 'latency',
      ms: 300,
      times: Number.POSITIVE_INFINITY,
    });
    await world.tick(MORNING);
    await expect.poll(() => promptsPerLead(world.emulator).size, { timeout: 60_000, interval: 20 }).toBeGreaterThan(30);

    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const sentByFirst = promptsPerLead(world.emulator).size;
    expect(sentByFirst).toBeLessThan(LEADS);
    // Every send it had started went out and was recorded: nothing was left claimed and unfinished.
    expect(await deliveriesByState(world.db)).toEqual({ sent: sentByFirst });
    // Within the grace period: past it the worker is closed forcibly (and says so), past that the process exits 1.
    expect(first.output()).not.toMatch(/closing the worker forcibly/);

    const second = await world.start('worker');
    await world.tick(new Date(MORNING.getTime() + 60_000));
    await expect.poll(() => promptsPerLead(world.emulator).size, { timeout: 120_000, interval: 200 }).toBe(LEADS);
    await world.drained();
    const counts = promptsPerLead(world.emulator);
    expect(leads.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(await deliveriesByState(world.db)).toEqual({ sent: LEADS });
    // Nothing was cut off, so nothing had to be looked for in Slack.
    expect(second.output()).not.toMatch(/a delivery interrupted/);
    second.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
