import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { inject, onTestFinished } from 'vitest';
import { syncDirectory } from '../../src/app/people';
import { loadConfig } from '../../src/config';
import { type Baton, startBaton } from '../../src/main';
import { createLogger, type Logger } from '../../src/observability/logger';
import { DEMO, Emulator, type EmulatorOptions, SlackDriver, startEmulator } from '../../src/sandbox';
import { createScratchDatabase } from './database';

export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

export interface TestBaton {
  baton: Baton;
  emulator: Emulator;
  slack: SlackDriver;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
}

export interface TestBatonOptions {
  /** Extra or overriding environment variables for the app's config. */
  env?: Record<string, string>;
  role?: 'all' | 'web' | 'worker';
  /** Options of a fresh emulator, or an emulator to share (it outlives this app). */
  emulator?: EmulatorOptions | Emulator;
  /** A database to share with other processes (the test owns it); default a scratch one of its own. */
  databaseUrl?: string;
}

/** A unique BullMQ prefix under the run's prefix (which global teardown deletes). */
export function testQueuePrefix(): string {
  return `${inject('queuePrefix')}-${randomBytes(3).toString('hex')}`;
}

/**
 * The real app (Postgres, Redis, Bolt, worker) on a random port, talking to a fresh Slack emulator,
 * with a driver that signs requests the way Slack does. Stopped when the test that started it finishes.
 */
export async function startTestBaton(options: TestBatonOptions = {}): Promise<TestBaton> {
  // Each app gets a database of its own (migrated by its start-up), so tests never see each other's tasks.
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl) {
    const database = await createScratchDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
    onTestFinished(() => database.drop());
    databaseUrl = database.url;
  }
  const shared = options.emulator instanceof Emulator ? options.emulator : undefined;
  const emulator = shared ?? (await startEmulator({ ...(options.emulator as EmulatorOptions | undefined) }));
  const logs: Array<Record<string, unknown>> = [];
  const config = loadConfig(
    {
      PORT: '0',
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: testQueuePrefix(),
      SLACK_API_URL: emulator.apiUrl,
      SLACK_BOT_TOKEN: DEMO.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      SHUTDOWN_GRACE_MS: '2000',
      // Tests play the scheduler on a simulated clock: a real-time tick would act on the wall clock's day.
      TICK_SCHEDULE: 'off',
      ...options.env,
    },
    { role: options.role ?? 'all' },
  );
  let baton: Baton;
  try {
    baton = await startBaton(config, { logger: collectingLogger(config.logLevel, logs), host: '127.0.0.1' });
  } catch (err) {
    if (!shared) await emulator.close();
    throw err;
  }
  onTestFinished(async () => {
    await baton.stop();
    if (!shared) await emulator.close();
  });
  // The worker also syncs at start-up, in the background; tests want the members known now.
  // (With many workspaces nothing is installed yet: each test installs what it needs.)
  if (config.role !== 'worker' && config.slack.kind !== 'sandbox' && config.slack.kind !== 'oauth') {
    await syncDirectory(baton.deps, DEMO.teamId);
  }
  return {
    baton,
    emulator,
    slack: new SlackDriver({ emulator, appUrl: baton.url, signingSecret: SIGNING_SECRET }),
    logs,
  };
}

function collectingLogger(level: string, logs: Array<Record<string, unknown>>): Logger {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(JSON.parse(line));
      done();
    },
  });
  return createLogger({ level, destination });
}
