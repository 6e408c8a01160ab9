import { App, type Receiver, type ReceiverEvent, SocketModeReceiver } from '@slack/bolt';
import type { Deps } from '../app/deps';
import { boltLogger } from '../observability/bolt-logger';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { instrumentedFetch } from './instrumented-fetch';
import { registerListeners } from './listeners';
import type { UninstallOptions } from './listeners/events/uninstall';
import { classify, type Dispatch } from './payloads/envelope';
import { type Admission, admissionAnswer } from './receiver/admission';
import { SlackHttpReceiver } from './receiver/http-receiver';
import type { WorkspaceAccess } from './workspace-access';

export type SlackConnection = { kind: 'http'; signingSecret: string } | { kind: 'socket'; appToken: string };

export interface SlackAppOptions {
  deps: Deps;
  connection: SlackConnection;
  workspaces: WorkspaceAccess;
  /** False until Baton's database is ready: requests get "starting up" answers meanwhile. */
  isReady: () => boolean;
  apiUrl: string;
  logger: Logger;
  metrics: Metrics;
  /** How long stop() waits for listeners still working after their ack. */
  shutdownGraceMs: number;
  /** What an uninstall does beyond deleting the tokens: how long data is kept, the token cache to drop. */
  uninstall: UninstallOptions;
}

export interface SlackApp {
  app: App;
  /** The handler of POST /slack/events, when Slack reaches us over HTTP. */
  receiver?: SlackHttpReceiver;
  /** Opens the Socket Mode connection; a no-op over HTTP, where our own server listens. */
  start(): Promise<void>;
  /** Closes Socket Mode, then waits (up to the grace) for listeners still at work after their ack. */
  stop(): Promise<void>;
  /** Listeners still at work after their ack. */
  listenersAtWork(): number;
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { deps, connection, workspaces, apiUrl, logger, metrics } = options;
  const log = boltLogger(logger);
  const admit = async (payload: Dispatch): Promise<Admission> => {
    if (!options.isReady()) return 'starting';
    // An event about an organization as a whole (an org-wide install removed, workspaces given or
    // taken: the only ones classify lets through with no workspace): the listener acts on what
    // Baton knows of it, and an organization Baton does not know changes nothing.
    if (payload.teamId === null) return 'admitted';
    if (await workspaces.find(payload.teamId, payload.enterpriseId)) return 'admitted';
    return (await workspaces.settled()) ? 'not_installed' : 'starting';
  };
  const receiver: Receiver =
    connection.kind === 'http'
      ? new SlackHttpReceiver({ signingSecret: connection.signingSecret, logger, metrics, admit })
      : gated(new SocketModeReceiver({ appToken: connection.appToken, logger: log }), admit);
  const http = receiver instanceof SlackHttpReceiver ? receiver : undefined;
  const app = new App({
    receiver,
    logger: log,
    // Baton keeps no conversation state in Bolt: its store would only be work on every request.
    convoStore: false,
    authorize: async ({ teamId, enterpriseId }) => {
      // An event about an organization as a whole (team access changed): checked by classify and
      // admit, and its listener calls no Slack API.
      if (!teamId && enterpriseId) return { enterpriseId };
      const access = teamId ? await workspaces.find(teamId, enterpriseId ?? null) : null;
      if (!access) throw new Error(`Baton is not installed in workspace ${teamId ?? '(none)'}`);
      return { botToken: access.botToken, botUserId: access.botUserId, botId: access.botId, teamId: access.teamId };
    },
    clientOptions: {
      slackApiUrl: apiUrl,
      fetch: instrumentedFetch(metrics),
      // In a request handler a user is waiting: a few quick retries, never Slack's default half hour.
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1_000 },
      timeout: 10_000,
    },
  });
  app.error(async (err) => {
    logger.error({ err, code: err.code }, 'unhandled error in a Slack listener');
  });
  const inFlight = trackListenersAtWork(app);
  registerListeners(app, deps, options.uninstall);
  return {
    app,
    ...(http ? { receiver: http } : {}),
    start: async () => {
      if (connection.kind === 'socket') await app.start();
    },
    stop: async () => {
      if (connection.kind === 'socket') await app.stop();
      if (!(await inFlight.drained(options.shutdownGraceMs)))
        logger.warn({ listeners: inFlight.count() }, 'stopping with Slack listeners still at work');
    },
    listenersAtWork: inFlight.count,
  };
}

/**
 * Socket Mode delivers what Slack sends over an authenticated connection, but the listeners rely on
 * the same checked shapes as over HTTP: the payload is classified and admitted the same way.
 */
function gated(inner: SocketModeReceiver, admit: (payload: Dispatch) => Promise<Admission>): Receiver {
  return {
    init(app: App) {
      const gate = {
        processEvent: async (event: ReceiverEvent) => {
          const envelope = classify(event.body);
          if (envelope.kind !== 'dispatch') return event.ack();
          const admission = await admit(envelope.payload);
          if (admission === 'admitted') return app.processEvent(event);
          return event.ack(admissionAnswer(admission, envelope.payload).json);
        },
      };
      // The Socket Mode receiver only ever calls processEvent on the app it is given.
      inner.init(gate as unknown as App);
    },
    start: (...args: unknown[]) => inner.start(...(args as [])),
    stop: (...args: unknown[]) => inner.stop(...(args as [])),
  };
}

/**
 * Listeners ack first and work after (processBeforeResponse false), when Slack has its answer and
 * the HTTP server has nothing left to wait for: counted here so shutdown lets them finish before
 * the pools close under them.
 */
function trackListenersAtWork(app: App) {
  let count = 0;
  const waiting = new Set<() => void>();
  app.use(async ({ next }) => {
    count++;
    try {
      await next();
    } finally {
      count--;
      if (count === 0) for (const wake of waiting) wake();
    }
  });
  return {
    count: () => count,
    /** True once none is at work, false if the wait ran out first. */
    drained(timeoutMs: number): Promise<boolean> {
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (idle: boolean) => {
          clearTimeout(timer);
          waiting.delete(wake);
          resolve(idle);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        waiting.add(wake);
      });
    },
  };
}
