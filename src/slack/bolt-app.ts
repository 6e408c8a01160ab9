import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Deps } from '../app/deps';
import { boltLogger } from '../observability/bolt-logger';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import { SLACK_EVENTS_PATH } from './http-server';
import { instrumentedFetch } from './instrumented-fetch';
import { registerListeners } from './listeners';

export type SlackConnection =
  | { kind: 'http'; botToken: string; signingSecret: string }
  | { kind: 'socket'; botToken: string; appToken: string };

export interface SlackAppOptions {
  deps: Deps;
  connection: SlackConnection;
  apiUrl: string;
  logger: Logger;
  metrics: Metrics;
  /** How long stop() waits for listeners still working after their ack. */
  shutdownGraceMs: number;
}

export interface SlackApp {
  app: App;
  /** Bolt's HTTP handler for /slack/events, when Slack reaches us over HTTP. */
  requestListener?: RequestListener;
  /** Opens the Socket Mode connection; a no-op over HTTP, where our own server listens. */
  start(): Promise<void>;
  /** Closes Socket Mode, then waits (up to the grace) for listeners still at work after their ack. */
  stop(): Promise<void>;
  /** How many listeners are at work right now, acked or not (tests wait for none before asserting "nothing more"). */
  listenersAtWork(): number;
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { deps, connection, apiUrl, logger, metrics } = options;
  const log = boltLogger(logger);
  const receiver: Receiver =
    connection.kind === 'http'
      ? new HTTPReceiver({
          signingSecret: connection.signingSecret,
          endpoints: SLACK_EVENTS_PATH,
          logger: log,
          processBeforeResponse: false,
        })
      : new SocketModeReceiver({ appToken: connection.appToken, logger: log });
  const app = new App({
    token: connection.botToken,
    receiver,
    logger: log,
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
  registerListeners(app, deps);
  return {
    app,
    requestListener: receiver instanceof HTTPReceiver ? receiver.requestListener : undefined,
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
