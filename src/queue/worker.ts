import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { DomainError } from '../domain/errors';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { type JobName, type JobPayloads, QUEUE_NAME } from './jobs';

export type JobHandlers = { [N in JobName]: (data: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown> };

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  handlers: JobHandlers;
  logger: Logger;
  metrics: Metrics;
  concurrency?: number;
}

export type BatonWorker = Worker<JobPayloads[JobName], unknown, JobName>;

export function startWorker(options: WorkerOptions): BatonWorker {
  const { handlers, logger, metrics } = options;
  const worker: BatonWorker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const handler = handlers[job.name] as (data: unknown, job: Job) => Promise<unknown>;
      try {
        return await handler(job.data, job);
      } catch (err) {
        if (err instanceof DomainError) throw new UnrecoverableError(`${err.code}: ${err.message}`);
        throw err;
      }
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency ?? 8 },
  );
  worker.on('completed', (job) => {
    metrics.jobsProcessed.inc({ job: job.name });
    logger.debug({ jobId: job.id, job: job.name }, 'job completed');
  });
  worker.on('failed', (job, err) => {
    metrics.jobsFailed.inc({ job: job?.name ?? 'unknown' });
    const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
    const fields = { err, jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, data: job?.data };
    if (final) logger.error(fields, 'job failed for good');
    else logger.warn(fields, 'job failed; it will be retried');
  });
  worker.on('error', (err) => logger.error({ err }, 'worker error'));
  return worker;
}

/** Lets running jobs finish, but not forever: BullMQ's close() has no timeout of its own. */
export async function closeWorker(worker: BatonWorker, graceMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([worker.close().then(() => 'closed' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    logger.warn({ graceMs }, 'jobs still running after the grace period; closing the worker forcibly');
    await worker.close(true);
  }
}
