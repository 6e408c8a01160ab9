import type { Db } from '../../src/db/database';

/** A team's tasks straight from Postgres, oldest first. */
export async function tasksOf(db: Db, teamId: string) {
  return db.selectFrom('tasks').selectAll().where('team_id', '=', teamId).orderBy('id').execute();
}

export async function eventsOf(db: Db, teamId: string, taskId: number) {
  return db
    .selectFrom('task_events')
    .select(['kind', 'actor_id', 'payload'])
    .where('team_id', '=', teamId)
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
}
