import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { closeDb, createDb } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import {
  createDatabase,
  DEFAULT_ADMIN_DATABASE_URL,
  dropDatabase,
  dropStaleTestDatabases,
  testDatabaseName,
} from './database';

const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * Once per run (per vitest project): a fresh database migrated to latest, and a BullMQ prefix of
 * its own on the local Redis (tests add suffixes to it). Teardown drops the one and deletes the keys of the other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminDatabaseUrl = process.env.TEST_DATABASE_ADMIN_URL ?? DEFAULT_ADMIN_DATABASE_URL;
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const queuePrefix = `baton-test-${randomBytes(4).toString('hex')}`;
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });

  await dropStaleTestDatabases(adminDatabaseUrl, STALE_AFTER_MS);

  const name = testDatabaseName();
  const databaseUrl = await createDatabase(adminDatabaseUrl, name);
  const db = createDb(databaseUrl, { max: 1, logger });
  try {
    await migrateToLatest(db, logger);
  } catch (err) {
    await closeDb(db);
    await dropDatabase(adminDatabaseUrl, name);
    throw err;
  }
  await closeDb(db);
  // A migrated copy nobody connects to: scratch databases are made from it in an instant.
  const template = testDatabaseName();
  await createDatabase(adminDatabaseUrl, template, name);

  project.provide('databaseUrl', databaseUrl);
  project.provide('templateDatabase', template);
  project.provide('adminDatabaseUrl', adminDatabaseUrl);
  project.provide('redisUrl', redisUrl);
  project.provide('queuePrefix', queuePrefix);

  return async () => {
    await dropDatabase(adminDatabaseUrl, name);
    await dropDatabase(adminDatabaseUrl, template);
    await deleteRedisKeys(redisUrl, `${queuePrefix}*`).catch((err: unknown) => {
      logger.warn({ err }, `could not delete Redis keys ${queuePrefix}*`);
    });
  };
}

async function deleteRedisKeys(redisUrl: string, pattern: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
