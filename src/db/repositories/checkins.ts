import { sql } from 'kysely';
import type { CheckinStatus, ThreadMessageKind } from '../../domain/checkin';
import type { RawDbOrTx as DbOrTx } from '../database';
import type { Checkin } from '../schema';

/** The check-in row of a task's owner-local day, created on first ask (one per task per day). */
export async function openCheckin(
  db: DbOrTx,
  teamId: string,
  taskId: number,
  localDate: string,
  kind: ThreadMessageKind,
): Promise<Checkin> {
  const inserted = await db
    .insertInto('checkins')
    .values({ team_id: teamId, task_id: taskId, local_date: localDate, kind })
    .onConflict((oc) => oc.columns(['team_id', 'task_id', 'local_date']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return inserted;
  return db
    .selectFrom('checkins')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('task_id', '=', taskId)
    .where('local_date', '=', localDate)
    .executeTakeFirstOrThrow();
}

export async function setCheckinMessage(
  db: DbOrTx,
  teamId: string,
  id: number,
  message: { channel: string; ts: string },
): Promise<void> {
  await db
    .updateTable('checkins')
    .set({ channel_id: message.channel, message_ts: message.ts })
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .execute();
}

export async function findCheckin(db: DbOrTx, teamId: string, id: number): Promise<Checkin | undefined> {
  return db.selectFrom('checkins').selectAll().where('team_id', '=', teamId).where('id', '=', id).executeTakeFirst();
}

export async function latestCheckin(db: DbOrTx, teamId: string, taskId: number): Promise<Checkin | undefined> {
  return db
    .selectFrom('checkins')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('task_id', '=', taskId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function recordCheckinAnswer(
  db: DbOrTx,
  teamId: string,
  id: number,
  answer: { status: CheckinStatus | null; note: string | null; by: string },
): Promise<void> {
  await db
    .updateTable('checkins')
    .set((eb) => ({
      status: answer.status === null ? eb.ref('status') : answer.status,
      note: answer.note === null ? eb.ref('note') : sql<string>`concat_ws(E'\n', note, ${answer.note}::text)`,
      answered_by: answer.by,
      answered_at: sql<Date>`now()`,
    }))
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .execute();
}
