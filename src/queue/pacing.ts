import { RateLimited, SendLater } from '../app/ports/errors';
import type { Logger } from '../observability/logger';
import type { TeamGate } from './team-gate';

/**
 * The messenger's hooks around each post, over the gate shared by every process
 * (docs/decisions/0004-pacing-per-workspace-and-channel.md). A 429 blocks the workspace here, and
 * only here: at once, before any job's next post, whichever process got it.
 */
export function sendPacing(gate: TeamGate, logger: Logger) {
  return {
    /** Throws RateLimited while the workspace is blocked, SendLater while the channel is taken; else claims the channel. */
    async beforeSend(teamId: string, channel: string): Promise<void> {
      const { blockedMs, channelWaitMs } = await gate.beforePost(teamId, channel);
      if (blockedMs > 0) throw new RateLimited(blockedMs);
      if (channelWaitMs > 0) throw new SendLater(channelWaitMs);
    },
    /** Frees the channel a second from now. Never fails the send it follows: if Redis is away, the claim lapses by itself. */
    afterSend: (teamId: string, channel: string): Promise<void> =>
      gate
        .channelSent(teamId, channel)
        .catch((err: unknown) => logger.warn({ err, team: teamId, channel }, 'could not free a channel after a post')),
    /** Slack answered 429: nothing more goes to the workspace for `ms`. */
    rateLimited: (teamId: string, ms: number): Promise<void> => gate.block(teamId, ms),
  };
}
