import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src/domain/task';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';
import { newTask } from '../../support/tasks';

const { db, repos } = useTestRepositories();
const tasks = repos.tasks;

async function taskOf(teamId: string) {
  return (await tasks.insert(newTask(teamId, { title: 'Plan the offsite' }))).task;
}

describe('task history (task events)', () => {
  it('appends events as given (payload and instant), finds them and the latest one, within the team', async () => {
    const team = uniqueTeamId();
    const task = await taskOf(team);
    const at = new Date('2030-01-07T09:30:00Z');
    const event = (kind: 'captured' | 'offered' | 'escalated', payload: Record<string, unknown>, actorId = 'ULEAD') =>
      tasks.appendEvent({ teamId: team, taskId: task.id, actorId, kind, payload, at });
    const captured = await event('captured', {});
    // Payload keys are kept as written, camelCase or not.
    const offered = await event('offered', { ownerId: 'UOWNER', previous_owner: null, tags: ['a'] });
    const escalated = await event('escalated', { silentWorkingDays: 2 }, SYSTEM_ACTOR);

    expect(offered).toEqual({
      id: offered.id,
      teamId: team,
      taskId: task.id,
      actorId: 'ULEAD',
      kind: 'offered',
      payload: { ownerId: 'UOWNER', previous_owner: null, tags: ['a'] },
      at,
    });
    expect(captured.payload).toEqual({});
    expect(await tasks.findEvent(team, offered.id)).toEqual(offered);
    expect(await tasks.latestEvent(team, task.id)).toEqual(escalated);
    expect(await tasks.findEvent(uniqueTeamId(), offered.id)).toBeUndefined();
    expect(await tasks.latestEvent(uniqueTeamId(), task.id)).toBeUndefined();
  });

  it('is append-only: UPDATE and DELETE are rejected', async () => {
    const team = uniqueTeamId();
    const task = await taskOf(team);
    const event = await tasks.appendEvent({
      teamId: team,
      taskId: task.id,
      actorId: 'ULEAD',
      kind: 'captured',
      payload: {},
      at: new Date(),
    });

    await expect(
      db.updateTable('task_events').set({ kind: 'done' }).where('id', '=', event.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('task_events').where('id', '=', event.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`update task_events set payload = '{"x":1}' where team_id = ${team}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    expect(await tasks.findEvent(team, event.id)).toEqual(event);
  });

  it('an event can only point at a task of its own team', async () => {
    const task = await taskOf(uniqueTeamId());
    await expect(
      tasks.appendEvent({
        teamId: uniqueTeamId(),
        taskId: task.id,
        actorId: 'ULEAD',
        kind: 'captured',
        payload: {},
        at: new Date(),
      }),
    ).rejects.toThrow(/task_events_task_fkey/);
  });
});
