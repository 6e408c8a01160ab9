import { describe, expect, it } from 'vitest';
import {
  findTaskById,
  findTaskByNumber,
  findTasksDueForCheckin,
  insertTask,
  listTasksForLead,
  listTasksForOwner,
  type NewTaskInput,
  updateTask,
} from '../../../src/db/repositories/tasks';
import { uniqueTeamId, useTestDb } from '../../support/db-context';

const db = useTestDb({ max: 10 });

function newTask(teamId: string, overrides: Partial<NewTaskInput> = {}): NewTaskInput {
  return { team_id: teamId, title: 'Write the quarterly report', lead_id: 'ULEAD', source: 'command', ...overrides };
}

describe('tasks repository', () => {
  it('inserts a held task with defaults and the team’s first number', async () => {
    const team = uniqueTeamId();
    const { task, created } = await insertTask(db, newTask(team));
    expect(created).toBe(true);
    expect(task).toMatchObject({
      team_id: team,
      number: 1,
      status: 'held',
      owner_id: null,
      checkin_cadence: 'mwf',
      due_has_time: false,
    });
    expect(typeof task.id).toBe('number');
    expect(task.created_at).toBeInstanceOf(Date);
  });

  it('numbers are per team and gapless under 20 concurrent inserts', async () => {
    const teamA = uniqueTeamId();
    const teamB = uniqueTeamId();
    const inserts = Array.from({ length: 20 }, (_, i) =>
      insertTask(db, newTask(i % 2 === 0 ? teamA : teamB, { title: `task ${i}` })),
    );
    const results = await Promise.all([...inserts, insertTask(db, newTask(teamA)), insertTask(db, newTask(teamA))]);
    const numbers = (team: string) =>
      results
        .filter((r) => r.task.team_id === team)
        .map((r) => r.task.number)
        .sort((x, y) => x - y);
    expect(numbers(teamA)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(numbers(teamB)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('20 concurrent inserts in one team get 1..20', async () => {
    const team = uniqueTeamId();
    const results = await Promise.all(Array.from({ length: 20 }, () => insertTask(db, newTask(team))));
    expect(results.map((r) => r.task.number).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('a failed insert does not consume a number', async () => {
    const team = uniqueTeamId();
    await expect(insertTask(db, newTask(team, { title: 'x'.repeat(201) }))).rejects.toThrow(/tasks_title_length/);
    await expect(insertTask(db, newTask(team, { title: '' }))).rejects.toThrow(/tasks_title_length/);
    const { task } = await insertTask(db, newTask(team, { title: 'x'.repeat(200) }));
    expect(task.number).toBe(1);
  });

  it('runs inside the caller’s transaction: a rollback gives the number back', async () => {
    const team = uniqueTeamId();
    await expect(
      db.transaction().execute(async (trx) => {
        const { task } = await insertTask(trx, newTask(team));
        expect(task.number).toBe(1);
        throw new Error('use case failed later');
      }),
    ).rejects.toThrow('use case failed later');
    expect(await findTaskByNumber(db, team, 1)).toBeUndefined();
    expect((await insertTask(db, newTask(team))).task.number).toBe(1);
  });

  it('an idempotency key makes a retried command create one task, without a gap', async () => {
    const team = uniqueTeamId();
    const first = await insertTask(db, newTask(team, { idempotency_key: 'cmd-1' }));
    const retry = await insertTask(db, newTask(team, { idempotency_key: 'cmd-1', title: 'changed on retry' }));
    expect(first.created).toBe(true);
    expect(retry).toEqual({ task: first.task, created: false });

    const concurrent = await Promise.all(
      Array.from({ length: 8 }, () => insertTask(db, newTask(team, { idempotency_key: 'cmd-2' }))),
    );
    expect(concurrent.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(concurrent.map((r) => r.task.id)).size).toBe(1);
    expect(concurrent[0]?.task.number).toBe(2);

    expect((await insertTask(db, newTask(team))).task.number).toBe(3);
    // The same key in another team is another task.
    expect((await insertTask(db, newTask(uniqueTeamId(), { idempotency_key: 'cmd-1' }))).created).toBe(true);
  });

  it('finds by number and by id, only within the team', async () => {
    const teamA = uniqueTeamId();
    const teamB = uniqueTeamId();
    const { task } = await insertTask(db, newTask(teamA));
    await insertTask(db, newTask(teamB)); // teamB also has a #1

    expect(await findTaskByNumber(db, teamA, task.number)).toEqual(task);
    expect(await findTaskById(db, teamA, task.id)).toEqual(task);
    expect(await findTaskById(db, teamB, task.id)).toBeUndefined();
    expect((await findTaskByNumber(db, teamB, task.number))?.id).not.toBe(task.id);
    expect(await findTaskByNumber(db, teamA, 999)).toBeUndefined();
  });

  it('lists a lead’s and an owner’s tasks, oldest first, filtered by status, within the team', async () => {
    const team = uniqueTeamId();
    const other = uniqueTeamId();
    const a = (await insertTask(db, newTask(team, { title: 'a' }))).task;
    const b = (await insertTask(db, newTask(team, { title: 'b', owner_id: 'UOWNER', status: 'offered' }))).task;
    const c = (await insertTask(db, newTask(team, { title: 'c', owner_id: 'UOWNER', status: 'accepted' }))).task;
    await insertTask(db, newTask(team, { title: 'someone else’s', lead_id: 'UOTHER' }));
    await insertTask(db, newTask(other, { title: 'other team', owner_id: 'UOWNER', status: 'accepted' }));

    expect((await listTasksForLead(db, team, 'ULEAD')).map((t) => t.id)).toEqual([a.id, b.id, c.id]);
    expect((await listTasksForLead(db, team, 'ULEAD', { statuses: ['held'] })).map((t) => t.id)).toEqual([a.id]);
    expect((await listTasksForLead(db, team, 'ULEAD', { limit: 2 })).map((t) => t.id)).toEqual([a.id, b.id]);
    expect(await listTasksForLead(db, team, 'ULEAD', { statuses: [] })).toEqual([]);
    expect((await listTasksForOwner(db, team, 'UOWNER')).map((t) => t.id)).toEqual([b.id, c.id]);
    expect(
      (await listTasksForOwner(db, team, 'UOWNER', { statuses: ['offered', 'accepted'] })).map((t) => t.id),
    ).toEqual([b.id, c.id]);
    expect(await listTasksForLead(db, uniqueTeamId(), 'ULEAD')).toEqual([]);
  });

  it('updates with an optimistic status check, within the team', async () => {
    const team = uniqueTeamId();
    const { task } = await insertTask(db, newTask(team));
    const offeredAt = new Date('2030-01-02T09:00:00Z');

    const offered = await updateTask(
      db,
      team,
      task.id,
      { status: 'offered', owner_id: 'UOWNER', delegated_at: offeredAt },
      { expectedStatus: 'held' },
    );
    expect(offered).toMatchObject({ status: 'offered', owner_id: 'UOWNER', delegated_at: offeredAt });
    expect(offered!.updated_at.getTime()).toBeGreaterThanOrEqual(task.updated_at.getTime());

    // Two answers to the same offer: only the first one applies.
    const answers = await Promise.all([
      updateTask(db, team, task.id, { status: 'accepted' }, { expectedStatus: 'offered' }),
      updateTask(db, team, task.id, { status: 'held', owner_id: null }, { expectedStatus: ['offered'] }),
    ]);
    expect(answers.filter((a) => a !== undefined)).toHaveLength(1);

    expect(await updateTask(db, uniqueTeamId(), task.id, { title: 'hijacked' })).toBeUndefined();
    expect((await findTaskById(db, team, task.id))?.title).toBe(task.title);
  });

  it('rejects an offered or accepted task without an owner, and unknown statuses', async () => {
    const team = uniqueTeamId();
    const { task } = await insertTask(db, newTask(team));
    await expect(updateTask(db, team, task.id, { status: 'offered' })).rejects.toThrow(/tasks_owner_when_delegated/);
    await expect(updateTask(db, team, task.id, { status: 'archived' as unknown as 'held' })).rejects.toThrow(
      /tasks_status/,
    );
  });

  it('finds tasks due for a check-in, across teams, earliest first', async () => {
    const team = uniqueTeamId();
    // Instants far in the past so other test files' rows do not interfere.
    const t1 = new Date('1991-03-01T09:00:00Z');
    const t2 = new Date('1991-03-01T10:00:00Z');
    const later = new Date('1991-03-02T10:00:00Z');
    const a = (await insertTask(db, newTask(team, { next_checkin_at: t2 }))).task;
    const b = (await insertTask(db, newTask(team, { next_checkin_at: t1 }))).task;
    await insertTask(db, newTask(team, { next_checkin_at: later }));
    await insertTask(db, newTask(team));

    const due = (await findTasksDueForCheckin(db, t2, 1000)).filter((d) => d.team_id === team);
    expect(due).toEqual([
      { team_id: team, id: b.id, next_checkin_at: t1, channel_id: null },
      { team_id: team, id: a.id, next_checkin_at: t2, channel_id: null },
    ]);
  });
});
