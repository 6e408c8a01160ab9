import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeDb, createDb, pingDb } from '../../../src/db/database';
import { useTestDb } from '../../support/db-context';

const db = useTestDb();

describe('database', () => {
  it('pings a live database', async () => {
    await expect(pingDb(db)).resolves.toBeUndefined();
  });

  it('fails fast when Postgres is not there', async () => {
    const dead = createDb('postgres://postgres@127.0.0.1:1/nothing');
    afterAll(() => closeDb(dead));
    const started = Date.now();
    await expect(pingDb(dead, 1_000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('identifies itself and parses date, bigint and timestamptz as documented', async () => {
    const { rows } = await sql<{ app: string; d: string; n: number; t: Date }>`
      select current_setting('application_name') as app, date '2030-01-05' as d,
        count(*) as n, timestamptz '2030-01-05T12:00:00Z' as t
    `.execute(db);
    expect(rows[0]).toEqual({ app: 'baton', d: '2030-01-05', n: 1, t: new Date('2030-01-05T12:00:00Z') });
    expect(inject('databaseUrl')).toMatch(/\/baton_test_\d{13}_[0-9a-f]+$/);
  });
});
