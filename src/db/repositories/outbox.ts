import { sql } from 'kysely';
import type { OutboxRepository } from '../../app/ports/outbox';
import type { DbOrTx } from '../database';

export function outboxRepository(db: DbOrTx): OutboxRepository {
  return {
    async add(teamId, eventId) {
      await db
        .insertInto('eventOutbox')
        .values({ teamId, eventId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    async remove(teamId, eventId) {
      await db.deleteFrom('eventOutbox').where('teamId', '=', teamId).where('eventId', '=', eventId).execute();
    },

    listStale: (olderThanMs, limit) =>
      // Across workspaces by design: the tick re-enqueues every workspace's stale events.
      db
        .selectFrom('eventOutbox')
        .select(['teamId', 'eventId'])
        .where('createdAt', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
        .orderBy('createdAt')
        .limit(limit)
        .execute(),
  };
}
