import { describe, expect, it } from 'vitest';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';
import { newTask } from '../../support/tasks';

const { db, repos } = useTestRepositories({ max: 10 });
const tasks = repos.tasks;

describe('tasks repository', () => {
  it('inserts a task with the team’s first number, as the domain’s Task and nothing more', async () => {
    const team = uniqueTeamId();
    const due = new Date('2030-01-04T17:00:00Z');
    const { task, created } = await tasks.insert(newTask(team, { dueAt: due, idempotencyKey: 'cmd-0' }));
    expect(created).toBe(true);
    expect(task).toEqual({
      id: task.id,
      teamId: team,
      number: 1,
      title: 'Write the quarterly report',
      details: null,
      leadId: 'ULEAD',
      ownerId: null,
      status: 'held',
      dueAt: due,
      dueHasTime: false,
      channelId: null,
      threadTs: null,
      source: 'command',
      sourcePermalink: null,
      checkinCadence: 'mwf',
      snoozedUntil: null,
      keptUntil: null,
      lastStatus: null,
      lastStatusAt: null,
      nextCheckinAt: null,
      createdAt: task.createdAt,
      delegatedAt: null,
      acceptedAt: null,
      doneAt: null,
      droppedAt: null,
    });
    expect(task.createdAt).toBeInstanceOf(Date);
  });

  it('numbers are per team and gapless under 20 concurrent inserts', async () => {
    const teamA = uniqueTeamId();
    const teamB = uniqueTeamId();
    const inserts = Array.from({ length: 20 }, (_, i) =>
      tasks.insert(newTask(i % 2 === 0 ? teamA : teamB, { title: `task ${i}` })),
    );
    const results = await Promise.all([...inserts, tasks.insert(newTask(teamA)), tasks.insert(newTask(teamA))]);
    const numbers = (team: string) =>
      results
        .filter((r) => r.task.teamId === team)
        .map((r) => r.task.number)
        .sort((x, y) => x - y);
    expect(numbers(teamA)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(numbers(teamB)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('a failed insert does not consume a number', async () => {
    const team = uniqueTeamId();
    await expect(tasks.insert(newTask(team, { title: 'x'.repeat(201) }))).rejects.toThrow(/tasks_title_length/);
    await expect(tasks.insert(newTask(team, { title: '' }))).rejects.toThrow(/tasks_title_length/);
    const { task } = await tasks.insert(newTask(team, { title: 'x'.repeat(200) }));
    expect(task.number).toBe(1);
  });

  it('runs inside the caller’s transaction: a rollback gives the number back', async () => {
    const team = uniqueTeamId();
    await expect(
      repos.transaction(async (trx) => {
        const { task } = await trx.tasks.insert(newTask(team));
        expect(task.number).toBe(1);
        throw new Error('use case failed later');
      }),
    ).rejects.toThrow('use case failed later');
    expect(await tasks.findByNumber(team, 1)).toBeUndefined();
    expect((await tasks.insert(newTask(team))).task.number).toBe(1);
  });

  it('an idempotency key makes a retried command create one task, without a gap', async () => {
    const team = uniqueTeamId();
    const first = await tasks.insert(newTask(team, { idempotencyKey: 'cmd-1' }));
    const retry = await tasks.insert(newTask(team, { idempotencyKey: 'cmd-1', title: 'changed on retry' }));
    expect(first.created).toBe(true);
    expect(retry).toEqual({ task: first.task, created: false });

    const concurrent = await Promise.all(
      Array.from({ length: 8 }, () => tasks.insert(newTask(team, { idempotencyKey: 'cmd-2' }))),
    );
    expect(concurrent.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(concurrent.map((r) => r.task.id)).size).toBe(1);
    expect(concurrent[0]?.task.number).toBe(2);

    expect((await tasks.insert(newTask(team))).task.number).toBe(3);
    // The same key in another team is another task.
    expect((await tasks.insert(newTask(uniqueTeamId(), { idempotencyKey: 'cmd-1' }))).created).toBe(true);
  });

  it('finds by number and by id, only within the team', async () => {
    const teamA = uniqueTeamId();
    const teamB = uniqueTeamId();
    const { task } = await tasks.insert(newTask(teamA));
    await tasks.insert(newTask(teamB)); // teamB also has a #1

    expect(await tasks.findByNumber(teamA, task.number)).toEqual(task);
    expect(await tasks.find(teamA, task.id)).toEqual(task);
    expect(await tasks.find(teamB, task.id)).toBeUndefined();
    expect((await tasks.findByNumber(teamB, task.number))?.id).not.toBe(task.id);
    expect(await tasks.findByNumber(teamA, 999)).toBeUndefined();
  });

  it('finds the task whose parent message a thread hangs from, within the team', async () => {
    const team = uniqueTeamId();
    const { task } = await tasks.insert(newTask(team, { channelId: 'C1' }));
    const posted = await tasks.update(team, task.id, { threadTs: '1700000000.000100' });

    expect(await tasks.findByThread(team, 'C1', '1700000000.000100')).toEqual(posted);
    expect(await tasks.findByThread(team, 'C2', '1700000000.000100')).toBeUndefined();
    expect(await tasks.findByThread(uniqueTeamId(), 'C1', '1700000000.000100')).toBeUndefined();
  });

  it('lists a lead’s and an owner’s tasks, oldest first, filtered by status, within the team', async () => {
    const team = uniqueTeamId();
    const other = uniqueTeamId();
    const offered = { ownerId: 'UOWNER', status: 'offered' as const };
    const a = (await tasks.insert(newTask(team, { title: 'a' }))).task;
    const b = (await tasks.insert(newTask(team, { title: 'b', ...offered }))).task;
    const c = (await tasks.insert(newTask(team, { title: 'c', ownerId: 'UOWNER', status: 'accepted' }))).task;
    await tasks.insert(newTask(team, { title: 'someone else’s', leadId: 'UOTHER' }));
    await tasks.insert(newTask(other, { title: 'other team', ownerId: 'UOWNER', status: 'accepted' }));

    const ids = (list: Array<{ id: number }>) => list.map((t) => t.id);
    expect(ids(await tasks.listLedBy(team, 'ULEAD', ['held', 'offered', 'accepted']))).toEqual([a.id, b.id, c.id]);
    expect(ids(await tasks.listLedBy(team, 'ULEAD', ['held']))).toEqual([a.id]);
    expect(await tasks.listLedBy(team, 'ULEAD', [])).toEqual([]);
    expect(ids(await tasks.listOwnedBy(team, 'UOWNER', ['offered', 'accepted']))).toEqual([b.id, c.id]);
    expect(ids(await tasks.listOwnedBy(team, 'UOWNER', ['accepted']))).toEqual([c.id]);
    expect(await tasks.listLedBy(uniqueTeamId(), 'ULEAD', ['held'])).toEqual([]);
  });

  it('lists what to ask a lead about: held, not snoozed or kept past the instant', async () => {
    const team = uniqueTeamId();
    const at = new Date('2030-01-07T09:00:00Z');
    const later = new Date('2030-01-08T09:00:00Z');
    const held = (await tasks.insert(newTask(team, { title: 'held' }))).task;
    const snoozed = (await tasks.insert(newTask(team, { title: 'snoozed' }))).task;
    const snoozeOver = (await tasks.insert(newTask(team, { title: 'snooze over' }))).task;
    const kept = (await tasks.insert(newTask(team, { title: 'kept' }))).task;
    await tasks.update(team, snoozed.id, { snoozedUntil: later });
    await tasks.update(team, snoozeOver.id, { snoozedUntil: at });
    await tasks.update(team, kept.id, { keptUntil: later });
    await tasks.insert(newTask(team, { title: 'offered', ownerId: 'UOWNER', status: 'offered' }));

    expect((await tasks.listPromptable(team, 'ULEAD', at)).map((t) => t.id)).toEqual([held.id, snoozeOver.id]);
  });

  it('lists what a lead’s team finished for them, newest first, and counts what people own now', async () => {
    const team = uniqueTeamId();
    const owned = (ownerId: string, status: 'offered' | 'accepted' | 'done') =>
      tasks.insert(newTask(team, { ownerId, status, title: `${ownerId} ${status}` }));
    const first = (await owned('U1', 'done')).task;
    const second = (await owned('U2', 'done')).task;
    await tasks.update(team, first.id, { doneAt: new Date('2030-01-01T10:00:00Z') });
    await tasks.update(team, second.id, { doneAt: new Date('2030-01-02T10:00:00Z') });
    await owned('U1', 'offered');
    await owned('U1', 'accepted');
    await owned('U2', 'accepted');
    await tasks.insert(newTask(team, { status: 'done', title: 'the lead did it' }));

    const due = new Date('2030-01-01T12:34:56.789Z');
    await tasks.update(team, first.id, { dueAt: due });
    expect((await tasks.listFinishedForLead(team, 'ULEAD')).map((t) => t.id)).toEqual([second.id, first.id]);
    // The fields suggestions read, instants to the millisecond.
    expect((await tasks.listFinishedForLead(team, 'ULEAD'))[1]).toEqual({
      id: first.id,
      title: 'U1 done',
      leadId: 'ULEAD',
      ownerId: 'U1',
      doneAt: new Date('2030-01-01T10:00:00Z'),
      dueAt: due,
      status: 'done',
    });
    expect(await tasks.countOpenOwned(team, ['U1', 'U2', 'U3'])).toEqual(
      new Map([
        ['U1', 2],
        ['U2', 1],
      ]),
    );
    expect(await tasks.countOpenOwned(team, [])).toEqual(new Map());

    // A prompt's read: the held tasks and the history at once, each as the two reads give them.
    const heldLater = (await tasks.insert(newTask(team, { title: 'held later' }))).task;
    const heldFirst = (await tasks.insert(newTask(team, { title: 'held first' }))).task;
    await db
      .updateTable('tasks')
      .set({ created_at: new Date('2020-01-01T10:00:00Z') })
      .where('team_id', '=', team)
      .where('id', '=', heldFirst.id)
      .execute();
    const at = new Date('2030-01-03T00:00:00Z');
    const both = await tasks.listPromptableWithHistory(team, 'ULEAD', at);
    expect(both.tasks).toEqual(await tasks.listPromptable(team, 'ULEAD', at));
    expect(both.tasks.map((t) => t.id)).toEqual([heldFirst.id, heldLater.id]);
    expect(both.history).toEqual(await tasks.listFinishedForLead(team, 'ULEAD'));
  });

  it('updates with an optimistic status check, within the team', async () => {
    const team = uniqueTeamId();
    const { task } = await tasks.insert(newTask(team));
    const offeredAt = new Date('2030-01-02T09:00:00Z');
    const updatedAt = async () =>
      (await db.selectFrom('tasks').select('updated_at').where('id', '=', task.id).executeTakeFirstOrThrow())
        .updated_at;
    const before = await updatedAt();

    const offered = await tasks.update(
      team,
      task.id,
      { status: 'offered', ownerId: 'UOWNER', delegatedAt: offeredAt },
      ['held'],
    );
    expect(offered).toEqual({ ...task, status: 'offered', ownerId: 'UOWNER', delegatedAt: offeredAt });
    expect((await updatedAt()).getTime()).toBeGreaterThanOrEqual(before.getTime());

    // Two answers to the same offer: only the first one applies.
    const answers = await Promise.all([
      tasks.update(team, task.id, { status: 'accepted' }, ['offered']),
      tasks.update(team, task.id, { status: 'held', ownerId: null }, ['offered']),
    ]);
    expect(answers.filter((a) => a !== undefined)).toHaveLength(1);
    expect(await tasks.update(team, task.id, { status: 'dropped' }, [])).toBeUndefined();

    expect(await tasks.update(uniqueTeamId(), task.id, { status: 'dropped' })).toBeUndefined();
    expect((await tasks.find(team, task.id))?.status).not.toBe('dropped');
  });

  it('rejects an offered or accepted task without an owner, and unknown statuses', async () => {
    const team = uniqueTeamId();
    const { task } = await tasks.insert(newTask(team));
    await expect(tasks.update(team, task.id, { status: 'offered' })).rejects.toThrow(/tasks_owner_when_delegated/);
    await expect(tasks.update(team, task.id, { status: 'archived' as unknown as 'held' })).rejects.toThrow(
      /tasks_status/,
    );
  });
});
