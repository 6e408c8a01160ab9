import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';

const { db, repos } = useTestRepositories({ max: 10 });
const requests = repos.processedRequests;

describe('processed requests repository', () => {
  it('true the first time a key is seen in a team, false after', async () => {
    const team = uniqueTeamId();
    expect(await requests.markProcessed(team, 'trigger-1')).toBe(true);
    expect(await requests.markProcessed(team, 'trigger-1')).toBe(false);
    expect(await requests.markProcessed(uniqueTeamId(), 'trigger-1')).toBe(true);
  });

  it('concurrent replays: exactly one is first', async () => {
    const team = uniqueTeamId();
    const results = await Promise.all(Array.from({ length: 10 }, () => requests.markProcessed(team, 'replayed')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('prunes keys older than a cut-off', async () => {
    const team = uniqueTeamId();
    await requests.markProcessed(team, 'old');
    await requests.markProcessed(team, 'new');
    await sql`update processed_requests set at = '1990-01-01T00:00:00Z' where team_id = ${team} and key = 'old'`.execute(
      db,
    );
    expect(await requests.prune(new Date('1990-06-01T00:00:00Z'))).toBeGreaterThanOrEqual(1);
    expect(await requests.markProcessed(team, 'old')).toBe(true);
    expect(await requests.markProcessed(team, 'new')).toBe(false);
  });
});
