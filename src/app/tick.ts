import type { Logger } from 'pino';

/**
 * Something the scheduler tick looks for: prompts, check-ins, digests. Each finds the rows due at
 * an instant (from Postgres) and enqueues one idempotent job per row; it returns how many it enqueued.
 */
export interface DueWork {
  readonly name: string;
  enqueueDue(at: Date): Promise<number>;
}

/** Rows looked at per tick and kind of work; more are due only after a long outage, and the next tick takes the rest. */
export const DUE_PER_TICK = 5_000;

/** The usual DueWork: the rows due at the instant (up to DUE_PER_TICK), one job each under a deterministic id. */
export function dueEach<T>(
  name: string,
  find: (at: Date, limit: number) => Promise<readonly T[]>,
  enqueue: (due: readonly T[], at: Date) => Promise<void>,
): DueWork {
  return {
    name,
    async enqueueDue(at) {
      const due = await find(at, DUE_PER_TICK);
      if (due.length > 0) await enqueue(due, at);
      return due.length;
    },
  };
}

export interface TickResult {
  at: string;
  enqueued: Record<string, number>;
}

/** A tick reads state at `at`, never "time since the last tick", so late, repeated or out-of-order ticks agree. */
export async function runTick(at: Date, work: readonly DueWork[], logger: Logger): Promise<TickResult> {
  const enqueued: Record<string, number> = {};
  for (const w of work) enqueued[w.name] = await w.enqueueDue(at);
  logger.info({ at: at.toISOString(), enqueued }, 'tick');
  return { at: at.toISOString(), enqueued };
}
