/**
 * Job overhead: jobs per second through Baton's worker against a bare BullMQ Worker doing nothing,
 * with the same concurrency (8), each in a process of its own, on the same Redis:
 * 1. Baton's worker loop (src/queue/worker.ts: the pacing gate, the waits, the error mapping)
 *    with handlers that do nothing: what Baton adds to BullMQ per job;
 * 2. Baton's whole morning-prompt job (`--role worker`: the delivery claim in Postgres, the prompt
 *    rendered and posted, the next prompt stored) against an emulator answering at once with no
 *    limits: what one send costs in all.
 *
 * Knobs: BENCH_JOBS (5,000 no-op jobs), BENCH_PROMPT_JOBS (1,000 prompts).
 */
import { createProducerConnection } from '../../src/queue/connections';
import { createProducer } from '../../src/queue/producer';
import { DEMO } from '../../src/sandbox';
import type { Bench } from './support/bench';
import { spawnScript } from './support/children';
import { enqueueNoOpJobs } from './support/commands';
import { benchPrefix, deleteKeys, knob, redisUrl } from './support/env';
import { seedLeads, timeFanOut } from './support/fan-out';
import { row } from './support/table';
import { startWorld } from './support/world';

const CONCURRENCY = 8;

/** Jobs per second of a worker process in `mode`, for `count` prompt jobs spread over 100 workspaces. */
async function noOpJobsPerSecond(mode: 'bare' | 'baton', count: number): Promise<number> {
  const prefix = benchPrefix(`jobs-${mode}`);
  const worker = spawnScript(`${mode} worker`, 'test/bench/support/bare-worker.ts', [], {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    MODE: mode,
    EXPECT: String(count),
    CONCURRENCY: String(CONCURRENCY),
  });
  const connection = createProducerConnection(redisUrl);
  const queue = createProducer(connection, prefix);
  try {
    await worker.waitForLine((_, json) => json?.ready === true);
    const done = worker.waitForLine((_, json) => typeof json?.done === 'number', 600_000);
    const started = Date.now();
    await enqueueNoOpJobs(queue, count);
    const finished = (await done) as { at: number };
    return count / ((finished.at - started) / 1000);
  } finally {
    await worker.stop();
    await queue.close();
    connection.disconnect();
    await deleteKeys(prefix);
  }
}

/** Prompts per second through Baton's worker, Slack answering at once and without limits. */
async function promptJobsPerSecond(count: number): Promise<number> {
  const world = await startWorld('jobs-prompt', {
    emulator: { rateLimits: false },
    env: { SLACK_SENDS_PER_SECOND: '1000' },
  });
  try {
    await world.start('worker');
    await world.drained(120_000);
    const expected = await seedLeads(world, [DEMO.teamId], count, new Date());
    const outcome = await timeFanOut(world, expected, 600_000);
    return outcome.prompts / (outcome.wallMs / 1000);
  } finally {
    await world.close();
  }
}

export const jobOverhead: Bench = {
  name: 'jobs',
  title: "job overhead: Baton's worker against a bare BullMQ worker (concurrency 8)",
  async run(log) {
    const jobs = knob('BENCH_JOBS', 5_000);
    const prompts = knob('BENCH_PROMPT_JOBS', 1_000);
    // Taking turns, twice, and the better of each: a burst of another process on the machine
    // lowers one run, never raises it.
    let bare = 0;
    let loop = 0;
    for (let round = 0; round < 2; round++) {
      bare = Math.max(bare, await noOpJobsPerSecond('bare', jobs));
      loop = Math.max(loop, await noOpJobsPerSecond('baton', jobs));
    }
    const full = await promptJobsPerSecond(prompts);
    log(
      `  bare BullMQ ${bare.toFixed(0)} jobs/s; Baton's worker loop ${loop.toFixed(0)} jobs/s; ` +
        `Baton's prompt jobs (Slack at 0 ms) ${full.toFixed(0)} jobs/s`,
    );
    const base = { bench: 'jobs', unit: 'jobs/s', baseline: bare, baselineLabel: 'bare BullMQ' };
    return [
      row({ ...base, figure: `worker loop, no-op handler (${jobs} jobs)`, baton: loop }),
      row({ ...base, figure: `morning prompt, Slack at 0 ms (${prompts} jobs)`, baton: full }),
    ];
  },
};
