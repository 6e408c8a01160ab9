import { expect } from 'vitest';
import type { Baton } from '../../src/main';

/**
 * How far ahead a delayed job still counts as unfinished work. Jobs wait a little as part of their
 * work: a post waits about a second for its channel's pacing, a send that failed or is held by
 * another attempt comes back after a short backoff (200 ms to a few seconds), a rate-limited
 * workspace waits out a Retry-After (2 s in tests). Further out lie long backoffs and, most of
 * the time, the scheduler's tick of the next wall-clock minute: later work, which no test waits
 * for (when that tick is less than DUE_SOON_MS away, it is waited for too, at no harm).
 */
const DUE_SOON_MS = 3_000;

/**
 * Resolves once the app has finished the work handed to it: no Slack listener at work (Bolt's
 * listeners ack first and work after) and no job waiting, running, or delayed to run within
 * DUE_SOON_MS. Then a test can assert that nothing more happened.
 *
 * Call it once whatever starts the work has been handed over: a request answered, a tick job
 * completed. From there no work slips between two looks, because work only ever passes forward:
 * - a listener is counted before the test sees its ack (events are acked just before the
 *   count, but only microtasks run in between, and the test's HTTP client needs an I/O turn);
 * - a listener enqueues its jobs before it stops counting, and listeners are read before the queue;
 * - a job adds the jobs it starts while it is active, and the queue's states are counted at one
 *   instant (one Redis script), so a job is never between two of them.
 */
export async function settled(baton: Baton): Promise<void> {
  await expect
    .poll(() => workInHand(baton), { message: 'the app was still at work' })
    .toEqual({ listeners: 0, waiting: 0, active: 0, dueSoon: 0 });
}

async function workInHand(baton: Baton) {
  const listeners = baton.listenersAtWork();
  const [waiting = 0, prioritized = 0, active = 0, dueSoon = 0] = await baton.queue
    .getBackend()
    .getCounts(['waiting', 'prioritized', 'active', 'delayed'], Date.now() + DUE_SOON_MS);
  return { listeners, waiting: waiting + prioritized, active, dueSoon };
}
