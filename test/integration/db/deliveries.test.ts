import { describe, expect, it } from 'vitest';
import { claimDelivery, completeDelivery, failDelivery, findDelivery } from '../../../src/db/repositories/deliveries';
import { uniqueTeamId, useTestDb } from '../../support/db-context';

const db = useTestDb({ max: 10 });

describe('deliveries', () => {
  it('claimed once; in flight until completed; already sent after', async () => {
    const team = uniqueTeamId();
    const key = 'prompt-ULEAD-2030-01-02';
    expect(await claimDelivery(db, team, key, 'prompt')).toBe('claimed');
    expect(await claimDelivery(db, team, key, 'prompt')).toBe('in_flight');

    expect(await completeDelivery(db, team, key, { channel: 'D123', ts: '1700000000.000100' })).toBe(true);
    expect(await claimDelivery(db, team, key, 'prompt')).toBe('already_sent');
    expect(await completeDelivery(db, team, key, { channel: 'D123', ts: '1700000000.000200' })).toBe(false);

    expect(await findDelivery(db, team, key)).toMatchObject({
      state: 'sent',
      kind: 'prompt',
      channel_id: 'D123',
      message_ts: '1700000000.000100',
      attempts: 1,
      error: null,
    });
    expect((await findDelivery(db, team, key))?.sent_at).toBeInstanceOf(Date);
  });

  it('a failed delivery can be claimed again, counting attempts', async () => {
    const team = uniqueTeamId();
    expect(await claimDelivery(db, team, 'k', 'checkin')).toBe('claimed');
    expect(await failDelivery(db, team, 'k', 'ratelimited')).toBe(true);
    expect(await findDelivery(db, team, 'k')).toMatchObject({ state: 'failed', error: 'ratelimited' });
    expect(await failDelivery(db, team, 'k', 'again')).toBe(false);

    expect(await claimDelivery(db, team, 'k', 'checkin')).toBe('claimed');
    expect(await findDelivery(db, team, 'k')).toMatchObject({ state: 'claimed', attempts: 2, error: null });
    expect(await claimDelivery(db, team, 'k', 'checkin')).toBe('in_flight');
  });

  it('a stale claim is taken over only when the caller asks', async () => {
    const team = uniqueTeamId();
    expect(await claimDelivery(db, team, 'k', 'prompt')).toBe('claimed');
    expect(await claimDelivery(db, team, 'k', 'prompt', { reclaimAfterMs: 60_000 })).toBe('in_flight');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await claimDelivery(db, team, 'k', 'prompt', { reclaimAfterMs: 10 })).toBe('claimed');
    expect((await findDelivery(db, team, 'k'))?.attempts).toBe(2);
  });

  it('concurrent claims: exactly one wins', async () => {
    const team = uniqueTeamId();
    const results = await Promise.all(Array.from({ length: 10 }, () => claimDelivery(db, team, 'race', 'prompt')));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === 'in_flight')).toHaveLength(9);
  });

  it('keys are per team', async () => {
    const teamA = uniqueTeamId();
    const teamB = uniqueTeamId();
    expect(await claimDelivery(db, teamA, 'same', 'prompt')).toBe('claimed');
    expect(await completeDelivery(db, teamA, 'same', { channel: 'C1', ts: '1.1' })).toBe(true);
    expect(await claimDelivery(db, teamB, 'same', 'prompt')).toBe('claimed');
    expect(await findDelivery(db, teamB, 'same')).toMatchObject({ state: 'claimed', message_ts: null });
    expect(await completeDelivery(db, uniqueTeamId(), 'same', { channel: 'C1', ts: '1.2' })).toBe(false);
    expect(await failDelivery(db, uniqueTeamId(), 'same', 'nope')).toBe(false);
  });
});
