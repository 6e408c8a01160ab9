import type { Logger } from 'pino';

/**
 * Something the scheduler tick looks for: prompts, check-ins, digests. Each finds the rows due at
 * an instant (from Postgres) and enqueues one idempotent job per row; it returns how many it enqueued.
 */
export interface DueWork {
  readonly name: string;
  enqueueDue(at: Date): Promise<number>;
}

/** Jobs enqueued per round trip to the queue. */
export const ENQUEUE_BATCH = 1_000;

/**
 * Rows taken per tick and kind of work: all that is due on a busy morning (the repositories read
 * them in short pages). Only after a long outage is more due at once; the next tick takes the rest.
 */
export const DUE_PER_TICK = 50_000;

/**
 * The rows in turns, one workspace after another (each workspace's in their order): the worker
 * takes jobs in the order they were enqueued and paces each workspace (docs/decisions/0004), so
 * jobs grouped by workspace would be taken mostly to wait, while the other workspaces' wait unsent.
 */
export function takingTurnsByTeam<T extends { teamId: string }>(rows: readonly T[]): T[] {
  const byTeam = new Map<string, T[]>();
  for (const row of rows) {
    const own = byTeam.get(row.teamId);
    if (own) own.push(row);
    else byTeam.set(row.teamId, [row]);
  }
  const queues = [...byTeam.values()];
  const turns: T[] = [];
  for (let i = 0; turns.length < rows.length; i++) {
    for (const queue of queues) {
      const row = queue[i];
      if (row !== undefined) turns.push(row);
    }
  }
  return turns;
}

/**
 * The usual DueWork: every row due at the instant (up to DUE_PER_TICK), one job each under a
 * deterministic id, the workspaces taking turns, ENQUEUE_BATCH jobs per round trip.
 */
export function dueEach<T extends { teamId: string }>(
  name: string,
  find: (at: Date, limit: number) => Promise<readonly T[]>,
  enqueue: (due: readonly T[], at: Date) => Promise<void>,
): DueWork {
  return {
    name,
    async enqueueDue(at) {
      const due = takingTurnsByTeam(await find(at, DUE_PER_TICK));
      for (let i = 0; i < due.length; i += ENQUEUE_BATCH) await enqueue(due.slice(i, i + ENQUEUE_BATCH), at);
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
