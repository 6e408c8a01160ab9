import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Every database the tests create is named `baton_test_<epoch ms>_<random>`. */
const TEST_DB_NAME = /^baton_test_(\d{13})_[0-9a-f]+$/;

export const DEFAULT_ADMIN_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function testDatabaseName(now: Date = new Date()): string {
  return `baton_test_${now.getTime()}_${randomBytes(4).toString('hex')}`;
}

/** The admin URL with its database replaced by `name`. */
export function databaseUrlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    connectionString: adminUrl,
    connectionTimeoutMillis: 5_000,
    application_name: 'baton-tests',
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A database for tests. Commits there do not wait for the write-ahead log to reach the disk: a
 * test never survives a crash of Postgres itself, and waiting for fsync on every commit is most of
 * what many tests spend their time on.
 */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await withAdmin(adminUrl, async (c) => {
    const copy = template ? ` template ${quoteIdent(template)}` : '';
    await c.query(`create database ${quoteIdent(name)}${copy}`);
    await c.query(`alter database ${quoteIdent(name)} set synchronous_commit = off`);
  });
  return databaseUrlFor(adminUrl, name);
}

/** Drops a database even if connections are still open on it (Postgres 13+). */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`));
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own: empty and unmigrated (tests of migrations and start-up), or a copy of
 * `template` (the run's migrated template: a test's app then starts with nothing to migrate).
 */
export async function createScratchDatabase(adminUrl: string, template?: string): Promise<ScratchDatabase> {
  const name = testDatabaseName();
  const url = await createDatabase(adminUrl, name, template);
  return { name, url, drop: () => dropDatabase(adminUrl, name) };
}

/** Drops `baton_test_*` databases created more than `olderThanMs` ago (left by a crashed run). */
export async function dropStaleTestDatabases(
  adminUrl: string,
  olderThanMs: number,
  now: Date = new Date(),
): Promise<string[]> {
  const { rows } = await withAdmin(adminUrl, (c) =>
    c.query<{ datname: string }>(`select datname from pg_database where datname like 'baton\\_test\\_%'`),
  );
  const stale = rows
    .map((r) => r.datname)
    .filter((name) => {
      const createdAt = Number(TEST_DB_NAME.exec(name)?.[1]);
      return Number.isFinite(createdAt) && now.getTime() - createdAt > olderThanMs;
    });
  for (const name of stale) await dropDatabase(adminUrl, name);
  return stale;
}
