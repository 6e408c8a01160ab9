import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  findUser,
  findUsersDueForPrompt,
  setDmChannelId,
  setNextPromptAt,
  upsertUserProfile,
} from '../../../src/db/repositories/users';
import { uniqueTeamId, useTestDb } from '../../support/db-context';

const db = useTestDb();

describe('users repository', () => {
  it('upserts a Slack profile with schedule defaults, keeping the schedule on refresh', async () => {
    const team = uniqueTeamId();
    const created = await upsertUserProfile(db, team, {
      id: 'U1',
      name: 'ada',
      real_name: 'Ada Lovelace',
      tz: 'Europe/London',
      is_bot: false,
    });
    expect(created).toMatchObject({
      team_id: team,
      user_id: 'U1',
      name: 'ada',
      real_name: 'Ada Lovelace',
      time_zone: 'Europe/London',
      prompt_time: '09:00',
      working_days: [1, 2, 3, 4, 5],
      paused_until: null,
      next_prompt_at: null,
      is_deleted: false,
    });
    expect(created.tz_refreshed_at).toBeInstanceOf(Date);

    const next = new Date('2030-01-02T09:00:00Z');
    expect(await setNextPromptAt(db, team, 'U1', next)).toBe(true);
    expect(await setDmChannelId(db, team, 'U1', 'D1')).toBe(true);
    // `date` comes back as the plain calendar date, not a Date at local midnight.
    await sql`update users set paused_until = '2030-01-05', working_days = '{1,3,5}' where team_id = ${team}`.execute(
      db,
    );

    // A refresh without tz (e.g. a partial user_change) keeps the known zone and the schedule.
    const refreshed = await upsertUserProfile(db, team, {
      id: 'U1',
      profile: { real_name: 'Ada King' },
      deleted: true,
    });
    expect(refreshed).toMatchObject({
      name: 'ada',
      real_name: 'Ada King',
      time_zone: 'Europe/London',
      tz_refreshed_at: created.tz_refreshed_at,
      is_deleted: true,
      next_prompt_at: next,
      dm_channel_id: 'D1',
      paused_until: '2030-01-05',
      working_days: [1, 3, 5],
    });
    expect(await findUser(db, team, 'U1')).toEqual(refreshed);
  });

  it('is scoped by team', async () => {
    const team = uniqueTeamId();
    await upsertUserProfile(db, team, { id: 'U1', tz: 'Asia/Tokyo' });
    expect(await findUser(db, uniqueTeamId(), 'U1')).toBeUndefined();
    expect(await setNextPromptAt(db, uniqueTeamId(), 'U1', new Date())).toBe(false);
    expect((await findUser(db, team, 'U1'))?.next_prompt_at).toBeNull();
  });

  it('defaults to UTC without a zone and rejects a malformed prompt time', async () => {
    const team = uniqueTeamId();
    expect((await upsertUserProfile(db, team, { id: 'U2' })).time_zone).toBe('UTC');
    await expect(sql`update users set prompt_time = '9:00' where team_id = ${team}`.execute(db)).rejects.toThrow(
      /users_prompt_time_hh_mm/,
    );
    await expect(sql`update users set working_days = '{0,1}' where team_id = ${team}`.execute(db)).rejects.toThrow(
      /users_working_days_iso/,
    );
  });

  it('finds users due for a prompt, across teams, earliest first, skipping deleted users', async () => {
    const teamA = uniqueTeamId();
    const teamB = uniqueTeamId();
    const t1 = new Date('1992-05-04T07:00:00Z');
    const t2 = new Date('1992-05-04T08:00:00Z');
    for (const [team, id, at] of [
      [teamA, 'U1', t2],
      [teamB, 'U2', t1],
      [teamA, 'U3', new Date('1992-05-05T08:00:00Z')],
      [teamA, 'U4', null],
      [teamB, 'U5', t1],
    ] as const) {
      await upsertUserProfile(db, team, { id, deleted: id === 'U5' });
      await setNextPromptAt(db, team, id, at);
    }
    const due = (await findUsersDueForPrompt(db, t2, 1000)).filter((u) => u.team_id === teamA || u.team_id === teamB);
    expect(due).toEqual([
      { team_id: teamB, user_id: 'U2', next_prompt_at: t1 },
      { team_id: teamA, user_id: 'U1', next_prompt_at: t2 },
    ]);
  });
});
