import type { RawDbOrTx as DbOrTx } from '../database';
import type { JsonObject } from '../schema';

export async function insertPendingCapture(
  db: DbOrTx,
  teamId: string,
  userId: string,
  input: JsonObject,
): Promise<number> {
  const row = await db
    .insertInto('pending_captures')
    .values({ team_id: teamId, user_id: userId, input: JSON.stringify(input) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A pending capture, only for the user who made it. */
export async function findPendingCapture(
  db: DbOrTx,
  teamId: string,
  userId: string,
  id: number,
): Promise<JsonObject | undefined> {
  const row = await db
    .selectFrom('pending_captures')
    .select('input')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.input;
}

/** Deletes and returns a pending capture, only for the user who made it: one resolution wins. */
export async function takePendingCapture(
  db: DbOrTx,
  teamId: string,
  userId: string,
  id: number,
): Promise<JsonObject | undefined> {
  const row = await db
    .deleteFrom('pending_captures')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .returning('input')
    .executeTakeFirst();
  return row?.input;
}
