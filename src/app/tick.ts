import type { Logger } from 'pino';

/**
 * Something the scheduler tick looks for: prompts, check-ins, digests. Each finds the rows due at
 * an instant (from Postgres) and enqueues one idempotent job per row; it returns how many it enqueued.
 */
export interface DueWork {
  readonly name: string;
  enqueueDue(at: Date): Promise<number>;
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
