import { describe, expect, it } from 'vitest';
import { deliveriesByState, everyLeadPrompted, minutesAfter, promptsPerLead, startWorld } from '../support/chaos';
import { seedLeads } from '../support/leads';

const MORNING = new Date('2026-12-01T09:30:00Z');
const LEADS = 120;
/** How long Slack is gone: the minute. */
const OUTAGE_MS = 60_000;

interface Health {
  status: string;
  checks: Record<string, string>;
}

describe('Slack unreachable for a minute mid-day', () => {
  it('sends wait and resume, none lost or doubled, and /healthz says so meanwhile', async () => {
    const world = await startWorld({
      emulator: { rateLimits: { 'chat.postMessage': { perMinute: 1_000_000, perChannelPerSecond: false } } },
      env: { SLACK_SENDS_PER_SECOND: '20', DELIVERY_STALE_MS: '3000', JOB_LOCK_MS: '5000' },
    });
    const baton = await world.start('all');
    const leads = await seedLeads(world.db, world.emulator, LEADS);
    const health = async (): Promise<Health> => (await fetch(`${baton.url}/healthz`)).json() as Promise<Health>;
    // Posts take a moment, so some are in flight when Slack goes.
    world.emulator.faults.inject({
      method: 'chat.postMessage',
      kind: 'latency',
      ms: 100,
      times: Number.POSITIVE_INFINITY,
    });

    await world.tick(MORNING);
    await expect.poll(() => promptsPerLead(world.emulator).size, { interval: 20 }).toBeGreaterThan(20);
    await world.emulator.goOffline();
    const wentAt = Date.now();
    await expect.poll(async () => (await health()).checks.slack, { timeout: 30_000 }).toMatch(/^unreachable/);
    // Posts Slack was already handling when it went still land (their answers are lost); then nothing.
    const sentBefore = promptsPerLead(world.emulator).size;
    expect(sentBefore).toBeLessThan(LEADS);
    const during = await health();
    expect(during.status).toBe('degraded');
    expect(during.checks).toMatchObject({ postgres: 'ok', redis: 'ok' });

    // The scheduler keeps ticking through the outage.
    const nextMinute = minutesAfter(world, MORNING);
    while (Date.now() - wentAt < OUTAGE_MS) {
      await nextMinute();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    expect(promptsPerLead(world.emulator).size).toBe(sentBefore);
    await world.emulator.goOnline();

    await everyLeadPrompted(world, leads, nextMinute, () => baton.output());
    await world.drained();
    await expect.poll(async () => (await health()).status, { timeout: 30_000 }).toBe('ok');

    const counts = promptsPerLead(world.emulator);
    expect(leads.filter((id) => counts.get(id) !== 1)).toEqual([]);
    expect(await deliveriesByState(world.db)).toEqual({ sent: LEADS });
    expect(baton.child.exitCode).toBeNull();
  });
});
