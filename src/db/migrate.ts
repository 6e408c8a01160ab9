import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from './database';

/** The repository's migrations/ folder (this file is src/db/migrate.ts). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Session-level advisory lock key taken around migrations ("baton:migrate"). Two processes
 * starting together wait for each other; the second then finds nothing to do.
 */
const MIGRATION_LOCK_KEY = '4242202400000001';

/**
 * Loads migrations/ like kysely's FileMigrationProvider, except that the dynamic import is issued
 * from this module rather than from inside kysely: the files are .ts, and only an import from
 * transformed code goes through the TypeScript loader (tsx's hooks, vitest's module runner). From
 * kysely's own code, vitest hands the import to Node 20, which rejects ".ts".
 */
class MigrationFolderProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(this.folder))
      .filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !/\.d\.m?ts$/.test(f))
      .sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const name = file.slice(0, file.lastIndexOf('.'));
      const mod: unknown = await import(pathToFileURL(path.join(this.folder, file)).href);
      if (!isMigration(mod)) throw new Error(`migration "${name}" does not export an up() function`);
      migrations[name] = mod;
    }
    return migrations;
  }
}

function isMigration(mod: unknown): mod is Migration {
  return typeof mod === 'object' && mod !== null && typeof (mod as { up?: unknown }).up === 'function';
}

/** A Migrator over migrations/ (for `migrateToLatest`, and for tests or a CLI that migrate down). */
export function createMigrator(db: Db): Migrator {
  return new Migrator({ db, provider: new MigrationFolderProvider(MIGRATIONS_FOLDER) });
}

/**
 * Applies every pending migration, under a Postgres advisory lock held on one dedicated
 * connection (lock, migrations and unlock all run in the same session). Returns the names applied,
 * in order; [] when the database was already up to date. Throws, naming the failing migration,
 * if one fails (that migration's transaction is rolled back; earlier ones stay applied).
 */
export async function migrateToLatest(db: Db, logger: Logger): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY}::bigint)`.execute(conn);
    try {
      const { error, results = [] } = await createMigrator(conn).migrateToLatest();
      const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
      for (const name of applied) logger.info({ migration: name }, 'migration applied');

      if (error !== undefined) {
        const failed = results.find((r) => r.status === 'Error')?.migrationName;
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          failed === undefined ? `migrations failed: ${reason}` : `migration "${failed}" failed: ${reason}`,
          { cause: error },
        );
      }
      if (applied.length === 0) logger.debug('database schema is up to date');
      return applied;
    } finally {
      try {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY}::bigint)`.execute(conn);
      } catch (err) {
        // The session is gone (and the lock with it), or the original error matters more.
        logger.warn({ err }, 'could not release the migration advisory lock');
      }
    }
  });
}
