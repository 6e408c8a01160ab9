import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { RateLimited, SendLater } from '../app/ports/errors';
import { DeliveryInFlight } from '../app/send-once';
import { DomainError } from '../domain/errors';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { type JobName, type JobPayloads, QUEUE_NAME, SENDING_JOBS } from './jobs';
import type { TeamGate } from './team-gate';

export type JobHandlers = { [N in JobName]: (data: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown> };

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  handlers: JobHandlers;
  logger: Logger;
  metrics: Metrics;
  /** Per-workspace pacing for jobs that message Slack, and the wait of a workspace blocked by a 429. */
  gate: TeamGate;
  concurrency?: number;
  /** How long a job's lock lasts; a job of a dead worker runs again after about twice this. */
  lockMs?: number;
  /** How long a send waits when another attempt holds its delivery claim (it may have died). */
  recheckInFlightMs?: number;
  /**
   * Whether an error says Baton is no longer installed in the job's workspace (uninstalled, token
   * revoked): such a job ends quietly, with a log line, and is not retried.
   */
  workspaceGone?: (err: unknown, teamId: string | undefined) => boolean;
}

export type BatonWorker = Worker<JobPayloads[JobName], unknown, JobName>;

export function startWorker(options: WorkerOptions): BatonWorker {
  const { handlers, logger, metrics, gate } = options;
  const lockDuration = options.lockMs ?? 30_000;
  const worker: BatonWorker = new Worker(
    QUEUE_NAME,
    async (job, token) => {
      const handler = handlers[job.name] as (data: unknown, job: Job) => Promise<unknown>;
      const teamId = SENDING_JOBS.has(job.name) ? (job.data as { teamId?: string }).teamId : undefined;
      // Waiting is not failing: a delayed job keeps its attempts.
      const later = async (ms: number): Promise<never> => {
        await job.moveToDelayed(Date.now() + ms, token);
        throw new DelayedError();
      };
      if (teamId) {
        const wait = await gate.waitMs(teamId);
        if (wait > 0) return later(wait);
      }
      try {
        return await handler(job.data, job);
      } catch (err) {
        // The messenger has blocked the workspace already (queue/pacing.ts): this job just waits too.
        if (err instanceof RateLimited && teamId) {
          logger.warn(
            { team: teamId, jobId: job.id, retryAfterMs: err.retryAfterMs },
            'Slack rate limit; the workspace waits',
          );
          return later(err.retryAfterMs);
        }
        if (err instanceof SendLater) return later(err.waitMs);
        if (err instanceof DeliveryInFlight) return later(options.recheckInFlightMs ?? 15_000);
        const team = (job.data as { teamId?: string }).teamId;
        if (options.workspaceGone?.(err, team)) {
          logger.info(
            { team, jobId: job.id, job: job.name, reason: err instanceof Error ? err.message : String(err) },
            'Baton is no longer installed in the workspace; the job ends',
          );
          return undefined;
        }
        if (err instanceof DomainError) throw new UnrecoverableError(`${err.code}: ${err.message}`);
        throw err;
      }
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 8,
      lockDuration,
      stalledInterval: lockDuration,
    },
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
