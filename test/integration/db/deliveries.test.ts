import { describe, expect, it } from 'vitest';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';

const { db, repos } = useTestRepositories({ max: 10 });
const deliveries = repos.deliveries;

function rowOf(team: string, key: string) {
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('team_id', '=', team)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
}

describe('deliveries repository', () => {
  it('claimed once; in flight until completed; already sent after, with where it landed', async () => {
    const team = uniqueTeamId();
    const key = 'prompt-ULEAD-2030-01-02';
    expect(await deliveries.claim(team, key, 'prompt', 'ULEAD')).toEqual({ state: 'claimed' });
    const { claimed_at } = await rowOf(team, key);
    expect(await deliveries.claim(team, key, 'prompt', 'ULEAD')).toEqual({ state: 'in_flight', claimedAt: claimed_at });

    const message = { channel: 'D123', ts: '1700000000.000100' };
    expect(await deliveries.complete(team, key, message)).toBe(true);
    expect(await deliveries.claim(team, key, 'prompt', 'ULEAD')).toEqual({ state: 'already_sent', message });
    expect(await deliveries.complete(team, key, { channel: 'D123', ts: '1700000000.000200' })).toBe(false);

    const row = await rowOf(team, key);
    expect(row).toMatchObject({
      state: 'sent',
      kind: 'prompt',
      target: 'ULEAD',
      channel_id: 'D123',
      message_ts: '1700000000.000100',
      attempts: 1,
      error: null,
    });
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it('a failed delivery can be claimed again, counting attempts', async () => {
    const team = uniqueTeamId();
    expect(await deliveries.claim(team, 'k', 'checkin', 'C1')).toEqual({ state: 'claimed' });
    expect(await deliveries.fail(team, 'k', 'ratelimited')).toBe(true);
    expect(await rowOf(team, 'k')).toMatchObject({ state: 'failed', error: 'ratelimited' });
    expect(await deliveries.fail(team, 'k', 'again')).toBe(false);

    expect(await deliveries.claim(team, 'k', 'checkin', 'C1')).toEqual({ state: 'claimed' });
    expect(await rowOf(team, 'k')).toMatchObject({ state: 'claimed', attempts: 2, error: null });
    expect((await deliveries.claim(team, 'k', 'checkin', 'C1')).state).toBe('in_flight');
  });

  it('a claim is taken over only once it is stale', async () => {
    const team = uniqueTeamId();
    await deliveries.claim(team, 'k', 'prompt', 'ULEAD');
    expect(await deliveries.takeOver(team, 'k', 60_000)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await deliveries.takeOver(team, 'k', 10)).toBe(true);
    expect((await rowOf(team, 'k')).attempts).toBe(2);
    // A sent delivery is never taken over.
    await deliveries.complete(team, 'k', { channel: 'D1', ts: '1.1' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await deliveries.takeOver(team, 'k', 10)).toBe(false);
  });

  it('concurrent claims: exactly one wins', async () => {
    const team = uniqueTeamId();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => deliveries.claim(team, 'race', 'prompt', 'ULEAD')),
    );
    expect(results.filter((r) => r.state === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r.state === 'in_flight')).toHaveLength(9);
  });

  it('keys are per team', async () => {
    const teamA = uniqueTeamId();
    const teamB = uniqueTeamId();
    expect((await deliveries.claim(teamA, 'same', 'prompt', 'U1')).state).toBe('claimed');
    expect(await deliveries.complete(teamA, 'same', { channel: 'C1', ts: '1.1' })).toBe(true);
    expect((await deliveries.claim(teamB, 'same', 'prompt', 'U1')).state).toBe('claimed');
    expect(await rowOf(teamB, 'same')).toMatchObject({ state: 'claimed', message_ts: null });
    expect(await deliveries.complete(uniqueTeamId(), 'same', { channel: 'C1', ts: '1.2' })).toBe(false);
    expect(await deliveries.fail(uniqueTeamId(), 'same', 'nope')).toBe(false);
  });
});
