import { sql } from 'kysely';
import type { ReceivedCommandRepository } from '../../app/ports/received-commands';
import type { DbOrTx } from '../database';

export function receivedCommandRepository(db: DbOrTx): ReceivedCommandRepository {
  return {
    async save(command) {
      const row = await db.insertInto('receivedCommands').values(command).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },

    find: (teamId, commandId) =>
      db
        .selectFrom('receivedCommands')
        .select(['teamId', 'userId', 'channelId', 'text', 'responseUrl', 'triggerId', 'receivedAt'])
        .where('teamId', '=', teamId)
        .where('id', '=', commandId)
        .executeTakeFirst(),

    async remove(teamId, commandId) {
      await db.deleteFrom('receivedCommands').where('teamId', '=', teamId).where('id', '=', commandId).execute();
    },

    listStale: (olderThanMs, limit) =>
      // Across workspaces by design: the tick re-enqueues every workspace's commands left behind.
      db
        .selectFrom('receivedCommands')
        .select(['teamId', 'id as commandId'])
        .where('createdAt', '<', sql<Date>`now() - make_interval(secs => ${olderThanMs / 1000})`)
        .orderBy('createdAt')
        .limit(limit)
        .execute(),
  };
}
