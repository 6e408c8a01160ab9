import { sql } from 'kysely';
import { expect, inject, onTestFinished } from 'vitest';
import { closeDb, createDb, type Db } from '../../src/db/database';
import { createProducerConnection } from '../../src/queue/connections';
import { createProducer, enqueueTick, type Producer } from '../../src/queue/producer';
import { DEMO, type Emulator, type EmulatorOptions, startEmulator } from '../../src/sandbox';
import { SIGNING_SECRET, testQueuePrefix } from './baton';
import { createScratchDatabase } from './database';
import { type RunningProcess, runBaton } from './processes';

/**
 * A world for a fault test: the emulator, a database, a queue prefix and Redis of the test's own
 * choosing, and Baton run as `npm start` runs it, in as many processes as the test starts.
 */
export interface World {
  emulator: Emulator;
  /** The raw database, for setting up and for looking at what Baton stored. */
  db: Db;
  /** The queue, as the test's own producer sees it (the test plays the every-minute scheduler). */
  queue: Producer;
  env: Record<string, string>;
  /** Starts a Baton process with this role; resolves once it runs. */
  start(role?: 'all' | 'web' | 'worker', env?: Record<string, string>): Promise<RunningProcess & { url: string }>;
  tick(at: Date): Promise<void>;
  /** Resolves once no job is waiting, running or due within a few seconds. */
  drained(timeoutMs?: number): Promise<void>;
}

export interface WorldOptions {
  emulator?: EmulatorOptions;
  databaseUrl?: string;
  redisUrl?: string;
  env?: Record<string, string>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const emulator = await startEmulator(options.emulator);
  onTestFinished(() => emulator.close());
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    const database = await createScratchDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
    onTestFinished(() => database.drop());
    databaseUrl = database.url;
  }
  const redisUrl = options.redisUrl ?? inject('redisUrl');
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: testQueuePrefix(),
    SLACK_API_URL: emulator.apiUrl,
    SLACK_BOT_TOKEN: DEMO.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: '0',
    // The test plays the scheduler on a simulated clock: a real-time tick would act on the wall clock's day.
    TICK_SCHEDULE: 'off',
    ...options.env,
  };
  const db = createDb(databaseUrl);
  onTestFinished(() => closeDb(db));
  const connection = createProducerConnection(redisUrl);
  connection.on('error', () => {}); // tests that stop Redis see the producer fail, as they mean to
  const queue = createProducer(connection, env.QUEUE_PREFIX as string);
  queue.on('error', () => {});
  onTestFinished(async () => {
    await queue.close().catch(() => {});
    connection.disconnect();
  });
  return {
    emulator,
    db,
    queue,
    env,
    async start(role = 'all', extra = {}) {
      const process = runBaton(['--role', role], { ...env, ...extra });
      const running = await process.waitForLog((l) => l.msg === 'Baton is running', 60_000);
      return Object.assign(process, { url: String(running.url) });
    },
    async tick(at) {
      await enqueueTick(queue, at);
    },
    drained: (timeoutMs) => queueDrained(queue, timeoutMs),
  };
}

/** Resolves once no job is waiting, running or due within a few seconds (a job waiting out pacing is work still to do). */
export async function queueDrained(queue: Producer, timeoutMs = 60_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const [waiting = 0, active = 0, due = 0] = await queue
          .getBackend()
          .getCounts(['waiting', 'active', 'delayed'], Date.now() + 3_000);
        return waiting + active + due;
      },
      { timeout: timeoutMs, interval: 200 },
    )
    .toBe(0);
}

/** The every-minute scheduler, played by the test: each call ticks the minute after the last one, from `start`. */
export function minutesAfter(world: World, start: Date): () => Promise<void> {
  let minute = 0;
  return () => world.tick(new Date(start.getTime() + ++minute * 60_000));
}

/**
 * Waits until every lead has had a prompt, the scheduler ticking all the while: a job that failed
 * for good comes back with a later minute's tick. A failure says where the missing prompts are.
 */
export function everyLeadPrompted(
  world: World,
  leads: readonly string[],
  nextMinute: () => Promise<void>,
  output: () => string,
): Promise<void> {
  return explained(
    expect
      .poll(
        async () => {
          await nextMinute();
          return promptsPerLead(world.emulator).size;
        },
        { timeout: 180_000, interval: 3_000 },
      )
      .toBe(leads.length),
    () => whereTheyAre(world, leads, output()),
  );
}

/** How many morning prompts each lead received, from what Slack holds. */
export function promptsPerLead(emulator: Emulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of emulator.messages()) {
    if (m.dmUser && /You're holding/.test(m.text)) counts.set(m.dmUser, (counts.get(m.dmUser) ?? 0) + 1);
  }
  return counts;
}

/** Deliveries by state, from Postgres. */
export async function deliveriesByState(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['state', sql<number>`count(*)::int`.as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Rethrows a failed wait with `explain()`'s account of the state of things appended. */
export async function explained(wait: Promise<unknown>, explain: () => Promise<string>): Promise<void> {
  try {
    await wait;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message}\n${await explain()}`, { cause: err });
  }
}

/** For leads still without their prompt: their delivery rows, their schedule, their jobs and what the app logged of them. */
export async function whereTheyAre(world: World, leads: readonly string[], output: string): Promise<string> {
  const counts = promptsPerLead(world.emulator);
  const missing = leads.filter((id) => !counts.get(id));
  if (missing.length === 0) return 'every lead has a prompt';
  const deliveries = await world.db.selectFrom('deliveries').selectAll().where('target', 'in', missing).execute();
  const schedule = await world.db
    .selectFrom('users')
    .select(['user_id', 'next_prompt_at'])
    .where('user_id', 'in', missing)
    .execute();
  const jobs = (await world.queue.getJobs(['waiting', 'active', 'delayed', 'failed', 'completed']))
    .filter((j) => missing.some((id) => String(j.id).includes(id)))
    .map(
      (j) =>
        `${j.name} ${j.id} attempts=${j.attemptsMade} failed=${j.failedReason ?? '-'} finished=${j.finishedOn ?? '-'}`,
    );
  const logged = output.split('\n').filter((line) => missing.some((id) => line.includes(id)));
  return [
    `missing: ${missing.join(', ')}`,
    `deliveries: ${JSON.stringify(deliveries)}`,
    `schedule: ${JSON.stringify(schedule)}`,
    `jobs:\n${jobs.join('\n')}`,
    `logged:\n${logged.slice(-30).join('\n')}`,
  ].join('\n');
}
