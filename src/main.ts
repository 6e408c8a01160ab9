import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { webApi } from '@slack/bolt';
import type { Redis } from 'ioredis';
import { dueCheckins, runCheckin } from './app/checkins';
import { deliverEvent, dueDeliveries } from './app/deliver-event';
import type { Deps } from './app/deps';
import { checkHealth } from './app/health';
import { duePrompts, runMorningPrompt } from './app/morning-prompt';
import { dueDirectorySyncs, syncDirectory } from './app/people';
import { RateLimited, SendLater } from './app/ports';
import { runTick } from './app/tick';
import { type Config, ConfigError, loadConfig, parseFlags } from './config';
import { closeDb, createDb, type Db, pingDb } from './db/database';
import { ensureDatabaseExists } from './db/ensure-database';
import { migrateToLatest } from './db/migrate';
import { createStore } from './db/store';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { createProducerConnection, createWorkerConnection, pingRedis } from './queue/connections';
import { tickInstant } from './queue/jobs';
import { createProducer, keepTickScheduler, type Producer, queueJobs, upsertTickScheduler } from './queue/producer';
import { redisTeamGate } from './queue/team-gate';
import { closeWorker, startWorker } from './queue/worker';
import { type Emulator, startEmulator } from './sandbox';
import { createSandboxPage, SANDBOX, SandboxClock, sandboxWorkspace } from './sandbox/web';
import { createSlackApp, type SlackApp, type SlackConnection } from './slack/bolt-app';
import { slackDirectory } from './slack/directory';
import { createHttpServer } from './slack/http-server';
import { slackMessenger } from './slack/messenger';
import { createJobWebClient } from './slack/web-client';

/** How often a worker makes sure the every-minute tick is still scheduled in Redis. */
const TICK_SCHEDULE_CHECK_MS = 15_000;

export interface Baton {
  config: Config;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  db: Db;
  queue: Producer;
  metrics: Metrics;
  /** What the use cases run with (tests drive them directly for setup). */
  deps: Deps;
  /** Present in sandbox mode: the Slack stand-in the app talks to. */
  sandbox?: SandboxInfo;
  stop(): Promise<void>;
}

export interface SandboxInfo {
  emulator: Emulator;
  signingSecret: string;
  /** The simulated time Baton and the emulator share (the sandbox page moves it). */
  clock: SandboxClock;
}

export interface StartOptions {
  logger?: Logger;
  /** Bind address; tests use 127.0.0.1 with port 0. */
  host?: string;
}

/** Composition root: config → logger → db, redis → adapters → start. Returns a handle whose stop() shuts down in order. */
export async function startBaton(config: Config, options: StartOptions = {}): Promise<Baton> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const metrics = createMetrics();
  const closers: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= (async () => {
      for (const close of closers.reverse()) {
        await close().catch((err: unknown) => logger.error({ err }, 'error during shutdown'));
      }
    })();
    return stopping;
  };

  try {
    const sandbox = config.slack.kind === 'sandbox' ? await startSandbox(logger) : undefined;
    if (sandbox) closers.push(() => sandbox.emulator.close());
    const slackApiUrl = sandbox?.emulator.apiUrl ?? config.slackApiUrl;

    if (await ensureDatabaseExists(config.databaseUrl)) logger.info('created the database named in DATABASE_URL');
    const db = createDb(config.databaseUrl, { logger });
    closers.push(() => closeDb(db));
    await migrateToLatest(db, logger);

    const producerConnection = createProducerConnection(config.redisUrl);
    producerConnection.on('error', (err) => logger.warn({ err: err.message }, 'redis (producer) connection error'));
    closers.push(() => quitRedis(producerConnection));
    const queue = createProducer(producerConnection, config.queuePrefix);
    queue.on('error', (err) => logger.warn({ err: err.message }, 'queue error'));
    closers.push(() => queue.close());

    const connection = slackConnection(config, sandbox);
    const slackClient = createJobWebClient(connection.botToken, slackApiUrl, logger, metrics);
    const clientFor = () => slackClient; // one workspace; OAuth installs will look the token up by team
    const now = sandbox?.clock.now ?? (() => new Date());
    const gate = redisTeamGate(producerConnection, config.queuePrefix, config.slackSendsPerSecond);
    const pacing = {
      async beforeSend(teamId: string, channel: string) {
        const blocked = await gate.blockedMs(teamId);
        if (blocked > 0) throw new RateLimited(blocked);
        const wait = await gate.channelWaitMs(teamId, channel);
        if (wait > 0) throw new SendLater(wait);
      },
      // Never fails the send it follows: if Redis is away, the claim lapses by itself.
      afterSend: (teamId: string, channel: string) =>
        gate
          .channelSent(teamId, channel)
          .catch((err: unknown) =>
            logger.warn({ err, team: teamId, channel }, 'could not free a channel after a post'),
          ),
      rateLimited: (teamId: string, ms: number) => gate.block(teamId, ms),
    };
    const deps: Deps = {
      store: createStore(db),
      directory: slackDirectory(clientFor),
      messenger: slackMessenger(clientFor, now, pacing),
      jobs: queueJobs(queue),
      now,
      logger,
      staleClaimMs: config.deliveryStaleMs,
    };

    const sandboxPage =
      sandbox && hasSandboxPage(config) ? createSandboxPage({ ...sandbox, deps, queue, logger }) : undefined;

    if (config.role !== 'web') {
      await upsertTickScheduler(queue);
      const stopKeeping = keepTickScheduler(queue, TICK_SCHEDULE_CHECK_MS, {
        restored: () => logger.warn('the tick schedule was gone from Redis (data lost?); it is back'),
        error: (err) => logger.warn({ err }, 'could not check the tick schedule'),
      });
      closers.push(async () => stopKeeping());
      const workerConnection = createWorkerConnection(config.redisUrl);
      closers.push(() => quitRedis(workerConnection));
      const worker = startWorker({
        connection: workerConnection,
        prefix: config.queuePrefix,
        logger,
        metrics,
        gate,
        lockMs: config.jobLockMs,
        recheckInFlightMs: Math.ceil(config.deliveryStaleMs / 3),
        handlers: {
          tick: async (_data, job) =>
            runTick(
              sandboxPage ? await sandboxPage.tickInstant(job) : tickInstant(job),
              [duePrompts(deps), dueCheckins(deps), dueDeliveries(deps), dueDirectorySyncs(deps)],
              logger,
            ),
          checkin: (data) => runCheckin(deps, data.teamId, data.taskId, new Date(data.at)),
          prompt: (data) => runMorningPrompt(deps, data.teamId, data.userId, new Date(data.at)),
          deliverEvent: (data) => deliverEvent(deps, data.teamId, data.eventId),
          syncDirectory: (data) => syncDirectory(deps, data.teamId),
        },
      });
      closers.push(() => closeWorker(worker, config.shutdownGraceMs, logger));
      await scheduleDirectorySync(slackClient, deps, logger);
    }

    let slack: SlackApp | undefined;
    if (config.role !== 'worker') {
      slack = createSlackApp({
        deps,
        connection,
        apiUrl: slackApiUrl,
        logger,
        metrics,
        shutdownGraceMs: config.shutdownGraceMs,
      });
      await slack.start();
      closers.push(slack.stop);
    }

    const server = createHttpServer({
      logger,
      metrics,
      slack: slack?.requestListener,
      sandbox: sandboxPage,
      health: () => checkHealth({ postgres: () => pingDb(db), redis: () => pingRedis(producerConnection) }),
    });
    await listen(server, config.port, options.host);
    closers.push(() => closeServer(server));
    const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
    if (sandboxPage) {
      closers.push(() => sandboxPage.close());
      await sandboxPage.start(url);
    }
    logger.info({ url, mode: config.slack.kind, role: config.role }, 'Baton is running');
    if (sandbox)
      logger.info({ slackApiUrl: sandbox.emulator.apiUrl }, 'sandbox: Baton talks to the built-in Slack emulator');

    return { config, url, db, queue, metrics, deps, sandbox, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** The sandbox page needs the web server and the worker in one process: they share its clock. */
function hasSandboxPage(config: Config): boolean {
  return config.slack.kind === 'sandbox' && config.role === 'all';
}

function slackConnection(config: Config, sandbox: SandboxInfo | undefined): SlackConnection {
  const slack = config.slack;
  switch (slack.kind) {
    case 'single':
      return { kind: 'http', botToken: slack.botToken, signingSecret: slack.signingSecret };
    case 'socket':
      return { kind: 'socket', botToken: slack.botToken, appToken: slack.appToken };
    case 'sandbox':
      if (!sandbox) throw new Error('sandbox mode without its emulator');
      return { kind: 'http', botToken: SANDBOX.botToken, signingSecret: sandbox.signingSecret };
    case 'oauth':
      throw new ConfigError(
        'Many-workspace (OAuth) mode is not available yet: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET instead',
      );
  }
}

/** Loads the workspace's members into Postgres once the worker runs (the tick keeps them fresh after). */
async function scheduleDirectorySync(client: webApi.WebClient, deps: Deps, logger: Logger): Promise<void> {
  try {
    const auth = await client.auth.test();
    if (auth.team_id) await deps.jobs.syncDirectories([auth.team_id], deps.now());
  } catch (err) {
    logger.warn({ err }, 'could not schedule the directory sync; @names resolve once profiles are seen');
  }
}

async function startSandbox(logger: Logger): Promise<SandboxInfo> {
  const clock = new SandboxClock();
  const emulator = await startEmulator({
    port: 0,
    workspaces: [sandboxWorkspace()],
    now: clock.slackNowMs,
    logger: logger.child({ component: 'emulator' }),
  });
  return { emulator, signingSecret: randomBytes(16).toString('hex'), clock };
}

function listen(server: Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

async function quitRedis(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env, parseFlags(process.argv.slice(2)), process.stdout.isTTY === true);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  // The sandbox's address comes first, before any log line (with PORT=0 it is known once listening).
  const announce = (port: number | string) =>
    process.stdout.write(`Baton sandbox: open http://localhost:${port}/sandbox\n`);
  if (hasSandboxPage(config) && config.port !== 0) announce(config.port);
  const baton = await startBaton(config, { logger });
  if (hasSandboxPage(config) && config.port === 0) announce(new URL(baton.url).port);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    baton.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`Baton failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
