import { once } from 'node:events';
import { Redis } from 'ioredis';

/**
 * Producers (request handlers, the tick CLI) fail fast when Redis is down: no offline queue, one try.
 * A Slack request must be acked in 3 s, so it must never hang on Redis.
 */
export function createProducerConnection(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    connectionName: 'baton-producer',
  });
}

/** Workers block on Redis by design; BullMQ requires maxRetriesPerRequest: null for them. */
export function createWorkerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: 'baton-worker' });
}

/** Resolves when Redis answers PING within `timeoutMs` (waiting for a connection still being made). */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Redis did not answer in time')), timeoutMs);
  });
  const ping = (async () => {
    if (redis.status === 'connecting' || redis.status === 'connect') await once(redis, 'ready');
    await redis.ping();
  })();
  ping.catch(() => {}); // a failure after the timeout is already reported
  try {
    await Promise.race([ping, late]);
  } finally {
    clearTimeout(timer);
  }
}
