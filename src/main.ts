import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { webApi } from '@slack/bolt';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { dueCaptureCommands, runCaptureCommand } from './app/capture-command';
import { dueCheckins, runCheckin } from './app/checkins';
import { deliverEvent, dueDeliveries } from './app/deliver-event';
import type { Deps } from './app/deps';
import { dueDigests, runDigest, sendThanks } from './app/digest';
import { checkHealth } from './app/health';
import { publishHome } from './app/home';
import {
  completeInstall,
  completeOrgInstall,
  duePurges,
  dueTokenRefreshes,
  refreshInstallation,
  skippingTeams,
  welcomeInstaller,
} from './app/installations';
import { duePrompts, runMorningPrompt } from './app/morning-prompt';
import { dueDirectorySyncs, syncDirectory } from './app/people';
import type { TokenRefresher } from './app/ports/slack';
import { forgetOldRequestKeys } from './app/request-keys';
import { runTick } from './app/tick';
import { type Config, ConfigError, loadConfig, parseFlags } from './config';
import { closeDb, createDb, type Db, isPostgresUnreachable, pingDb } from './db/database';
import { ensureDatabaseExists } from './db/ensure-database';
import { migrateToLatest } from './db/migrate';
import { tokenSeal } from './db/token-seal';
import { postgresRepositories } from './db/unit-of-work';
import { Lifecycle, retryUntilDone, withTimeout } from './lifecycle';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { createProducerConnection, createWorkerConnection, pingRedis } from './queue/connections';
import { type TickJob, tickInstant } from './queue/jobs';
import { sendPacing } from './queue/pacing';
import { createProducer, keepTickScheduler, type Producer, queueJobs, upsertTickScheduler } from './queue/producer';
import { redisTeamGate } from './queue/team-gate';
import { closeWorker, startWorker } from './queue/worker';
import { type Emulator, startEmulator } from './sandbox';
import { createSandboxPage, SANDBOX, SandboxClock, sandboxWorkspace } from './sandbox/web';
import { createSlackApp, type SlackApp, type SlackConnection } from './slack/bolt-app';
import { type BotIdentity, BotIdentityWatch, slackProbe } from './slack/bot-identity';
import { slackDirectory } from './slack/directory';
import { createHttpServer, type Route, SLACK_EVENTS_PATH } from './slack/http-server';
import { postgresInstallationStore } from './slack/installation-store';
import { instrumentedFetch } from './slack/instrumented-fetch';
import { slackMessenger } from './slack/messenger';
import { healthRoute, metricsRoute } from './slack/ops-routes';
import { oauthRoutes } from './slack/receiver/oauth';
import { slackTokenRefresher } from './slack/token-refresher';
import { createJobWebClient } from './slack/web-client';
import {
  clientsByTeam,
  type InstalledWorkspaceAccess,
  installedWorkspaceAccess,
  isWorkspaceGone,
  singleWorkspaceAccess,
  type WorkspaceAccess,
} from './slack/workspace-access';

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
  /** Resolves once Postgres is migrated and every part runs; until then /healthz says what is missing. */
  ready: Promise<void>;
  /** Slack listeners still at work after their ack (0 for the worker role). */
  listenersAtWork(): number;
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

/** Starts Baton and waits until it is ready (tests, scripts). */
export async function startBaton(config: Config, options: StartOptions = {}): Promise<Baton> {
  const baton = await launchBaton(config, options);
  try {
    await baton.ready;
  } catch (err) {
    await baton.stop();
    throw err;
  }
  return baton;
}

/**
 * Composition root: config → logger → db, redis → adapters → start. Resolves as soon as the HTTP
 * server listens, so /healthz answers while Postgres, Redis or Slack are still unreachable;
 * `ready` resolves once Postgres is migrated and the worker and Slack listeners run. Nothing that
 * is down at start-up stops the process: each is retried until it comes.
 */
export async function launchBaton(config: Config, options: StartOptions = {}): Promise<Baton> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const metrics = createMetrics();
  const life = new Lifecycle(logger);
  try {
    const sandbox = config.slack.kind === 'sandbox' ? await startSandbox(logger) : undefined;
    if (sandbox) life.onStop('connections', 'emulator', () => sandbox.emulator.close());
    const slackApiUrl = sandbox?.emulator.apiUrl ?? config.slackApiUrl;

    const db = createDb(config.databaseUrl, { logger });
    life.onStop('connections', 'postgres', () => closeDb(db));
    const producerConnection = createProducerConnection(config.redisUrl);
    producerConnection.on('error', (err) => logger.warn({ err: err.message }, 'redis (producer) connection error'));
    life.onStop('connections', 'redis (producer)', () => quitRedis(producerConnection));
    const queue = createProducer(producerConnection, config.queuePrefix);
    queue.on('error', (err) => logger.warn({ err: err.message }, 'queue error'));
    life.onStop('connections', 'queue', () => queue.close(), 2_000);

    const now = sandbox?.clock.now ?? (() => new Date());
    const gate = redisTeamGate(producerConnection, config.queuePrefix, config.slackSendsPerSecond);
    const seal = config.encryptionKey ? tokenSeal(config.encryptionKey, config.previousEncryptionKeys) : undefined;
    const persistence = postgresRepositories(db, seal);
    const makeClient = (token: string) => createJobWebClient(token, slackApiUrl, logger, metrics);
    // One workspace: its one token. Many: each workspace's token from its installation, when needed.
    const botToken = oneWorkspaceToken(config);
    const oneClient = botToken === undefined ? undefined : makeClient(botToken);
    const installed =
      botToken === undefined
        ? installedWorkspaceAccess({
            installations: persistence.installations,
            enterpriseOf: async (teamId) => (await persistence.workspaces.findInstalled(teamId))?.enterpriseId ?? null,
            metThroughOrganization: async ({ teamId, enterpriseId, botUserId, botId }) => {
              await persistence.workspaces.save({ teamId, enterpriseId, botUserId, botId });
              await queueJobs(queue).syncDirectories([teamId], now());
            },
          })
        : undefined;
    const clientFor =
      oneClient === undefined
        ? clientsByTeam(installed ?? noWorkspaces, makeClient)
        : async (_teamId: string) => oneClient;
    const deps: Deps = {
      ...persistence,
      directory: slackDirectory(clientFor),
      messenger: slackMessenger(clientFor, now, sendPacing(gate, logger)),
      jobs: queueJobs(queue),
      now,
      logger,
      staleClaimMs: config.deliveryStaleMs,
    };

    const sandboxPage =
      sandbox && hasSandboxPage(config) ? createSandboxPage({ ...sandbox, deps, queue, logger }) : undefined;

    let databaseReady = false;
    const databaseUp = retryUntilDone(
      async () => {
        if (await ensureDatabaseExists(config.databaseUrl)) logger.info('created the database named in DATABASE_URL');
        await migrateToLatest(db, logger);
        databaseReady = true;
      },
      { what: 'Postgres', logger, signal: life.signal, retryable: isPostgresUnreachable },
    );
    databaseUp.catch(() => {}); // awaited by `ready`; a failure there is reported once

    let workspaces: WorkspaceAccess = installed ?? noWorkspaces;
    let identity: BotIdentityWatch | undefined;
    if (botToken !== undefined && oneClient !== undefined) {
      const watch = new BotIdentityWatch(oneClient, logger, (known) =>
        databaseUp.then(() => recordWorkspace(deps, known, config.role !== 'web')),
      );
      life.onStop('connections', 'slack identity', async () => watch.stop());
      workspaces = singleWorkspaceAccess(
        botToken,
        watch,
        (teamId) => deps.workspaces.findInstalled(teamId),
        async () => (await deps.workspaces.listInstalledTeams()).length > 0,
      );
      identity = watch;
    }
    const uninstall = {
      purgeAfterDays: config.purgeAfterDays,
      forgetAccess: (teamId: string) => installed?.forget(teamId),
    };

    let slack: SlackApp | undefined;
    if (config.role !== 'worker') {
      slack = createSlackApp({
        deps,
        connection: slackConnection(config, sandbox),
        workspaces,
        isReady: () => databaseReady,
        uninstall,
        apiUrl: slackApiUrl,
        logger,
        metrics,
        shutdownGraceMs: config.shutdownGraceMs,
      });
    }

    const probeSlack = slackProbe(makeClient(''));
    const routes: Route[] = [
      healthRoute(
        () =>
          checkHealth(
            {
              postgres: async () => {
                await pingDb(db);
                return databaseReady ? undefined : 'migrating';
              },
              redis: () => pingRedis(producerConnection),
            },
            {
              slack: async () => {
                const state = identity?.state() ?? 'ok';
                if (state !== 'ok') throw new Error(state);
                await probeSlack();
              },
            },
          ),
        logger,
      ),
      metricsRoute(metrics, logger),
    ];
    const receiver = slack?.receiver;
    if (receiver) routes.push({ path: SLACK_EVENTS_PATH, methods: { POST: receiver.handle } });
    if (config.slack.kind === 'oauth' && config.role !== 'worker') {
      routes.push(
        ...installRoutes(config.slack, {
          apiUrl: slackApiUrl,
          deps,
          installed,
          redis: producerConnection,
          config,
          metrics,
        }),
      );
    }
    if (sandboxPage) {
      routes.push(
        { path: '/', methods: { GET: sandboxPage.handle } },
        { path: '/sandbox', prefix: true, methods: { GET: sandboxPage.handle, POST: sandboxPage.handle } },
      );
    }
    const server = createHttpServer({ logger, routes: () => routes });
    await listen(server, config.port, options.host);
    life.onStop('intake', 'http server', () => closeServer(server), 3_000);
    const url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
    logger.info({ url }, 'listening; connecting to Postgres, Redis and Slack');
    identity?.start();

    const ready = (async () => {
      await databaseUp;
      if (config.role !== 'web') {
        const instantOf = sandboxPage ? (job: Job<TickJob>) => sandboxPage.tickInstant(job) : tickInstant;
        startQueueWork(config, deps, queue, gate, metrics, life, instantOf, {
          gone: (err, teamId) => {
            const gone = isWorkspaceGone(err);
            if (gone && teamId) installed?.forget(teamId);
            return gone;
          },
          refresher: tokenRefresher(config, slackApiUrl, metrics, now),
          tokenChanged: (teamId) => installed?.forget(teamId),
        });
      }
      if (slack) {
        const app = slack;
        // Stopping waits for listeners still at work after their ack, so the pools outlive them.
        life.onStop('work', 'slack listeners', () => app.stop(), config.shutdownGraceMs + 1_000);
        await app.start();
      }
      if (sandboxPage) {
        life.onStop('intake', 'sandbox page', () => sandboxPage.close());
        await sandboxPage.start(url);
      }
      logger.info({ url, mode: config.slack.kind, role: config.role }, 'Baton is running');
      if (sandbox)
        logger.info({ slackApiUrl: sandbox.emulator.apiUrl }, 'sandbox: Baton talks to the built-in Slack emulator');
    })();
    ready.catch((err: unknown) => {
      if (!life.signal.aborted) logger.error({ err }, 'Baton could not start');
    });

    return {
      config,
      url,
      db,
      queue,
      metrics,
      deps,
      sandbox,
      ready,
      listenersAtWork: () => slack?.listenersAtWork() ?? 0,
      stop: () => life.stop(),
    };
  } catch (err) {
    await life.stop();
    throw err;
  }
}

/** The every-minute tick's schedule, put back in Redis whenever Redis loses it. */
function keepTickScheduled(queue: Producer, life: Lifecycle, logger: Logger): void {
  // Redis may be down now: the keeper below puts the schedule in place as soon as it is back.
  upsertTickScheduler(queue).catch((err: unknown) =>
    logger.warn({ err }, 'could not schedule the tick yet; retrying every 15 s'),
  );
  const stopKeeping = keepTickScheduler(queue, TICK_SCHEDULE_CHECK_MS, {
    restored: () => logger.warn('the tick schedule was gone from Redis (data lost?); it is back'),
    error: (err) => logger.warn({ err }, 'could not check the tick schedule'),
  });
  life.onStop('connections', 'tick schedule keeper', async () => stopKeeping());
}

/** How the worker's jobs stand with the workspaces' tokens. */
interface WorkerTokens {
  /** Whether an error says Baton is gone from the job's workspace (the job then ends quietly). */
  gone: (err: unknown, teamId: string | undefined) => boolean;
  /** Token rotation's refreshes (many workspaces only). */
  refresher: TokenRefresher | undefined;
  /** A workspace's token changed or went: what is cached of it goes. */
  tokenChanged: (teamId: string) => void;
}

/** The worker: the tick schedule (unless ticks come from elsewhere) and the job handlers. */
function startQueueWork(
  config: Config,
  deps: Deps,
  queue: Producer,
  gate: ReturnType<typeof redisTeamGate>,
  metrics: Metrics,
  life: Lifecycle,
  instantOf: (job: Job<TickJob>) => Date | Promise<Date>,
  tokens: WorkerTokens,
): void {
  const { logger } = deps;
  if (config.scheduleTicks) keepTickScheduled(queue, life, logger);
  const workerConnection = createWorkerConnection(config.redisUrl);
  workerConnection.on('error', (err) => logger.warn({ err: err.message }, 'redis (worker) connection error'));
  life.onStop('connections', 'redis (worker)', () => quitRedis(workerConnection));
  const worker = startWorker({
    connection: workerConnection,
    prefix: config.queuePrefix,
    logger,
    metrics,
    gate,
    concurrency: config.workerConcurrency,
    lockMs: config.jobLockMs,
    recheckInFlightMs: Math.ceil(config.deliveryStaleMs / 3),
    workspaceGone: tokens.gone,
    handlers: {
      tick: async (_data, job) => {
        // Nothing is enqueued for a workspace Baton was removed from (or whose installation broke).
        const suspended = new Set(await deps.workspaces.listSuspendedTeams());
        const live = { ...deps, jobs: skippingTeams(deps.jobs, suspended) };
        return runTick(
          await instantOf(job),
          [
            duePrompts(live),
            dueCheckins(live),
            dueDigests(live),
            dueDeliveries(live),
            dueCaptureCommands(live),
            dueDirectorySyncs(live),
            forgetOldRequestKeys(deps),
            duePurges(deps),
            ...(tokens.refresher ? [dueTokenRefreshes(live)] : []),
          ],
          logger,
        );
      },
      checkin: (data) => runCheckin(deps, data.teamId, data.taskId, new Date(data.at)),
      prompt: (data) => runMorningPrompt(deps, data.teamId, data.userId, new Date(data.at)),
      deliverEvent: (data) => deliverEvent(deps, data.teamId, data.eventId),
      capture: (data, job) => runCaptureCommand(deps, data.teamId, data.commandId, isLastAttempt(job)),
      syncDirectory: (data) => syncDirectory(deps, data.teamId),
      welcome: (data) => welcomeInstaller(deps, data.teamId, data.userId, new Date(data.at)),
      refreshToken: async (data) => {
        if (!tokens.refresher) {
          return logger.warn({ job: data }, 'token refresh job without OAuth credentials: ignored');
        }
        return refreshInstallation(
          deps,
          tokens.refresher,
          data,
          (key) => key.teamId && tokens.tokenChanged(key.teamId),
        );
      },
      digest: (data) => runDigest(deps, data.teamId, data.userId, new Date(data.at)),
      thank: (data) => sendThanks(deps, data.teamId, data.leadId, data.taskId),
      publishHome: (data) => publishHome(deps, data.teamId, data.userId),
    },
  });
  life.onStop(
    'work',
    'worker',
    () => closeWorker(worker, config.shutdownGraceMs, logger),
    config.shutdownGraceMs + 3_000,
  );
}

/** Whether a failure of this run of the job is its last (BullMQ counts the attempts made before it). */
function isLastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** The bot token of one-workspace, Socket Mode and sandbox modes; none with many workspaces (OAuth). */
function oneWorkspaceToken(config: Config): string | undefined {
  const slack = config.slack;
  if (slack.kind === 'sandbox') return SANDBOX.botToken;
  return slack.kind === 'oauth' ? undefined : slack.botToken;
}

/** Token rotation's refreshes, with many workspaces (OAuth) only. */
function tokenRefresher(config: Config, apiUrl: string, metrics: Metrics, now: () => Date): TokenRefresher | undefined {
  if (config.slack.kind !== 'oauth') return undefined;
  const client = new webApi.WebClient(undefined, {
    slackApiUrl: apiUrl,
    fetch: instrumentedFetch(metrics),
    retryConfig: { retries: 0 },
    timeout: 10_000,
  });
  return slackTokenRefresher(client, config.slack, now);
}

/** Stands for the installed workspaces before there is a way to know them. */
const noWorkspaces: WorkspaceAccess = { find: async () => null, settled: async () => false };

/**
 * GET /slack/install and /slack/oauth_redirect (src/slack/receiver/oauth.ts), over the
 * installations in Postgres. A state is claimed once in Redis; an install records the workspace,
 * syncs its members and welcomes the installer (completeInstall).
 */
function installRoutes(
  slack: Extract<Config['slack'], { kind: 'oauth' }>,
  parts: {
    apiUrl: string;
    deps: Deps;
    installed: InstalledWorkspaceAccess | undefined;
    redis: Redis;
    config: Config;
    metrics: Metrics;
  },
): Route[] {
  const { deps } = parts;
  return oauthRoutes({
    clientId: slack.clientId,
    clientSecret: slack.clientSecret,
    stateSecret: slack.stateSecret,
    apiUrl: parts.apiUrl,
    installationStore: postgresInstallationStore(deps.installations, deps.now),
    claimState: async (nonce, ttlMs) =>
      (await parts.redis.set(`${parts.config.queuePrefix}:oauth-state:${nonce}`, '1', 'PX', ttlMs, 'NX')) === 'OK',
    onInstalled: async (installation) => {
      const teamId = installation.team?.id;
      const enterpriseId = installation.enterprise?.id;
      if (installation.isEnterpriseInstall && enterpriseId && installation.bot) {
        const { userId: botUserId, id: botId } = installation.bot;
        const teams = await completeOrgInstall(deps, { enterpriseId, botUserId, botId, at: deps.now() });
        for (const team of teams) parts.installed?.forget(team);
        return;
      }
      if (!teamId || !installation.bot) return;
      parts.installed?.forget(teamId);
      await completeInstall(deps, {
        teamId,
        enterpriseId: installation.enterprise?.id ?? null,
        botUserId: installation.bot.userId,
        botId: installation.bot.id,
        installerId: installation.user.id || null,
        at: deps.now(),
      });
    },
    logger: deps.logger,
    clientOptions: { fetch: instrumentedFetch(parts.metrics) },
  });
}

/** The workspace the bot token belongs to is recorded (requests from it are taken) and, by a worker, its members synced. */
async function recordWorkspace(deps: Deps, identity: BotIdentity, syncMembers: boolean): Promise<void> {
  await deps.workspaces.save(identity);
  if (syncMembers) await deps.jobs.syncDirectories([identity.teamId], deps.now());
}

function slackConnection(config: Config, sandbox: SandboxInfo | undefined): SlackConnection {
  const slack = config.slack;
  switch (slack.kind) {
    case 'single':
    case 'oauth':
      return { kind: 'http', signingSecret: slack.signingSecret };
    case 'socket':
      return { kind: 'socket', appToken: slack.appToken };
    case 'sandbox':
      if (!sandbox) throw new Error('sandbox mode without its emulator');
      return { kind: 'http', signingSecret: sandbox.signingSecret };
  }
}

/** The sandbox page needs the web server and the worker in one process: they share its clock. */
function hasSandboxPage(config: Config): boolean {
  return config.slack.kind === 'sandbox' && config.role === 'all';
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

/** Stops taking connections; requests under way get to finish, idle keep-alive connections are closed now. */
async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if ((await withTimeout(closed, 2_000)) === 'timeout') server.closeAllConnections();
}

/** QUIT waits for Redis to answer; a Redis that is down never does, so the connection is then dropped. */
async function quitRedis(redis: Redis): Promise<void> {
  if ((await withTimeout(redis.quit(), 1_000)) === 'timeout') redis.disconnect();
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
  // A promise nobody waited on is a bug to fix, never a reason to stop serving everyone else.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection'));
  // The sandbox's address comes first, before any log line (with PORT=0 it is known once listening).
  const announce = (port: number | string) =>
    process.stdout.write(`Baton sandbox: open http://localhost:${port}/sandbox\n`);
  if (hasSandboxPage(config) && config.port !== 0) announce(config.port);
  const baton = await launchBaton(config, { logger });
  if (hasSandboxPage(config) && config.port === 0) announce(new URL(baton.url).port);
  baton.ready.catch(() => {
    // Not a dependency to wait for (that is retried) but something that cannot work: a failed migration.
    void baton.stop().then(() => process.exit(1));
  });
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Every step is bounded; this is the bound of them all, whatever is down.
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 8_000).unref();
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
