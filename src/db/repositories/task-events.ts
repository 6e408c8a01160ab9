import type { RawDbOrTx as DbOrTx } from '../database';
import type { JsonObject, TaskEvent } from '../schema';

/** The actor id of things Baton does by itself (scheduled check-ins, escalations, …). */
export { SYSTEM_ACTOR } from '../../domain/task';

export interface AppendEventInput {
  team_id: string;
  task_id: number;
  /** A Slack user id, or SYSTEM_ACTOR. */
  actor_id: string;
  kind: string;
  payload?: JsonObject;
  /** Default: the transaction's now(). */
  at?: Date;
}

/** Appends to a task's history (task_events is append-only: the database rejects UPDATE and DELETE). */
export async function appendEvent(db: DbOrTx, input: AppendEventInput): Promise<TaskEvent> {
  const { payload, ...rest } = input;
  return db
    .insertInto('task_events')
    .values({ ...rest, payload: JSON.stringify(payload ?? {}) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A task's history, oldest first. */
export async function listEvents(db: DbOrTx, teamId: string, taskId: number): Promise<TaskEvent[]> {
  return db
    .selectFrom('task_events')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('task_id', '=', taskId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function findEvent(db: DbOrTx, teamId: string, id: number): Promise<TaskEvent | undefined> {
  return db.selectFrom('task_events').selectAll().where('team_id', '=', teamId).where('id', '=', id).executeTakeFirst();
}

/** The last thing that happened to a task. */
export async function findLatestEvent(db: DbOrTx, teamId: string, taskId: number): Promise<TaskEvent | undefined> {
  return db
    .selectFrom('task_events')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('task_id', '=', taskId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
