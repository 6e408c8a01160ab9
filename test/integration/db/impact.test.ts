import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/domain/person';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';
import { newTask } from '../../support/tasks';

const { db, repos } = useTestRepositories();
const { tasks, people, checkins } = repos;

const DAY = 86_400_000;
const NOW = new Date();
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

function person(teamId: string, id: string, extra: Partial<Person> = {}): Person {
  return { teamId, id, name: `Person ${id}`, timeZone: 'UTC', isBot: false, isDeleted: false, ...extra };
}

describe('the Home and digest queries', () => {
  it("reads a lead's history: open tasks and those closed since, with their events and recent check-ins, within the team", async () => {
    const team = uniqueTeamId();
    const open = (await tasks.insert(newTask(team, { title: 'Open', createdAt: ago(90) }))).task;
    const doneRecently = (await tasks.insert(newTask(team, { title: 'Done recently', createdAt: ago(20) }))).task;
    const doneLongAgo = (await tasks.insert(newTask(team, { title: 'Done long ago', createdAt: ago(200) }))).task;
    const droppedRecently = (await tasks.insert(newTask(team, { title: 'Dropped', createdAt: ago(20) }))).task;
    const othersLead = (await tasks.insert(newTask(team, { leadId: 'UOTHER' }))).task;
    const otherTeam = uniqueTeamId();
    await tasks.insert(newTask(otherTeam, { title: 'Elsewhere' }));

    await tasks.update(team, doneRecently.id, { status: 'done', ownerId: 'UANA', doneAt: ago(3) });
    await tasks.update(team, doneLongAgo.id, { status: 'done', ownerId: 'UANA', doneAt: ago(100) });
    await tasks.update(team, droppedRecently.id, { status: 'dropped', droppedAt: ago(2) });
    const event = (taskId: number, kind: 'offered' | 'done', at: Date, payload = {}) =>
      tasks.appendEvent({ teamId: team, taskId, actorId: 'ULEAD', kind, payload, at });
    await event(doneRecently.id, 'offered', ago(19), { ownerId: 'UANA' });
    await event(doneRecently.id, 'done', ago(3), { by: 'UANA' });
    await event(othersLead.id, 'offered', ago(1), { ownerId: 'UANA' });
    const asked = await checkins.open(team, doneRecently.id, '2030-03-10', 'checkin');
    const row = await db
      .selectFrom('checkins')
      .select('created_at')
      .where('id', '=', asked.id)
      .executeTakeFirstOrThrow();

    const history = await tasks.leadHistory(team, 'ULEAD', ago(60), ago(30));
    expect(history.map((t) => t.title)).toEqual(['Open', 'Done recently', 'Dropped']);
    const done = history.find((t) => t.id === doneRecently.id);
    expect(done?.events.map((e) => [e.kind, e.payload])).toEqual([
      ['offered', { ownerId: 'UANA' }],
      ['done', { by: 'UANA' }],
    ]);
    expect(done?.checkins).toEqual([{ askedAt: row.created_at, answeredAt: null }]);
    expect(history.find((t) => t.id === open.id)?.events).toEqual([]);
    // Only the kinds asked for, when asked.
    const onlyDone = await tasks.leadHistory(team, 'ULEAD', ago(60), ago(30), ['done']);
    expect(onlyDone.find((t) => t.id === doneRecently.id)?.events.map((e) => [e.kind, e.at])).toEqual([
      ['done', ago(3)],
    ]);
    // Check-ins asked before `checkinsSince` are left out.
    expect((await tasks.leadHistory(team, 'ULEAD', ago(60), new Date(Date.now() + DAY)))[1]?.checkins).toEqual([]);
    expect(await tasks.leadHistory(uniqueTeamId(), 'ULEAD', ago(60), ago(30))).toEqual([]);
  });

  it('lists what an owner finished since an instant, most recent first, and says who leads and owns', async () => {
    const team = uniqueTeamId();
    const ids: number[] = [];
    for (const [i, days] of [5, 1, 30].entries()) {
      const { task } = await tasks.insert(newTask(team, { title: `T${i}` }));
      await tasks.update(team, task.id, { status: 'done', ownerId: 'UANA', doneAt: ago(days) });
      ids.push(task.id);
    }
    const finished = await tasks.listFinishedBy(team, 'UANA', ago(14), 10);
    expect(finished.map((t) => t.title)).toEqual(['T1', 'T0']);
    expect(await tasks.listFinishedBy(team, 'UANA', ago(14), 1)).toHaveLength(1);
    expect(await tasks.listFinishedBy(uniqueTeamId(), 'UANA', ago(14), 10)).toEqual([]);

    expect(await tasks.roles(team, 'ULEAD')).toEqual({ leads: true, owns: false });
    expect(await tasks.roles(team, 'UANA')).toEqual({ leads: false, owns: true });
    expect(await tasks.roles(uniqueTeamId(), 'ULEAD')).toEqual({ leads: false, owns: false });

    const first = ids[0] ?? 0;
    await tasks.appendEvent({ teamId: team, taskId: first, actorId: 'UANA', kind: 'done', payload: {}, at: ago(6) });
    const last = await tasks.appendEvent({
      teamId: team,
      taskId: first,
      actorId: 'UBEN',
      kind: 'done',
      payload: {},
      at: ago(5),
    });
    await tasks.appendEvent({
      teamId: team,
      taskId: first,
      actorId: 'UBEN',
      kind: 'accepted',
      payload: {},
      at: ago(4),
    });
    expect(await tasks.latestEventOfKind(team, first, 'done')).toEqual(last);
    expect(await tasks.latestEventOfKind(uniqueTeamId(), first, 'done')).toBeUndefined();
  });

  it('finds the leads whose digest is due, keeps the digest day, who opened their Home, and who is deactivated', async () => {
    const team = uniqueTeamId();
    await people.save(person(team, 'U1'), NOW);
    await people.save(person(team, 'U2', { isDeleted: true }), NOW);
    await people.save(person(team, 'U3'), NOW);
    await people.setNextDigestAt(team, 'U1', ago(1));
    await people.setNextDigestAt(team, 'U2', ago(1));
    await people.setNextDigestAt(team, 'U3', new Date(NOW.getTime() + DAY));

    const due = (await people.findDueDigests(NOW, 10_000)).filter((d) => d.teamId === team);
    expect(due).toEqual([{ teamId: team, userId: 'U1', dueAt: ago(1) }]);
    await people.setNextDigestAt(team, 'U1', null);
    expect((await people.findDueDigests(NOW, 10_000)).filter((d) => d.teamId === team)).toEqual([]);

    await people.saveSettings(team, 'U1', {
      promptTime: '08:00',
      workingDays: [1, 2, 3],
      pausedUntil: null,
      digestDay: 3,
    });
    expect((await people.find(team, 'U1'))?.prefs.digestDay).toBe(3);
    // A save without a digest day keeps it.
    await people.saveSettings(team, 'U1', { promptTime: '08:00', workingDays: [1, 2, 3], pausedUntil: null });
    expect((await people.find(team, 'U1'))?.prefs.digestDay).toBe(3);

    await people.setHomeOpened(team, 'U3', NOW);
    expect(await people.withHome(team, ['U1', 'U3', 'U9'])).toEqual(['U3']);
    expect(await people.withHome(uniqueTeamId(), ['U3'])).toEqual([]);
    expect(await people.states(team, ['U2', 'U1', 'U9'])).toEqual([
      { id: 'U1', isDeleted: false },
      { id: 'U2', isDeleted: true },
    ]);
  });
});
