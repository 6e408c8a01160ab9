import { sql } from 'kysely';
import type { RawDbOrTx as DbOrTx } from '../database';
import type { Delivery } from '../schema';

/**
 * - 'claimed': the caller owns the send: make the Slack call, then completeDelivery or failDelivery;
 * - 'already_sent': it was sent before, do nothing;
 * - 'in_flight': someone else holds the claim right now, do nothing (or retry later).
 */
export type ClaimResult = 'claimed' | 'already_sent' | 'in_flight';

export interface ClaimOptions {
  /**
   * Take over a claim older than this (its holder presumably crashed between claim and send).
   * Default: never — at most once. Set it to trade that for at least once.
   */
  reclaimAfterMs?: number;
  /** Where the message goes (user or channel id): after a crash, Baton looks there before resending. */
  target?: string;
}

/**
 * Claims the send identified by `key` (unique per team) before the Slack call. A failed delivery
 * can be claimed again; every claim counts an attempt.
 */
export async function claimDelivery(
  db: DbOrTx,
  teamId: string,
  key: string,
  kind: string,
  opts: ClaimOptions = {},
): Promise<ClaimResult> {
  const inserted = await db
    .insertInto('deliveries')
    .values({ team_id: teamId, key, kind, state: 'claimed', attempts: 1, target: opts.target ?? null })
    .onConflict((oc) => oc.columns(['team_id', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return 'claimed';

  const reclaimAfterMs = opts.reclaimAfterMs;
  const reclaimed = await db
    .updateTable('deliveries')
    .set((eb) => ({ state: 'claimed', claimed_at: sql<Date>`now()`, attempts: eb('attempts', '+', 1), error: null }))
    .where('team_id', '=', teamId)
    .where('key', '=', key)
    .where((eb) =>
      reclaimAfterMs === undefined
        ? eb('state', '=', 'failed')
        : eb.or([
            eb('state', '=', 'failed'),
            eb.and([
              eb('state', '=', 'claimed'),
              eb('claimed_at', '<', sql<Date>`now() - make_interval(secs => ${reclaimAfterMs / 1000})`),
            ]),
          ]),
    )
    .returning('id')
    .executeTakeFirst();
  if (reclaimed) return 'claimed';

  const current = await findDelivery(db, teamId, key);
  return current?.state === 'sent' ? 'already_sent' : 'in_flight';
}

/** Marks a claimed delivery sent, with where the message landed. False if it was not claimed. */
export async function completeDelivery(
  db: DbOrTx,
  teamId: string,
  key: string,
  message: { channel: string; ts: string },
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ state: 'sent', channel_id: message.channel, message_ts: message.ts, sent_at: sql<Date>`now()`, error: null })
    .where('team_id', '=', teamId)
    .where('key', '=', key)
    .where('state', '=', 'claimed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks a claimed delivery failed, so that a retry may claim it again. False if it was not claimed. */
export async function failDelivery(db: DbOrTx, teamId: string, key: string, error: string): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({ state: 'failed', error })
    .where('team_id', '=', teamId)
    .where('key', '=', key)
    .where('state', '=', 'claimed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A delivery by key, e.g. to find the ts of a message sent earlier. */
export async function findDelivery(db: DbOrTx, teamId: string, key: string): Promise<Delivery | undefined> {
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('key', '=', key)
    .executeTakeFirst();
}
