import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { DEFAULT_ADMIN_DATABASE_URL } from '../../support/database';

/** Where Postgres and Redis are (as for the tests), and the knobs that shrink a bench for development. */
export const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_DATABASE_URL;
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

/** A number from the environment, or `fallback`. */
export function knob(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not ${raw}`);
  return n;
}

/** A BullMQ prefix of the bench's own, so it never meets another run's jobs. */
export function benchPrefix(name: string): string {
  return `baton-bench-${name}-${randomBytes(3).toString('hex')}`;
}

/** Deletes every Redis key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls `done` every `everyMs` until it holds; throws after `timeoutMs`. Polling is cheap next to what it waits for. */
export async function until(
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
