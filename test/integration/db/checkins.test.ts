import { describe, expect, it } from 'vitest';
import { QUIET_STATE } from '../../../src/domain/checkin';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';

const { db, repos } = useTestRepositories();
const checkins = repos.checkins;

/** A task of a team of its own (straight in the tables). */
async function newTask(values: { next_checkin_at?: Date; channel_id?: string } = {}) {
  const team = uniqueTeamId();
  const { id } = await db
    .insertInto('tasks')
    .values({ team_id: team, number: 1, title: 'Ship the deck', lead_id: 'ULEAD', source: 'command', ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { team, id };
}

describe('check-ins repository', () => {
  it('opens one check-in per task and owner-local day', async () => {
    const { team, id } = await newTask();
    const first = await checkins.open(team, id, '2030-01-07', 'checkin');
    expect(first).toEqual({
      id: first.id,
      teamId: team,
      taskId: id,
      localDate: '2030-01-07',
      kind: 'checkin',
      status: null,
      note: null,
    });
    // A second ask the same day (a nudge, say) gets the same one.
    expect(await checkins.open(team, id, '2030-01-07', 'reminder')).toEqual(first);
    const next = await checkins.open(team, id, '2030-01-08', 'reminder');
    expect(next.id).not.toBe(first.id);
    expect(await checkins.latest(team, id)).toEqual(next);
    expect(await checkins.find(team, first.id)).toEqual(first);
    expect(await checkins.find(uniqueTeamId(), first.id)).toBeUndefined();
    expect(await checkins.latest(uniqueTeamId(), id)).toBeUndefined();
  });

  it('records where its message landed, and answers: a status kept unless given again, notes accumulated', async () => {
    const { team, id } = await newTask();
    const checkin = await checkins.open(team, id, '2030-01-07', 'checkin');
    await checkins.setMessage(team, checkin.id, { channel: 'C1', ts: '1700000000.000100' });
    await checkins.recordAnswer(team, checkin.id, { status: 'at_risk', note: 'vendor is late', by: 'UOWNER' });
    await checkins.recordAnswer(team, checkin.id, { status: null, note: 'now on it', by: 'UOWNER' });
    await checkins.recordAnswer(team, checkin.id, { status: null, note: null, by: 'ULEAD' });
    expect(await checkins.find(team, checkin.id)).toMatchObject({
      status: 'at_risk',
      note: 'vendor is late\nnow on it',
    });
    const row = await db.selectFrom('checkins').selectAll().where('id', '=', checkin.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel_id: 'C1', message_ts: '1700000000.000100', answered_by: 'ULEAD' });
    expect(row.answered_at).toBeInstanceOf(Date);
  });

  it('keeps the silence bookkeeping on the task', async () => {
    const { team, id } = await newTask();
    expect(await checkins.state(team, id)).toEqual(QUIET_STATE);
    const state = { awaitingSince: '2030-01-07', reminded: true, escalated: false, overdueAskedFor: '2030-01-05' };
    await checkins.saveState(team, id, state);
    expect(await checkins.state(team, id)).toEqual(state);
    expect(await checkins.state(uniqueTeamId(), id)).toEqual(QUIET_STATE);
  });

  it('finds tasks due for a look, across teams, earliest first', async () => {
    // Instants far in the past so other test files' rows do not interfere.
    const t1 = new Date('1991-03-01T09:00:00Z');
    const t2 = new Date('1991-03-01T10:00:00Z');
    const a = await newTask({ next_checkin_at: t2, channel_id: 'C1' });
    const b = await newTask({ next_checkin_at: t1 });
    const later = await newTask({ next_checkin_at: new Date('1991-03-02T10:00:00Z') });
    const ours = new Set([a.team, b.team, later.team]);
    const due = (await checkins.findDue(t2, 1000)).filter((d) => ours.has(d.teamId));
    expect(due).toEqual([
      { teamId: b.team, taskId: b.id, dueAt: t1, channelId: null },
      { teamId: a.team, taskId: a.id, dueAt: t2, channelId: 'C1' },
    ]);
  });
});
