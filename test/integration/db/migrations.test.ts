import { readdir } from 'node:fs/promises';
import { NO_MIGRATIONS, sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { closeDb, createDb, type Db } from '../../../src/db/database';
import { createMigrator, MIGRATIONS_FOLDER, migrateToLatest } from '../../../src/db/migrate';
import { createScratchDatabase, type ScratchDatabase } from '../../support/database';

const logger = pino({ level: 'silent' });

async function migrationFiles(): Promise<string[]> {
  const files = await readdir(MIGRATIONS_FOLDER);
  return files
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

async function appliedMigrations(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

async function tableNames(db: Db): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely%' order by tablename
  `.execute(db);
  return rows.map((r) => r.tablename);
}

describe('migrations', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function scratch(): Promise<ScratchDatabase> {
    const database = await createScratchDatabase(inject('adminDatabaseUrl'));
    cleanups.push(database.drop);
    return database;
  }
  function pool(url: string): Db {
    const db = createDb(url, { max: 2 });
    cleanups.push(() => closeDb(db));
    return db;
  }

  it('are named sortably', async () => {
    for (const name of await migrationFiles()) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/);
  });

  it('the run database is migrated to latest, and migrating again applies nothing', async () => {
    const db = pool(inject('databaseUrl'));
    expect(await appliedMigrations(db)).toEqual(await migrationFiles());
    expect(await migrateToLatest(db, logger)).toEqual([]);
    expect(await tableNames(db)).toEqual([
      'checkins',
      'deliveries',
      'event_outbox',
      'installations',
      'pending_captures',
      'processed_requests',
      'received_commands',
      'task_counters',
      'task_events',
      'tasks',
      'users',
      'workspaces',
    ]);
  });

  it('two processes migrating the same empty database at once apply each migration exactly once', async () => {
    const { url } = await scratch();
    const a = pool(url);
    const b = pool(url);

    const [fromA, fromB] = await Promise.all([migrateToLatest(a, logger), migrateToLatest(b, logger)]);

    const files = await migrationFiles();
    // One of them did all the work; the other waited on the advisory lock and found nothing to do.
    expect([fromA, fromB]).toContainEqual(files);
    expect([fromA, fromB]).toContainEqual([]);
    expect(await appliedMigrations(a)).toEqual(files);
  });

  it('migrate down to nothing and up again', async () => {
    const { url } = await scratch();
    const db = pool(url);
    await migrateToLatest(db, logger);

    const down = await createMigrator(db).migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(await tableNames(db)).toEqual([]);
    const { rows } = await sql`select 1 from pg_proc where proname = 'task_events_append_only'`.execute(db);
    expect(rows).toHaveLength(0);

    expect(await migrateToLatest(db, logger)).toEqual(await migrationFiles());
  });

  it('the lock is released, so the same pool can migrate again at once', async () => {
    const { url } = await scratch();
    const db = createDb(url, { max: 1 });
    cleanups.push(() => closeDb(db));
    await migrateToLatest(db, logger);
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from pg_locks where locktype = 'advisory'
        and database = (select oid from pg_database where datname = current_database())
    `.execute(db);
    expect(rows[0]?.n).toBe(0);
    expect(await migrateToLatest(db, logger)).toEqual([]);
  });
});
