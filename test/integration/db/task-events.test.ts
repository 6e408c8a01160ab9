import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { appendEvent, listEvents, SYSTEM_ACTOR } from '../../../src/db/repositories/task-events';
import { insertTask } from '../../../src/db/repositories/tasks';
import { uniqueTeamId, useTestDb } from '../../support/db-context';

const db = useTestDb();

async function taskOf(team: string) {
  return (await insertTask(db, { team_id: team, title: 'Plan the offsite', lead_id: 'ULEAD', source: 'modal' })).task;
}

describe('task_events', () => {
  it('appends and lists a task’s history in order, within the team', async () => {
    const team = uniqueTeamId();
    const task = await taskOf(team);
    const captured = await appendEvent(db, { team_id: team, task_id: task.id, actor_id: 'ULEAD', kind: 'captured' });
    const offered = await appendEvent(db, {
      team_id: team,
      task_id: task.id,
      actor_id: 'ULEAD',
      kind: 'offered',
      payload: { owner_id: 'UOWNER', note: null, tags: ['a'] },
    });
    const checkin = await appendEvent(db, {
      team_id: team,
      task_id: task.id,
      actor_id: SYSTEM_ACTOR,
      kind: 'checkin',
      at: new Date(Date.now() + 60_000),
    });

    expect(captured.payload).toEqual({});
    expect(offered.payload).toEqual({ owner_id: 'UOWNER', note: null, tags: ['a'] });
    expect((await listEvents(db, team, task.id)).map((e) => e.id)).toEqual([captured.id, offered.id, checkin.id]);
    expect(await listEvents(db, uniqueTeamId(), task.id)).toEqual([]);
  });

  it('is append-only: UPDATE and DELETE are rejected', async () => {
    const team = uniqueTeamId();
    const task = await taskOf(team);
    const event = await appendEvent(db, { team_id: team, task_id: task.id, actor_id: 'ULEAD', kind: 'captured' });

    await expect(
      db.updateTable('task_events').set({ kind: 'done' }).where('id', '=', event.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('task_events').where('id', '=', event.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`update task_events set payload = '{"x":1}' where team_id = ${team}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    expect(await listEvents(db, team, task.id)).toEqual([event]);
  });

  it('an event can only point at a task of its own team', async () => {
    const task = await taskOf(uniqueTeamId());
    await expect(
      appendEvent(db, { team_id: uniqueTeamId(), task_id: task.id, actor_id: 'ULEAD', kind: 'captured' }),
    ).rejects.toThrow(/task_events_task_fkey/);
  });
});
