import { type AddressInfo, createServer, type Socket } from 'node:net';
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeDb, createDb, pingDb } from '../../../src/db/database';
import { useTestDb } from '../../support/db-context';

const db = useTestDb();

describe('database', () => {
  it('pings a live database', async () => {
    await expect(pingDb(db)).resolves.toBeUndefined();
  });

  it('fails when Postgres is not there', async () => {
    const dead = createDb('postgres://postgres@127.0.0.1:1/nothing');
    afterAll(() => closeDb(dead));
    await expect(pingDb(dead, 1_000)).rejects.toThrow();
  });

  it('gives up after its own timeout when Postgres does not answer', async () => {
    // Accepts connections and never says a word: only the ping's timeout ends the wait (the
    // pool's connection timeout would, much later, with another message).
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const mute = createDb(`postgres://postgres@127.0.0.1:${(silent.address() as AddressInfo).port}/nothing`);
    try {
      await expect(pingDb(mute, 200)).rejects.toThrow('Postgres did not answer within 200 ms');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await closeDb(mute);
    }
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
