import { closeDb, createDb, type Db } from '../../../src/db/database';
import { migrateToLatest } from '../../../src/db/migrate';
import { createLogger } from '../../../src/observability/logger';
import { createProducerConnection } from '../../../src/queue/connections';
import { createProducer, type Producer } from '../../../src/queue/producer';
import { DEMO, type Emulator, type EmulatorOptions, startEmulator } from '../../../src/sandbox';
import { createScratchDatabase, type ScratchDatabase } from '../../support/database';
import { type Child, spawnScript } from './children';
import { adminUrl, benchPrefix, deleteKeys, redisUrl, SIGNING_SECRET, until } from './env';

/**
 * What a bench runs Baton against: the Slack emulator (in the bench's process: it plays Slack), a
 * migrated database of its own, a queue prefix of its own, and Baton processes started as
 * `npm start` starts them. `close` stops them all and drops the database and the keys.
 */
export interface World {
  emulator: Emulator;
  /** The raw database, for seeding and for reading what Baton stored. */
  db: Db;
  /** The bench's own producer on Baton's queue. */
  queue: Producer;
  env: Record<string, string>;
  /** A Baton process (`src/main.ts --role <role>`), resolved once it logs that it runs. */
  start(role: 'all' | 'web' | 'worker', env?: Record<string, string>): Promise<Child & { url: string }>;
  /**
   * Resolves once no job is waiting, running or due within `aheadMs` (a job waiting out the pacing
   * is due within a second or two; the every-minute tick's next run is left out).
   */
  drained(timeoutMs: number, aheadMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(
  name: string,
  options: { emulator?: EmulatorOptions; env?: Record<string, string> } = {},
): Promise<World> {
  const emulator = await startEmulator(options.emulator);
  let database: ScratchDatabase | undefined;
  let db: Db | undefined;
  const prefix = benchPrefix(name);
  const children: Child[] = [];
  const connection = createProducerConnection(redisUrl);
  const queue = createProducer(connection, prefix);
  const close = async () => {
    await Promise.all(children.map((c) => c.stop()));
    await queue.close().catch(() => {});
    connection.disconnect();
    if (db) await closeDb(db);
    await emulator.close();
    await database?.drop();
    await deleteKeys(prefix);
  };
  try {
    database = await createScratchDatabase(adminUrl);
    db = createDb(database.url);
    await migrateToLatest(db, createLogger({ level: 'warn' }));
  } catch (err) {
    await close();
    throw err;
  }
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    SLACK_API_URL: emulator.apiUrl,
    SLACK_BOT_TOKEN: DEMO.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: '0',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    // The bench ticks itself, when it is ready: no every-minute tick of the wall clock's.
    TICK_SCHEDULE: 'off',
    ...options.env,
  };
  return {
    emulator,
    db,
    queue,
    env,
    async start(role, extra = {}) {
      const child = spawnScript(`baton --role ${role}`, 'src/main.ts', ['--role', role], { ...env, ...extra });
      children.push(child);
      const running = (await child.waitForLine((_, json) => json?.msg === 'Baton is running', 60_000)) as Record<
        string,
        unknown
      >;
      return Object.assign(child, { url: String(running.url) });
    },
    drained: (timeoutMs, aheadMs = 3_000) =>
      until(
        async () => {
          const [waiting = 0, active = 0, due = 0] = await queue
            .getBackend()
            .getCounts(['waiting', 'active', 'delayed'], Date.now() + aheadMs);
          return waiting + active + due === 0;
        },
        timeoutMs,
        'the queue drained',
        200,
      ),
    close,
  };
}
