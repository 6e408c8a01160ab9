import type { Logger } from './observability/logger';

/**
 * When a step runs on stop: first Baton stops taking new work (the HTTP server), then lets work
 * under way finish (Slack listeners after their ack, running jobs), then closes its connections.
 */
export type StopStage = 'intake' | 'work' | 'connections';
const STAGES: readonly StopStage[] = ['intake', 'work', 'connections'];

interface Closer {
  stage: StopStage;
  name: string;
  close: () => Promise<void>;
  timeoutMs: number;
}

/**
 * What a running Baton must undo on stop, stage by stage and, within a stage, in reverse order of
 * start; each step is bounded, so a dependency that is down (Redis, Postgres) cannot hold shutdown
 * forever. `signal` is aborted as stopping begins, so background retries give up.
 */
export class Lifecycle {
  private readonly closers: Closer[] = [];
  private readonly controller = new AbortController();
  private stopping: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  onStop(stage: StopStage, name: string, close: () => Promise<void>, timeoutMs = 5_000): void {
    this.closers.push({ stage, name, close, timeoutMs });
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.controller.abort();
      const inOrder = STAGES.flatMap((stage) => this.closers.filter((c) => c.stage === stage).reverse());
      for (const { name, close, timeoutMs } of inOrder) {
        const outcome = await withTimeout(close(), timeoutMs).catch((err: unknown) => {
          this.logger.error({ err, step: name }, 'error during shutdown');
          return 'failed' as const;
        });
        if (outcome === 'timeout')
          this.logger.warn({ step: name, timeoutMs }, 'a shutdown step took too long; moving on');
      }
    })();
    return this.stopping;
  }
}

/** 'done' when `work` settles in time, 'timeout' otherwise (the work is left to finish or fail on its own). */
export async function withTimeout(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  work.catch(() => {}); // a rejection after the timeout is not unhandled
  try {
    return await Promise.race([work.then(() => 'done' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface RetryOptions {
  /** What is being waited for, for the logs ("Postgres"). */
  what: string;
  logger: Logger;
  signal: AbortSignal;
  /** Errors worth another try (a dependency not there yet); any other error is thrown at once. */
  retryable: (err: unknown) => boolean;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** Runs `attempt` until it succeeds, waiting longer between tries (up to maxDelayMs); throws once stopped. */
export async function retryUntilDone<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { what, logger, signal } = options;
  let delay = options.firstDelayMs ?? 500;
  for (let tries = 1; ; tries++) {
    signal.throwIfAborted();
    try {
      const result = await attempt();
      if (tries > 1) logger.info({ dependency: what, tries }, `${what} is reachable`);
      return result;
    } catch (err) {
      if (!options.retryable(err) || signal.aborted) throw err;
      logger.warn({ err, dependency: what, retryInMs: delay }, `${what} is unreachable; retrying`);
      await sleep(delay, signal);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 30_000);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
