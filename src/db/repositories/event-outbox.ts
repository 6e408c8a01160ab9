import { sql } from 'kysely';
import type { RawDbOrTx as DbOrTx } from '../database';

export async function addToOutbox(db: DbOrTx, teamId: string, eventId: number): Promise<void> {
  await db
    .insertInto('event_outbox')
    .values({ team_id: teamId, event_id: eventId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeFromOutbox(db: DbOrTx, teamId: string, eventId: number): Promise<void> {
  await db.deleteFrom('event_outbox').where('team_id', '=', teamId).where('event_id', '=', eventId).execute();
}

/** Events (of every team) still undelivered after `olderThanMs`, oldest first. */
export async function listStaleOutbox(
  db: DbOrTx,
  olderThanMs: number,
  limit: number,
): Promise<Array<{ team_id: string; event_id: number }>> {
  return db
    .selectFrom('event_outbox')
    .select(['team_id', 'event_id'])
    .where('created_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}
