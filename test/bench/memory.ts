/**
 * Memory: the resident set size of Baton's web process (`--role web`) and worker process
 * (`--role worker`), idle and after work — the web after 1,000 `/delegate` captures (100/s), the
 * worker after a fan-out of N prompts (the emulator answering at once, without limits) — beside a
 * bare Bolt app after the same commands and a bare BullMQ worker after as many no-op jobs.
 *
 * Knobs: BENCH_LEADS (500 prompts).
 */
import { createProducerConnection } from '../../src/queue/connections';
import { createProducer } from '../../src/queue/producer';
import { DEMO } from '../../src/sandbox';
import type { Bench } from './support/bench';
import { type Child, spawnScript } from './support/children';
import { commandLoad, enqueueNoOpJobs } from './support/commands';
import { benchPrefix, deleteKeys, knob, redisUrl, SIGNING_SECRET } from './support/env';
import { seedLeads, timeFanOut } from './support/fan-out';
import { row } from './support/table';
import { startWorld } from './support/world';

const COMMAND_RATE = 100;
const COMMAND_SECONDS = 10;

export const memory: Bench = {
  name: 'memory',
  title: 'memory (RSS) of the web and worker processes, idle and after work, vs bare Bolt and bare BullMQ',
  async run(log) {
    const leads = knob('BENCH_LEADS', 500);
    const world = await startWorld('memory', {
      emulator: { rateLimits: false },
      env: { SLACK_SENDS_PER_SECOND: '1000' },
    });
    const barePrefix = benchPrefix('memory-bare');
    const connection = createProducerConnection(redisUrl);
    const bareQueue = createProducer(connection, barePrefix);
    const children: Child[] = [];
    try {
      const web = await world.start('web');
      const worker = await world.start('worker');
      const bolt = spawnScript('bare Bolt', 'test/bench/support/bare-bolt.ts', [], { SIGNING_SECRET });
      const bullmq = spawnScript('bare BullMQ', 'test/bench/support/bare-worker.ts', [], {
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: barePrefix,
        MODE: 'bare',
        EXPECT: String(leads),
        CONCURRENCY: '8',
      });
      children.push(bolt, bullmq);
      // Both waits from the start: a child's line is only kept while someone waits for it.
      const [boltReady] = await Promise.all([
        bolt.waitForLine((_, json) => typeof json?.url === 'string'),
        bullmq.waitForLine((_, json) => json?.ready === true),
      ]);
      const boltUrl = String((boltReady as { url: string }).url);
      await world.drained(120_000);
      const idle = {
        web: await web.rssMb(),
        worker: await worker.rssMb(),
        bolt: await bolt.rssMb(),
        bullmq: await bullmq.rssMb(),
      };

      await commandLoad(world.emulator, web.url, COMMAND_RATE, COMMAND_SECONDS);
      await commandLoad(world.emulator, boltUrl, COMMAND_RATE, COMMAND_SECONDS);
      await world.drained(600_000); // the commands' own deliveries, by the worker
      const expected = await seedLeads(world, [DEMO.teamId], leads, new Date());
      const outcome = await timeFanOut(world, expected, 600_000);
      const bareDone = bullmq.waitForLine((_, json) => typeof json?.done === 'number', 600_000);
      await enqueueNoOpJobs(bareQueue, leads);
      await bareDone;
      const after = {
        web: await web.rssMb(),
        worker: await worker.rssMb(),
        bolt: await bolt.rssMb(),
        bullmq: await bullmq.rssMb(),
      };
      const fmt = (m: Record<string, number>) =>
        Object.entries(m)
          .map(([k, v]) => `${k} ${v.toFixed(0)} MB`)
          .join(', ');
      log(
        `  idle: ${fmt(idle)}; after ${outcome.prompts} prompts and ${COMMAND_RATE * COMMAND_SECONDS} commands: ${fmt(after)}`,
      );
      const base = { bench: 'memory', unit: 'MB' };
      const commands = `${COMMAND_RATE * COMMAND_SECONDS} commands`;
      return [
        row({ ...base, figure: 'web, idle', baton: idle.web, baseline: idle.bolt, baselineLabel: 'bare Bolt' }),
        row({
          ...base,
          figure: `web, after ${commands}`,
          baton: after.web,
          baseline: after.bolt,
          baselineLabel: 'bare Bolt',
        }),
        row({
          ...base,
          figure: 'worker, idle',
          baton: idle.worker,
          baseline: idle.bullmq,
          baselineLabel: 'bare BullMQ',
        }),
        row({
          ...base,
          figure: `worker, after ${leads} prompts`,
          baton: after.worker,
          baseline: after.bullmq,
          baselineLabel: `bare BullMQ, ${leads} no-op jobs`,
        }),
      ];
    } finally {
      await Promise.all(children.map((c) => c.stop()));
      await bareQueue.close();
      connection.disconnect();
      await deleteKeys(barePrefix);
      await world.close();
    }
  },
};
