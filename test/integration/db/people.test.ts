import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DUE_PAGE } from '../../../src/db/repositories/due-pages';
import type { Person } from '../../../src/domain/person';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';

const { db, repos } = useTestRepositories();
const people = repos.people;

function person(teamId: string, id: string, extra: Partial<Person> = {}): Person {
  return { teamId, id, name: `Person ${id}`, timeZone: 'UTC', isBot: false, isDeleted: false, ...extra };
}

describe('people repository', () => {
  it('saves a Slack profile with schedule defaults, keeping the schedule on refresh', async () => {
    const team = uniqueTeamId();
    const seen = new Date('2030-01-01T08:00:00Z');
    const ada = person(team, 'U1', { name: 'Ada Lovelace', handle: 'ada', timeZone: 'Europe/London' });
    await people.save(ada, seen);
    expect(await people.find(team, 'U1')).toEqual({
      teamId: team,
      id: 'U1',
      name: 'Ada Lovelace',
      handle: 'ada',
      displayName: null,
      timeZone: 'Europe/London',
      isBot: false,
      isDeleted: false,
      prefs: {
        timeZone: 'Europe/London',
        promptTime: '09:00',
        workingDays: [1, 2, 3, 4, 5],
        pausedUntil: null,
        digestDay: 5,
      },
      profileRefreshedAt: seen,
      nextPromptAt: null,
      nextDigestAt: null,
    });

    const next = new Date('2030-01-02T09:00:00Z');
    await people.setNextPromptAt(team, 'U1', next);
    await people.saveSettings(team, 'U1', { promptTime: '08:30', workingDays: [1, 3, 5], pausedUntil: '2030-01-05' });

    // A refresh without a zone or a handle (a partial user_change) keeps the known ones, and the schedule.
    await people.save({ ...ada, name: 'Ada King', handle: null, timeZone: '', isDeleted: true }, new Date());
    expect(await people.find(team, 'U1')).toMatchObject({
      name: 'Ada King',
      handle: 'ada',
      timeZone: 'Europe/London',
      isDeleted: true,
      // `date` comes back as the plain calendar date, not a Date at local midnight.
      prefs: { timeZone: 'Europe/London', promptTime: '08:30', workingDays: [1, 3, 5], pausedUntil: '2030-01-05' },
      profileRefreshedAt: seen,
      nextPromptAt: next,
    });
  });

  it('finds many people in one read, as find does each, within the workspace', async () => {
    const team = uniqueTeamId();
    const other = uniqueTeamId();
    await people.save(person(team, 'U1'), new Date());
    await people.save(person(team, 'U2', { isDeleted: true }), new Date());
    await people.save(person(other, 'U3'), new Date());
    const found = await people.findMany(team, ['U2', 'U1', 'U3', 'UNKNOWN']);
    expect(found.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      await people.find(team, 'U1'),
      await people.find(team, 'U2'),
    ]);
    expect(await people.findMany(team, [])).toEqual([]);
  });

  it('calls people by display name, else real name, else handle, else id', async () => {
    const team = uniqueTeamId();
    await people.save(person(team, 'U1', { name: 'Real', handle: 'handle', displayName: 'Shown' }), new Date());
    await people.save(person(team, 'U2', { name: 'Real', handle: 'handle', displayName: '' }), new Date());
    await db.insertInto('users').values({ team_id: team, user_id: 'U3', name: 'handle' }).execute();
    await db.insertInto('users').values({ team_id: team, user_id: 'U4' }).execute();
    const names = await Promise.all(['U1', 'U2', 'U3', 'U4'].map(async (id) => (await people.find(team, id))?.name));
    expect(names).toEqual(['Shown', 'Real', 'handle', 'U4']);
  });

  it('is scoped by team', async () => {
    const team = uniqueTeamId();
    await people.save(person(team, 'U1', { timeZone: 'Asia/Tokyo' }), new Date());
    expect(await people.find(uniqueTeamId(), 'U1')).toBeUndefined();
    await people.setNextPromptAt(uniqueTeamId(), 'U1', new Date());
    expect((await people.find(team, 'U1'))?.nextPromptAt).toBeNull();
    expect(await people.listTeams()).toContain(team);
  });

  it('defaults to UTC without a zone and rejects a malformed prompt time', async () => {
    const team = uniqueTeamId();
    await people.save(person(team, 'U2', { timeZone: '' }), new Date());
    expect(await people.find(team, 'U2')).toMatchObject({ timeZone: 'UTC', profileRefreshedAt: null });
    await expect(sql`update users set prompt_time = '9:00' where team_id = ${team}`.execute(db)).rejects.toThrow(
      /users_prompt_time_hh_mm/,
    );
    await expect(sql`update users set working_days = '{0,1}' where team_id = ${team}`.execute(db)).rejects.toThrow(
      /users_working_days_iso/,
    );
  });

  it('finds active humans by handle or display name, ignoring case', async () => {
    const team = uniqueTeamId();
    await people.save(person(team, 'U2', { handle: 'ana', displayName: 'Ana P' }), new Date());
    await people.save(person(team, 'U1', { handle: 'anna', displayName: 'ANA' }), new Date());
    await people.save(person(team, 'U3', { handle: 'ana-bot', displayName: 'ana', isBot: true }), new Date());
    await people.save(person(team, 'U4', { handle: 'ana', isDeleted: true }), new Date());
    const found = await people.findNamed(team, 'Ana');
    expect(found.map((p) => p.id)).toEqual(['U1', 'U2']);
    expect(found[0]).toEqual(person(team, 'U1', { name: 'ANA', handle: 'anna', displayName: 'ANA' }));
    expect(await people.findNamed(uniqueTeamId(), 'ana')).toEqual([]);
  });

  it('finds people due for a prompt, across teams, earliest first, skipping deactivated people', async () => {
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
      await people.save(person(team, id, { isDeleted: id === 'U5' }), new Date());
      await people.setNextPromptAt(team, id, at);
    }
    const due = (await people.findDuePrompts(t2, 1000)).filter((u) => u.teamId === teamA || u.teamId === teamB);
    expect(due).toEqual([
      { teamId: teamB, userId: 'U2', dueAt: t1 },
      { teamId: teamA, userId: 'U1', dueAt: t2 },
    ]);
  });

  it('reads everything due in pages, each row once, microseconds and all', async () => {
    // More than a page (DUE_PAGE) due at one instant Postgres holds to the microsecond (a Date holds
    // milliseconds): the next page must start exactly after the last row, not repeat the instant.
    const teams = [uniqueTeamId(), uniqueTeamId(), uniqueTeamId()];
    const instant = '1971-03-04 05:06:07.123456+00';
    for (const team of teams) {
      await sql`
        insert into users (team_id, user_id, name, real_name, time_zone, next_prompt_at, next_digest_at)
        select ${team}, 'U' || lpad(g::text, 5, '0'), 'n', 'n', 'UTC', ${instant}::timestamptz, ${instant}::timestamptz
        from generate_series(1, ${Math.ceil((DUE_PAGE * 1.5) / teams.length)}) g
      `.execute(db);
    }
    const at = new Date('1971-03-04T05:06:08Z');
    const ours = (rows: ReadonlyArray<{ teamId: string; userId: string }>) =>
      rows.filter((r) => teams.includes(r.teamId)).map((r) => `${r.teamId}/${r.userId}`);
    const expected = teams
      .flatMap((team) =>
        Array.from(
          { length: Math.ceil((DUE_PAGE * 1.5) / teams.length) },
          (_, i) => `${team}/U${String(i + 1).padStart(5, '0')}`,
        ),
      )
      .sort();
    expect(ours(await people.findDuePrompts(at, 10 * DUE_PAGE))).toEqual(expected);
    expect(ours(await people.findDueDigests(at, 10 * DUE_PAGE))).toEqual(expected);
    const some = ours(await people.findDuePrompts(at, DUE_PAGE + 10));
    expect(some).toEqual(expected.slice(0, some.length));
  });
});
