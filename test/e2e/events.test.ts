import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/sandbox';
import { startTestBaton, type TestBaton } from '../support/baton';
import { settled } from '../support/settled';

const { lena } = DEMO.users;
const team = DEMO.teamId;

async function lenaRow(t: TestBaton) {
  return t.baton.db
    .selectFrom('users')
    .selectAll()
    .where('team_id', '=', team)
    .where('user_id', '=', lena)
    .executeTakeFirstOrThrow();
}

const userChange = (tz: string) => ({
  type: 'user_change',
  user: {
    id: lena,
    team_id: team,
    name: 'lena',
    real_name: 'Lena Berg',
    tz,
    is_bot: false,
    deleted: false,
    profile: {},
  },
});

describe('user_change', () => {
  it('follows a new time zone: the next prompt moves to 09:00 in it', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Renew the domain' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena);
    await expect.poll(async () => (await lenaRow(t)).next_prompt_at).not.toBeNull();

    const res = await t.slack.event({ event: userChange('Asia/Tokyo') });
    expect(res.status).toBe(200);
    await expect.poll(async () => (await lenaRow(t)).time_zone).toBe('Asia/Tokyo');
    // 09:00 in Tokyo is 00:00Z.
    await expect.poll(async () => (await lenaRow(t)).next_prompt_at?.toISOString()).toMatch(/T00:00:00.000Z$/);
  });

  it('handles an event once, however often Slack retries it', async () => {
    const t = await startTestBaton();
    await t.slack.event({ event: userChange('America/Chicago'), eventId: 'Ev0SAME01' });
    await expect.poll(async () => (await lenaRow(t)).time_zone).toBe('America/Chicago');
    // A retry of the same event after a later change must not roll the profile back.
    await t.slack.event({ event: userChange('Europe/Paris'), eventId: 'Ev0LATER1' });
    await expect.poll(async () => (await lenaRow(t)).time_zone).toBe('Europe/Paris');
    const retry = await t.slack.event({
      event: userChange('America/Chicago'),
      eventId: 'Ev0SAME01',
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(retry.status).toBe(200);
    await settled(t.baton);
    expect((await lenaRow(t)).time_zone).toBe('Europe/Paris');
    expect(t.logs.some((l) => l.msg === 'ignored a repeated event' && l.eventId === 'Ev0SAME01')).toBe(true);
  });
});
