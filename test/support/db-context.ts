import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import type { Persistence } from '../../src/app/ports/unit-of-work';
import { closeDb, createDb, type Db } from '../../src/db/database';
import { tokenSeal } from '../../src/db/token-seal';
import { postgresRepositories } from '../../src/db/unit-of-work';

/** The ENCRYPTION_KEY of tests that store installations. */
export const TEST_ENCRYPTION_KEY = 'test-encryption-key-0123456789abcdef';

/**
 * A pool on the run's migrated database (see global-setup.ts), closed after the file's tests.
 * Test files share that database: keep them apart with uniqueTeamId(), never by truncating.
 */
export function useTestDb(opts: { max?: number } = {}): Db {
  const db = createDb(inject('databaseUrl'), opts);
  afterAll(() => closeDb(db));
  return db;
}

/** A team id no other test uses, shaped like Slack's (`T` + uppercase alphanumerics). */
export function uniqueTeamId(): string {
  return `T${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** The run's database as the use cases see it (`repos`), and as tables (`db`, snake_case) to check what was stored. */
export function useTestRepositories(opts: { max?: number } = {}): { db: Db; repos: Persistence } {
  const db = useTestDb(opts);
  return { db, repos: postgresRepositories(db, tokenSeal(TEST_ENCRYPTION_KEY)) };
}
