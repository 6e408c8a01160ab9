import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { Pool, TypeOverrides } from 'pg';
import type { Logger } from 'pino';
import type { Database, RawDatabase } from './schema';

/** The database under its Postgres names (snake_case): migrations, and tests that read tables. */
export type Db = Kysely<RawDatabase>;
/** The same pool as repositories see it: camelCase names, rows shaped like the domain's objects. */
export type RepositoryDb = Kysely<Database>;
/** What repositories take: the database or a transaction on it (Transaction extends Kysely). */
export type DbOrTx = RepositoryDb | Transaction<Database>;

export interface CreateDbOptions {
  /** Pool size (default 10). */
  max?: number;
  /** Where errors of idle pooled connections go (e.g. Postgres restarted); they never crash the process. */
  logger?: Logger;
}

const PG_INT8 = 20;
const PG_DATE = 1082;

/** Type parsers for this pool only; the global `pg.types` is left alone. */
function typeOverrides(): TypeOverrides {
  const types = new TypeOverrides();
  // `date` stays the 'YYYY-MM-DD' string it is: pg's default makes a Date at *local* midnight, which shifts the day in any other zone.
  types.setTypeParser(PG_DATE, (value: string) => value);
  // bigint ids and count(*) as numbers; ids never come near 2^53, and if one ever does we fail loudly.
  types.setTypeParser(PG_INT8, (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is beyond Number.MAX_SAFE_INTEGER`);
    return n;
  });
  return types;
}

export function createDb(databaseUrl: string, opts: CreateDbOptions = {}): Db {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: opts.max ?? 10,
    application_name: 'baton',
    // Fail fast when Postgres is down instead of queueing requests behind a dead pool.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    types: typeOverrides(),
  });
  pool.on('error', (err) => {
    opts.logger?.warn({ err }, 'idle Postgres connection failed');
  });
  // A connection can also die while checked out between two queries (inside a transaction that
  // awaits Redis, say). pg then emits 'error' on the client, and with no listener the process
  // would crash; the work in progress fails through its own promise instead.
  pool.on('connect', (client) => {
    client.on('error', (err) => opts.logger?.warn({ err }, 'Postgres connection failed while in use'));
  });
  return new Kysely<RawDatabase>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * The repositories' view of `db`: the same pool and connections, with names mapped between
 * camelCase and snake_case both ways. jsonb contents (event payloads, pending captures) are
 * returned as stored. Closing `db` closes both.
 */
export function camelCaseView(db: Db): RepositoryDb {
  // withPlugin keeps the Kysely<RawDatabase> type; the plugin is what makes this the camelCase schema.
  return db.withPlugin(new CamelCasePlugin({ maintainNestedObjectKeys: true })) as unknown as RepositoryDb;
}

/** Resolves when Postgres answers `select 1` within `timeoutMs`; rejects otherwise. */
export async function pingDb(db: Db, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const query = sql`select 1`.execute(db);
  // If the timeout wins, the query may still fail later: keep that rejection from going unhandled.
  query.catch(() => {});
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Postgres did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ends the pool: waits for checked-out connections to be released, then closes them all. */
export async function closeDb(db: Db): Promise<void> {
  await db.destroy();
}

/** Network failures and Postgres not accepting connections yet: worth waiting out at start-up. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

export function isPostgresUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    // 57P03 cannot_connect_now (starting up, shutting down), 53300 too_many_connections, 08xxx connection exceptions.
    return UNREACHABLE_CODES.has(code) || code === '57P03' || code === '53300' || code.startsWith('08');
  }
  const message = err instanceof Error ? err.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED/i.test(message);
}
