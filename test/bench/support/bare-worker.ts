/**
 * A worker process for the job-overhead bench, on Baton's queue name under its own prefix:
 * MODE=bare is a bare BullMQ Worker whose jobs do nothing; MODE=baton is Baton's worker loop
 * (src/queue/worker.ts: the workspace pacing gate in Redis, the waits and the error mapping) with
 * handlers that do nothing. Same concurrency (CONCURRENCY, 8 unless set). Prints `{"ready":true}`
 * once running and `{"done":n,"at":<epoch ms>}` when n = EXPECT jobs have completed.
 * Env: REDIS_URL, QUEUE_PREFIX, MODE, EXPECT, CONCURRENCY.
 */
import { Worker } from 'bullmq';
import { createLogger } from '../../../src/observability/logger';
import { createMetrics } from '../../../src/observability/metrics';
import { createWorkerConnection } from '../../../src/queue/connections';
import { QUEUE_NAME } from '../../../src/queue/jobs';
import { redisTeamGate } from '../../../src/queue/team-gate';
import { startWorker } from '../../../src/queue/worker';

const prefix = process.env.QUEUE_PREFIX ?? '';
const expect = Number(process.env.EXPECT);
const concurrency = Number(process.env.CONCURRENCY ?? 8);
const connection = createWorkerConnection(process.env.REDIS_URL ?? '');
const nothing = async () => undefined;

const worker =
  process.env.MODE === 'baton'
    ? startWorker({
        connection,
        prefix,
        concurrency,
        logger: createLogger({ level: 'warn' }),
        metrics: createMetrics(),
        // The gate sees every job as a send: the pacing allows far more than this worker does.
        gate: redisTeamGate(createWorkerConnection(process.env.REDIS_URL ?? ''), prefix, 1000),
        handlers: {
          tick: nothing,
          checkin: nothing,
          prompt: nothing,
          deliverEvent: nothing,
          capture: nothing,
          syncDirectory: nothing,
          welcome: nothing,
          refreshToken: nothing,
          digest: nothing,
          publishHome: nothing,
          thank: nothing,
        },
      })
    : new Worker(QUEUE_NAME, nothing, { connection, prefix, concurrency });

let done = 0;
worker.on('completed', () => {
  done++;
  if (done === expect) process.stdout.write(`${JSON.stringify({ done, at: Date.now() })}\n`);
});
await worker.waitUntilReady();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
