import type { Deps } from './deps';
import { MaybeSent } from './ports/errors';
import type { PostedMessage } from './ports/notices';

/**
 * A claim older than this whose holder never finished is presumed dead (a killed worker): it must
 * be longer than one send can take (the job Web API client times out after 10 s).
 */
export const DEFAULT_STALE_CLAIM_MS = 45_000;

/** The send is held by another attempt right now; the job should come back later. */
export class DeliveryInFlight extends Error {
  override name = 'DeliveryInFlight';
}

export interface Delivery {
  teamId: string;
  /** Unique per team: one message per key, ever. */
  key: string;
  kind: string;
  /** Where it goes: a user id (DM) or a channel id. */
  target: string;
  /** The thread it replies in, if any: after a crash that is where to look for it. */
  threadTs?: string;
  /** Where the send may have gone instead (a DM when the channel is gone): looked at too after a crash. */
  fallbackTarget?: string;
}

export interface SendOutcome {
  /** The message as Slack has it, whether it went out now or before (null: an earlier send, unrecorded). */
  message: PostedMessage | null;
  /** False when an earlier attempt had sent it. */
  sentNow: boolean;
}

/**
 * Exactly-once sending on top of at-least-once jobs: claim the key in Postgres, send (the message
 * carries the key), record what was sent. A send whose outcome is unknown keeps its claim; once
 * that claim is stale, Slack is asked whether the message went out before it is sent again.
 */
export async function sendOnce(
  deps: Pick<Deps, 'deliveries' | 'messenger' | 'logger' | 'staleClaimMs'>,
  delivery: Delivery,
  send: () => Promise<PostedMessage>,
): Promise<SendOutcome> {
  const { deliveries, messenger, logger } = deps;
  const staleMs = deps.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS;
  const { teamId, key, kind, target } = delivery;
  const claim = await deliveries.claim(teamId, key, kind, target);
  if (claim.state === 'already_sent') return { message: claim.message, sentNow: false };
  if (claim.state === 'in_flight') {
    // Crash recovery runs on the wall clock, like the claim times Postgres writes (not deps.now).
    if (Date.now() - claim.claimedAt.getTime() < staleMs) {
      throw new DeliveryInFlight(`delivery ${key} of ${teamId} is being sent by another attempt`);
    }
    const since = new Date(claim.claimedAt.getTime() - 60_000);
    const places = [{ target, threadTs: delivery.threadTs }];
    if (delivery.fallbackTarget) places.push({ target: delivery.fallbackTarget, threadTs: undefined });
    let found: PostedMessage | null = null;
    for (const place of places) found ??= await messenger.findSent(teamId, place, key, since);
    if (found) {
      logger.info({ team: teamId, key }, 'a delivery interrupted after sending was found in Slack; not resending');
      await deliveries.complete(teamId, key, found);
      return { message: found, sentNow: false };
    }
    if (!(await deliveries.takeOver(teamId, key, staleMs))) {
      throw new DeliveryInFlight(`delivery ${key} of ${teamId} was taken over by another attempt`);
    }
    logger.warn({ team: teamId, key }, 'a delivery interrupted before sending is sent now');
  }
  try {
    const message = await send();
    await deliveries.complete(teamId, key, message);
    return { message, sentNow: true };
  } catch (err) {
    // Unknown outcome: keep the claim, so a retry looks in Slack before sending again.
    if (!(err instanceof MaybeSent))
      await deliveries.fail(teamId, key, err instanceof Error ? err.message : String(err));
    throw err;
  }
}
