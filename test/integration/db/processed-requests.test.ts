import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { markProcessed, pruneProcessed } from '../../../src/db/repositories/processed-requests';
import { uniqueTeamId, useTestDb } from '../../support/db-context';

const db = useTestDb({ max: 10 });

describe('processed_requests', () => {
  it('true the first time a key is seen in a team, false after', async () => {
    const team = uniqueTeamId();
    expect(await markProcessed(db, team, 'trigger-1')).toBe(true);
    expect(await markProcessed(db, team, 'trigger-1')).toBe(false);
    expect(await markProcessed(db, uniqueTeamId(), 'trigger-1')).toBe(true);
  });

  it('concurrent replays: exactly one is first', async () => {
    const team = uniqueTeamId();
    const results = await Promise.all(Array.from({ length: 10 }, () => markProcessed(db, team, 'replayed')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('prunes keys older than a cut-off', async () => {
    const team = uniqueTeamId();
    await markProcessed(db, team, 'old');
    await markProcessed(db, team, 'new');
    await sql`update processed_requests set at = '1990-01-01T00:00:00Z' where team_id = ${team} and key = 'old'`.execute(
      db,
    );
    expect(await pruneProcessed(db, new Date('1990-06-01T00:00:00Z'))).toBeGreaterThanOrEqual(1);
    expect(await markProcessed(db, team, 'old')).toBe(true);
    expect(await markProcessed(db, team, 'new')).toBe(false);
  });
});
