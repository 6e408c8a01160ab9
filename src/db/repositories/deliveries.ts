import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DeliveryRepository } from '../../app/ports/deliveries';
import type { DbOrTx } from '../database';
import type { Database } from '../schema';

export function deliveryRepository(db: DbOrTx): DeliveryRepository {
  /** Claims the row again (a new attempt) when `claimable` holds for it. */
  const reclaim = async (
    teamId: string,
    key: string,
    claimable: (eb: ExpressionBuilder<Database, 'deliveries'>) => Expression<SqlBool>,
  ) =>
    (await db
      .updateTable('deliveries')
      .set((eb) => ({ state: 'claimed', claimedAt: sql<Date>`now()`, attempts: eb('attempts', '+', 1), error: null }))
      .where('teamId', '=', teamId)
      .where('key', '=', key)
      .where(claimable)
      .returning('id')
      .executeTakeFirst()) !== undefined;

  return {
    async claim(teamId, key, kind, target) {
      const inserted = await db
        .insertInto('deliveries')
        .values({ teamId, key, kind, state: 'claimed', attempts: 1, target })
        .onConflict((oc) => oc.columns(['teamId', 'key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { state: 'claimed' };
      if (await reclaim(teamId, key, (eb) => eb('state', '=', 'failed'))) return { state: 'claimed' };

      const current = await db
        .selectFrom('deliveries')
        .select(['state', 'channelId', 'messageTs', 'claimedAt'])
        .where('teamId', '=', teamId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (current?.state === 'sent') {
        const { channelId: channel, messageTs: ts } = current;
        return { state: 'already_sent', message: channel && ts ? { channel, ts } : null };
      }
      return { state: 'in_flight', claimedAt: current?.claimedAt ?? new Date() };
    },

    takeOver: (teamId, key, staleMs) =>
      reclaim(teamId, key, (eb) =>
        eb.or([
          eb('state', '=', 'failed'),
          eb.and([
            eb('state', '=', 'claimed'),
            eb('claimedAt', '<', sql<Date>`now() - make_interval(secs => ${staleMs / 1000})`),
          ]),
        ]),
      ),

    async complete(teamId, key, message) {
      const result = await db
        .updateTable('deliveries')
        .set({
          state: 'sent',
          channelId: message.channel,
          messageTs: message.ts,
          sentAt: sql<Date>`now()`,
          error: null,
        })
        .where('teamId', '=', teamId)
        .where('key', '=', key)
        .where('state', '=', 'claimed')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async fail(teamId, key, error) {
      const result = await db
        .updateTable('deliveries')
        .set({ state: 'failed', error })
        .where('teamId', '=', teamId)
        .where('key', '=', key)
        .where('state', '=', 'claimed')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
