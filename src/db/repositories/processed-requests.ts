import type { ProcessedRequestRepository } from '../../app/ports/processed-requests';
import type { DbOrTx } from '../database';

export function processedRequestRepository(db: DbOrTx): ProcessedRequestRepository {
  return {
    async markProcessed(teamId, key) {
      const inserted = await db
        .insertInto('processedRequests')
        .values({ teamId, key })
        .onConflict((oc) => oc.columns(['teamId', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async prune(before) {
      // Across workspaces by design: keys older than a day are forgotten, whichever workspace's.
      const result = await db.deleteFrom('processedRequests').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
