import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Jobs } from '../app/ports/jobs';
import {
  captureJobId,
  checkinJobId,
  deliverEventJobId,
  digestJobId,
  HOME_DEBOUNCE_MS,
  homeDedupId,
  type JobName,
  type JobPayloads,
  promptJobId,
  QUEUE_NAME,
  refreshTokenJobId,
  syncDirectoryJobId,
  TICK_SCHEDULER_ID,
  thankJobId,
  tickJobId,
  welcomeJobId,
} from './jobs';

export type Producer = Queue<JobPayloads[JobName], unknown, JobName>;

export function createProducer(connection: Redis, prefix: string): Producer {
  return new Queue(QUEUE_NAME, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

/**
 * BullMQ waits for Redis to be ready before its first command; a request handler must not.
 * Every producer call goes through here so it fails within `ms` when Redis is away.
 */
export async function withinDeadline<T>(work: Promise<T>, ms = 2_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Enqueues a tick for the given instant; the same minute twice is one job while it exists. */
export async function enqueueTick(queue: Producer, at: Date): Promise<string> {
  const id = tickJobId(at);
  await withinDeadline(queue.add('tick', { at: at.toISOString() }, { jobId: id }));
  return id;
}

/** Upserting is idempotent, so doing it at every start-up also restores a flushed Redis. */
export async function upsertTickScheduler(queue: Producer): Promise<void> {
  const upsert = queue.upsertJobScheduler(
    TICK_SCHEDULER_ID,
    { pattern: '* * * * *', tz: 'UTC' },
    {
      name: 'tick',
      data: {},
      opts: { attempts: 3, removeOnComplete: { count: 1_000 }, removeOnFail: { count: 1_000 } },
    },
  );
  await withinDeadline(upsert, 10_000);
}

/**
 * Redis may lose its data while the worker runs (a restart without persistence, a flush): nothing
 * would tick again until a restart. So the worker looks for the schedule every `everyMs` and puts
 * it back when it is gone.
 */
export function keepTickScheduler(
  queue: Producer,
  everyMs: number,
  on: { restored: () => void; error: (err: unknown) => void },
): () => void {
  const check = async () => {
    if (await withinDeadline(queue.getJobScheduler(TICK_SCHEDULER_ID))) return;
    await upsertTickScheduler(queue);
    on.restored();
  };
  const timer = setInterval(() => check().catch(on.error), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The use cases' view of the queue. */
export function queueJobs(queue: Producer): Jobs {
  return {
    async deliverEvent(teamId, eventId) {
      const data = { teamId, eventId };
      // Quick retries first: the job may start before the enqueuing transaction commits.
      const backoff = { type: 'exponential', delay: 200 };
      // A job that failed for good must not keep its id: the tick's outbox sweep enqueues it again.
      const opts = { jobId: deliverEventJobId(data), attempts: 8, backoff, removeOnFail: true };
      await withinDeadline(queue.add('deliverEvent', data, opts));
    },
    async captureCommands(commands) {
      // Gone once done, as its row is; a job that failed for good keeps no id either, so the tick's
      // sweep of rows left behind enqueues it again.
      const job = (c: (typeof commands)[number]) => ({
        name: 'capture' as const,
        data: { teamId: c.teamId, commandId: c.commandId },
        opts: { jobId: captureJobId(c), removeOnComplete: true, removeOnFail: true },
      });
      const [one] = commands;
      // One, from a request: a plain add, cheaper than a bulk add's pipeline.
      if (one && commands.length === 1) {
        const { name, data, opts } = job(one);
        await withinDeadline(queue.add(name, data, opts));
      } else await withinDeadline(queue.addBulk(commands.map(job)));
    },
    prompts: (due, at) =>
      addMany(queue, 'prompt', due, (d) => ({
        data: { teamId: d.teamId, userId: d.userId, at: at.toISOString() },
        jobId: promptJobId(d.teamId, d.userId, d.dueAt),
      })),
    checkins: (due, at) =>
      addMany(queue, 'checkin', due, (d) => ({
        data: { teamId: d.teamId, taskId: d.taskId, at: at.toISOString() },
        jobId: checkinJobId(d.teamId, d.taskId, d.dueAt),
      })),
    digests: (due, at) =>
      addMany(queue, 'digest', due, (d) => ({
        data: { teamId: d.teamId, userId: d.userId, at: at.toISOString() },
        jobId: digestJobId(d.teamId, d.userId, d.dueAt),
      })),
    async thank(teamId, leadId, taskId) {
      // Gone once done: a later click finds the delivery sent and changes nothing.
      const opts = { jobId: thankJobId(teamId, taskId), removeOnComplete: true, removeOnFail: true };
      await withinDeadline(queue.add('thank', { teamId, leadId, taskId }, opts));
    },
    async publishHome(teamId, userIds) {
      // Debounced: the first request in a window makes a job that runs after it; the others in
      // the window are dropped by the deduplication id, which expires when the job is due. A
      // change after that makes a new job, so the Home always ends up showing the last change.
      await withinDeadline(
        Promise.all(
          [...new Set(userIds)].map((userId) =>
            queue.add(
              'publishHome',
              { teamId, userId },
              {
                delay: HOME_DEBOUNCE_MS,
                deduplication: { id: homeDedupId(teamId, userId), ttl: HOME_DEBOUNCE_MS },
                removeOnComplete: true,
                removeOnFail: true,
              },
            ),
          ),
        ),
      );
    },
    syncDirectories: (teamIds, at) =>
      addMany(queue, 'syncDirectory', teamIds, (teamId) => ({
        data: { teamId },
        jobId: syncDirectoryJobId({ teamId }, at),
      })),
    async welcome(teamId, userId, at) {
      const data = { teamId, userId, at: at.toISOString() };
      await withinDeadline(queue.add('welcome', data, { jobId: welcomeJobId(data) }));
    },
    refreshTokens: (due) =>
      addMany(queue, 'refreshToken', due, ({ teamId, enterpriseId, isEnterpriseInstall, expiresAt }) => {
        const data = { teamId, enterpriseId, isEnterpriseInstall };
        return { data, jobId: refreshTokenJobId(data, expiresAt) };
      }),
  };
}

/** Enqueues one job per item, each under its deterministic id, in one round trip (the tick's jobs). */
async function addMany<N extends JobName, T>(
  queue: Producer,
  name: N,
  items: readonly T[],
  job: (item: T) => { data: JobPayloads[N]; jobId: string },
): Promise<void> {
  const jobs = items.map((item) => {
    const { data, jobId } = job(item);
    // A job that failed for good must not keep its id: the next tick enqueues the same one again.
    return { name, data, opts: { jobId, removeOnFail: true } };
  });
  await withinDeadline(queue.addBulk(jobs), 10_000);
}
