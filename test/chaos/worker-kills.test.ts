import { describe, expect, it } from 'vitest';
import { explained, promptsPerLead, startWorld, whereTheyAre } from '../support/chaos';
import { prng } from '../support/fuzz';
import { seedLeads } from '../support/leads';

/** Tuesday 1 December 2026, 09:30 UTC: every seeded lead (UTC, 09:00, Mon–Fri) is due. */
const MORNING = new Date('2026-12-01T09:30:00Z');
const LEADS = 2_000;
const SEED = Number(process.env.CHAOS_SEED ?? 7);

describe('the worker killed at random points of a fan-out', () => {
  it(`${LEADS} prompts, SIGKILL three times: every prompt delivered exactly once`, async () => {
    const world = await startWorld({
      emulator: { rateLimits: { 'chat.postMessage': { perMinute: 1_000_000, perChannelPerSecond: false } } },
      env: { SLACK_SENDS_PER_SECOND: '500', JOB_LOCK_MS: '2000', DELIVERY_STALE_MS: '3000' },
    });
    let worker = await world.start('worker');
    const leads = await seedLeads(world.db, world.emulator, LEADS);
    // Each post takes a little while, so several are always in flight when the worker dies.
    world.emulator.faults.inject({
      method: 'chat.postMessage',
      kind: 'latency',
      ms: 40,
      times: Number.POSITIVE_INFINITY,
    });
    const random = prng(SEED);
    // Three kill points, somewhere in the first, middle and last third of the fan-out.
    const killAfter = [0, 1, 2].map((third) => Math.floor(((third + random()) * LEADS) / 3.4));

    await world.tick(MORNING);
    const outputs: string[] = [];
    for (const [i, after] of killAfter.entries()) {
      await expect
        .poll(() => promptsPerLead(world.emulator).size, { timeout: 120_000, interval: 10 })
        .toBeGreaterThan(after);
      worker.kill('SIGKILL');
      await worker.exited;
      outputs.push(worker.output());
      worker = await world.start('worker');
      // The scheduler's next minute: who is still due is read from Postgres.
      await world.tick(new Date(MORNING.getTime() + (i + 1) * 60_000));
    }
    await explained(
      expect.poll(() => promptsPerLead(world.emulator).size, { timeout: 180_000, interval: 200 }).toBe(LEADS),
      () => whereTheyAre(world, leads, worker.output()),
    );
    await world.drained();

    const counts = promptsPerLead(world.emulator);
    expect(leads.filter((id) => counts.get(id) !== 1)).toEqual([]);
    const sent = await world.db.selectFrom('deliveries').select('state').where('kind', '=', 'prompt').execute();
    expect(sent.length).toBe(LEADS);
    expect(sent.every((d) => d.state === 'sent')).toBe(true);
    // DMs go to the user id: no conversations.open per prompt (only to look for a message after a crash).
    expect(world.emulator.calls.filter((c) => c.method === 'conversations.open').length).toBeLessThan(100);
    // The kills cut sends off: restarted workers looked for them in Slack before sending again.
    expect([...outputs, worker.output()].join('\n')).toMatch(/a delivery interrupted (after|before) sending/);
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});
