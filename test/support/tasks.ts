import type { NewTask } from '../../src/app/ports/tasks';
import type { Db } from '../../src/db/database';

/** A team's tasks straight from Postgres, oldest first. */
export async function tasksOf(db: Db, teamId: string) {
  return db.selectFrom('tasks').selectAll().where('team_id', '=', teamId).orderBy('id').execute();
}

export async function eventsOf(db: Db, teamId: string, taskId: number) {
  return db
    .selectFrom('task_events')
    .select(['kind', 'actor_id', 'payload', 'at'])
    .where('team_id', '=', teamId)
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
}

/** A held task of lead ULEAD, created now, as a use case would store it; `overrides` changes any field. */
export function newTask(teamId: string, overrides: Partial<NewTask> = {}): NewTask {
  return {
    teamId,
    title: 'Write the quarterly report',
    details: null,
    leadId: 'ULEAD',
    ownerId: null,
    status: 'held',
    dueAt: null,
    dueHasTime: false,
    channelId: null,
    source: 'command',
    sourcePermalink: null,
    checkinCadence: 'mwf',
    delegatedAt: null,
    idempotencyKey: null,
    createdAt: new Date(),
    ...overrides,
  };
}
