import type { PendingCaptureRepository } from '../../app/ports/pending-captures';
import type { DbOrTx } from '../database';

export function pendingCaptureRepository(db: DbOrTx): PendingCaptureRepository {
  return {
    async save(teamId, userId, input) {
      const row = await db
        .insertInto('pendingCaptures')
        .values({ teamId, userId, input: JSON.stringify(input) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async find(teamId, userId, id) {
      const row = await db
        .selectFrom('pendingCaptures')
        .select('input')
        .where('teamId', '=', teamId)
        .where('userId', '=', userId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.input;
    },

    async take(teamId, userId, id) {
      const row = await db
        .deleteFrom('pendingCaptures')
        .where('teamId', '=', teamId)
        .where('userId', '=', userId)
        .where('id', '=', id)
        .returning('input')
        .executeTakeFirst();
      return row?.input;
    },
  };
}
