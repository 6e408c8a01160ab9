import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RateLimited } from '../../../src/app/ports/errors';
import { createMetrics } from '../../../src/observability/metrics';
import { createProducerConnection, createWorkerConnection } from '../../../src/queue/connections';
import type { PromptJob } from '../../../src/queue/jobs';
import { sendPacing } from '../../../src/queue/pacing';
import { createProducer } from '../../../src/queue/producer';
import { redisTeamGate, type TeamGate } from '../../../src/queue/team-gate';
import { type JobHandlers, startWorker } from '../../../src/queue/worker';
import { testQueuePrefix } from '../../support/baton';

const logger = pino({ level: 'silent' });
const connections: Redis[] = [];
afterAll(async () => {
  for (const c of connections) c.disconnect();
});

/** When the gate let a send through: between `from` and `to` (the second it counted is in there). */
interface Admission {
  from: number;
  to: number;
}

/** A real queue and worker whose prompt handler is `handle`; everything else is unused. */
async function queueWith(handle: (job: PromptJob) => Promise<void>, sendsPerSecond = 100) {
  const prefix = testQueuePrefix();
  const producer = createProducerConnection(inject('redisUrl'));
  const workerConnection = createWorkerConnection(inject('redisUrl'));
  connections.push(producer, workerConnection);
  const queue = createProducer(producer, prefix);
  const unused = async () => {
    throw new Error('not used here');
  };
  const handlers: JobHandlers = {
    tick: unused,
    deliverEvent: unused,
    capture: unused,
    syncDirectory: unused,
    checkin: unused,
    refreshToken: unused,
    welcome: unused,
    digest: unused,
    thank: unused,
    publishHome: unused,
    prompt: (data) => handle(data),
  };
  const gate = redisTeamGate(producer, prefix, sendsPerSecond);
  const admissions: Admission[] = [];
  const worker = startWorker({
    connection: workerConnection,
    prefix,
    handlers,
    logger,
    metrics: createMetrics(),
    gate: {
      ...gate,
      async waitMs(teamId) {
        const from = Date.now();
        const wait = await gate.waitMs(teamId);
        if (wait === 0) admissions.push({ from, to: Date.now() });
        return wait;
      },
    },
  });
  const add = (teamId: string, userId: string) =>
    queue.add('prompt', { teamId, userId, at: new Date().toISOString() }, { jobId: `prompt-${teamId}-${userId}` });
  const stop = async () => {
    await worker.close();
    await queue.close();
  };
  return { queue, add, stop, admissions, pacing: sendPacing(gate, logger) };
}

/** A Redis connection of its own, once it is ready (the producer connection queues nothing while it connects). */
async function readyRedis(): Promise<Redis> {
  const redis = createProducerConnection(inject('redisUrl'));
  connections.push(redis);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}

describe('per-workspace gate', () => {
  it('holds back only the rate-limited workspace, without burning attempts', async () => {
    const done: Array<{ team: string; at: number }> = [];
    let limitedAt = 0;
    const { queue, add, stop, pacing } = await queueWith(async (job) => {
      if (job.teamId === 'TBUSY' && limitedAt === 0) {
        // What the messenger does with a 429: report it to the pacing, then fail the send.
        limitedAt = Date.now();
        await pacing.rateLimited(job.teamId, 3_000);
        throw new RateLimited(3_000);
      }
      done.push({ team: job.teamId, at: Date.now() });
    });
    await add('TBUSY', 'U1');
    await expect.poll(() => limitedAt).toBeGreaterThan(0);
    for (const user of ['U2', 'U3']) await add('TBUSY', user);
    for (const user of ['U1', 'U2', 'U3']) await add('TCALM', user);

    await expect.poll(() => done.length, { timeout: 15_000 }).toBe(6);
    const busy = done.filter((d) => d.team === 'TBUSY');
    const calm = done.filter((d) => d.team === 'TCALM');
    // Nothing went to the busy workspace before its wait ended…
    expect(Math.min(...busy.map((d) => d.at)) - limitedAt).toBeGreaterThanOrEqual(2_950);
    // …while the calm one was served during it.
    expect(Math.max(...calm.map((d) => d.at))).toBeLessThan(Math.min(...busy.map((d) => d.at)));
    const jobs = await queue.getJobs(['completed']);
    expect(jobs.filter((j) => (j.data as PromptJob).teamId === 'TBUSY').map((j) => j.attemptsMade)).toEqual([1, 1, 1]);
    await stop();
  });

  it('paces sends to one workspace to the configured rate', async () => {
    let done = 0;
    const { add, stop, admissions } = await queueWith(async () => {
      done++;
    }, 2);
    for (let i = 0; i < 7; i++) await add('TPACED', `U${i}`);
    await expect.poll(() => done, { timeout: 15_000 }).toBe(7);
    expect(admissions).toHaveLength(7);
    // The gate counts by wall-clock second: never more than 2 in one (those that surely fell in it)…
    const perSecond = new Map<number, number>();
    for (const { from, to } of admissions) {
      const second = Math.floor(from / 1000);
      if (Math.floor(to / 1000) === second) perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(2);
    // …so seven of them span four seconds at least: more than two seconds from the first to the last.
    const first = Math.min(...admissions.map((a) => a.from));
    const last = Math.max(...admissions.map((a) => a.to));
    expect(last - first).toBeGreaterThan(2_000);
    await stop();
  });
});

/** The channel's side of the gate's answer before a post (the workspace is not blocked here). */
const channelWaitMs = async (gate: TeamGate, teamId: string, channelId: string) =>
  (await gate.beforePost(teamId, channelId)).channelWaitMs;

describe('per-channel gate', () => {
  it('holds a channel while its post is out and for a second after it is done', async () => {
    const gate = redisTeamGate(await readyRedis(), testQueuePrefix(), 100);
    expect(await channelWaitMs(gate, 'T1', 'C1')).toBe(0);
    // Still out (however long it takes): the next one looks again within a second.
    const waitWhileOut = await channelWaitMs(gate, 'T1', 'C1');
    expect(waitWhileOut).toBeGreaterThan(0);
    expect(waitWhileOut).toBeLessThanOrEqual(1_000);
    expect(await channelWaitMs(gate, 'T1', 'C2')).toBe(0);
    await gate.channelSent('T1', 'C1');
    const waitAfter = await channelWaitMs(gate, 'T1', 'C1');
    expect(waitAfter).toBeGreaterThan(0);
    expect(waitAfter).toBeLessThanOrEqual(1_000);
    await new Promise((resolve) => setTimeout(resolve, waitAfter + 20));
    expect(await channelWaitMs(gate, 'T1', 'C1')).toBe(0);
  });
});

describe('workspace block', () => {
  it('keeps the later of two blocks, however they interleave', async () => {
    const gate = redisTeamGate(await readyRedis(), testQueuePrefix(), 100);
    // Two 429s reported at once, the longer first: a read-then-write would let the shorter win.
    await Promise.all([gate.block('T1', 60_000), gate.block('T1', 1_000)]);
    expect(await gate.blockedMs('T1')).toBeGreaterThan(30_000);
    await Promise.all([gate.block('T2', 1_000), gate.block('T2', 60_000)]);
    expect(await gate.blockedMs('T2')).toBeGreaterThan(30_000);
    // A later, longer block extends an earlier one.
    await gate.block('T3', 1_000);
    await gate.block('T3', 60_000);
    expect(await gate.blockedMs('T3')).toBeGreaterThan(30_000);
    expect(await gate.blockedMs('T4')).toBe(0);
  });

  it('stops posts to a blocked workspace before they claim a channel', async () => {
    const gate = redisTeamGate(await readyRedis(), testQueuePrefix(), 100);
    await gate.block('T1', 60_000);
    const blocked = await gate.beforePost('T1', 'C1');
    expect(blocked.blockedMs).toBeGreaterThan(30_000);
    expect(blocked.channelWaitMs).toBe(0);
    expect(await gate.beforePost('T2', 'C1')).toEqual({ blockedMs: 0, channelWaitMs: 0 });
    // The blocked post claimed nothing (a claim holds 15 s): once the block is over, its channel is free.
    await gate.block('T3', 200);
    expect((await gate.beforePost('T3', 'C1')).blockedMs).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await gate.beforePost('T3', 'C1')).toEqual({ blockedMs: 0, channelWaitMs: 0 });
  });
});
