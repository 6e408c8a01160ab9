import type { RawDbOrTx as DbOrTx } from '../database';

/**
 * Records that a request (a Slack retry, a replayed payload) has been handled. True the first
 * time a key is seen in a team, false every time after.
 */
export async function markProcessed(db: DbOrTx, teamId: string, key: string): Promise<boolean> {
  const inserted = await db
    .insertInto('processed_requests')
    .values({ team_id: teamId, key })
    .onConflict((oc) => oc.columns(['team_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Deletes keys recorded before `before` (every team); returns how many. */
export async function pruneProcessed(db: DbOrTx, before: Date): Promise<number> {
  const result = await db.deleteFrom('processed_requests').where('at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
