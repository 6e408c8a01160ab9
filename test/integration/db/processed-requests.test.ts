import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { forgetOldRequestKeys, REQUEST_KEY_TTL_MS } from '../../../src/app/request-keys';
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

  it('the tick forgets the keys of requests handled more than a day before it, and keeps the rest', async () => {
    const team = uniqueTeamId();
    const tick = new Date('1980-01-02T12:00:00Z'); // long before any real key: the prune spares other tests' rows
    await requests.markProcessed(team, 'day-old');
    await requests.markProcessed(team, 'hour-old');
    const at = (ms: number) => new Date(tick.getTime() - ms).toISOString();
    await sql`update processed_requests set at = ${at(REQUEST_KEY_TTL_MS + 1000)} where team_id = ${team} and key = 'day-old'`.execute(
      db,
    );
    await sql`update processed_requests set at = ${at(3_600_000)} where team_id = ${team} and key = 'hour-old'`.execute(
      db,
    );
    expect(await forgetOldRequestKeys({ processedRequests: requests }).enqueueDue(tick)).toBeGreaterThanOrEqual(1);
    expect(await requests.markProcessed(team, 'day-old')).toBe(true);
    expect(await requests.markProcessed(team, 'hour-old')).toBe(false);
  });
});
