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

export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  await Promise.race([
    redis.ping(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('Redis did not answer in time')), timeoutMs).unref()),
  ]);
}
