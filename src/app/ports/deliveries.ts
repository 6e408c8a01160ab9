import type { PostedMessage } from './notices';

export type DeliveryClaim =
  | { state: 'claimed' }
  | { state: 'already_sent'; message: PostedMessage | null }
  | { state: 'in_flight'; claimedAt: Date };

/**
 * Every message Baton sends, by delivery key (unique per team): claimed before the Slack call,
 * recorded after it, so that each goes out once (docs/decisions/0002-event-outbox-and-exactly-once-sending.md).
 */
export interface DeliveryRepository {
  /** Claims a send before the Slack call; `target` is where it goes (user or channel id). A failed send may be claimed again. */
  claim(teamId: string, key: string, kind: string, target: string): Promise<DeliveryClaim>;
  /** Takes over a claim older than `staleMs` (its holder died mid-send); false when it is not stale. */
  takeOver(teamId: string, key: string, staleMs: number): Promise<boolean>;
  /** The claimed send went out and landed at `message`; false when it was not claimed. */
  complete(teamId: string, key: string, message: PostedMessage): Promise<boolean>;
  /** The claimed send surely did not go out; a retry may claim it again. False when it was not claimed. */
  fail(teamId: string, key: string, error: string): Promise<boolean>;
}
