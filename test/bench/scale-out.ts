/**
 * Scale-out: 1, 2 and 4 worker processes (`src/main.ts --role worker`) on one Postgres and one
 * Redis draining the same fan-out (N leads due at once; the emulator with 30 ms of latency and no
 * rate limits, Baton's pacing out of the way), so the figure is the workers' own throughput:
 * prompts per second from the tick to the last prompt, and duplicates (0: the delivery claims and
 * the job ids hold across processes). The baseline is one worker. On a 2-core machine, four
 * workers share two cores with Postgres, Redis and the emulator.
 *
 * Knobs: BENCH_SCALE_LEADS (1,000), BENCH_SCALE_WORKERS ("1,2,4").
 */
import { DEMO } from '../../src/sandbox';
import { SLACK_LATENCY_MS } from './fan-out';
import type { Bench } from './support/bench';
import { knob } from './support/env';
import { type FanOutOutcome, seedLeads, timeFanOut } from './support/fan-out';
import { type Row, row } from './support/table';
import { startWorld } from './support/world';

async function drain(workers: number, leads: number): Promise<FanOutOutcome> {
  const world = await startWorld(`scale${workers}`, {
    emulator: { rateLimits: false },
    env: { SLACK_SENDS_PER_SECOND: '1000' },
  });
  try {
    world.emulator.faults.inject({ method: '*', kind: 'latency', ms: SLACK_LATENCY_MS, times: Infinity });
    await Promise.all(Array.from({ length: workers }, () => world.start('worker')));
    await world.drained(120_000);
    const expected = await seedLeads(world, [DEMO.teamId], leads, new Date());
    return await timeFanOut(world, expected, 600_000);
  } finally {
    await world.close();
  }
}

export const scaleOut: Bench = {
  name: 'scaleout',
  title: 'scale-out: 1, 2 and 4 worker processes draining the same fan-out',
  async run(log) {
    const leads = knob('BENCH_SCALE_LEADS', 1_000);
    const counts = (process.env.BENCH_SCALE_WORKERS ?? '1,2,4').split(',').map(Number);
    const rows: Row[] = [];
    let one: number | undefined;
    let duplicates = 0;
    for (const workers of counts) {
      const outcome = await drain(workers, leads);
      const perSecond = outcome.prompts / (outcome.wallMs / 1000);
      one ??= perSecond;
      duplicates += outcome.duplicates;
      log(
        `  ${workers} worker(s): ${outcome.prompts} prompts in ${(outcome.wallMs / 1000).toFixed(1)} s, ` +
          `${perSecond.toFixed(0)}/s, duplicates ${outcome.duplicates}`,
      );
      rows.push(
        row({
          bench: 'scaleout',
          figure: `${workers} worker${workers === 1 ? '' : 's'}, ${leads} prompts`,
          unit: 'prompts/s',
          baton: perSecond,
          baseline: one,
          baselineLabel: '1 worker',
        }),
      );
    }
    rows.push(
      row({
        bench: 'scaleout',
        figure: 'duplicates, all counts',
        unit: '',
        baton: duplicates,
        target: '0',
        met: duplicates === 0,
      }),
    );
    return rows;
  },
};
