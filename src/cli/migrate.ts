/** `npm run migrate`: apply pending migrations (start-up does the same, under the same advisory lock). */
import { loadConfig } from '../config';
import { closeDb, createDb } from '../db/database';
import { ensureDatabaseExists } from '../db/ensure-database';
import { migrateToLatest } from '../db/migrate';
import { createLogger } from '../observability/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  if (await ensureDatabaseExists(config.databaseUrl)) logger.info('created the database named in DATABASE_URL');
  const db = createDb(config.databaseUrl);
  try {
    const applied = await migrateToLatest(db, logger);
    process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
  } finally {
    await closeDb(db);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
