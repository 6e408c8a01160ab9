import type { Redis } from 'ioredis';

/**
 * Per-workspace pacing and rate-limit waits, shared by every worker through Redis. BullMQ's own
 * worker.rateLimit() pauses the whole queue, which would let one busy workspace hold up all the
 * others; here only the workspace concerned waits.
 */
export interface TeamGate {
  /** How long a send to this workspace must wait now (0: go, and it is counted). */
  waitMs(teamId: string): Promise<number>;
  /** How long the workspace is still blocked by a 429 (0: not blocked); counts nothing. */
  blockedMs(teamId: string): Promise<number>;
  /**
   * Claims this second of a channel for one message (Slack: about one message per second per
   * channel). 0 when claimed; otherwise how long until the channel is free.
   */
  channelWaitMs(teamId: string, channelId: string): Promise<number>;
  /** Slack said 429: nothing more goes to this workspace for `ms`. */
  block(teamId: string, ms: number): Promise<void>;
}

/**
 * Slack allows about one message per second in a channel. The claim is taken a moment before the
 * post leaves, and posts travel at different speeds: a tenth of a second more keeps them a second apart
 * where Slack receives them.
 */
const CHANNEL_SPACING_MS = 1_100;

export function redisTeamGate(redis: Redis, prefix: string, sendsPerSecond: number): TeamGate {
  const blockedKey = (teamId: string) => `${prefix}:gate:${teamId}:blocked-until`;
  const blockedMs = async (teamId: string) => Math.max(0, Number(await redis.get(blockedKey(teamId))) - Date.now());
  return {
    blockedMs,
    async waitMs(teamId) {
      const blocked = await blockedMs(teamId);
      if (blocked > 0) return blocked;
      const now = Date.now();
      const second = Math.floor(now / 1000);
      const key = `${prefix}:gate:${teamId}:sent:${second}`;
      const [[, count]] = (await redis.multi().incr(key).pexpire(key, 2_000).exec()) as [[unknown, number]];
      return count <= sendsPerSecond ? 0 : (second + 1) * 1000 - now + Math.floor(Math.random() * 50);
    },
    async channelWaitMs(teamId, channelId) {
      const key = `${prefix}:gate:${teamId}:channel:${channelId}`;
      if ((await redis.set(key, '1', 'PX', CHANNEL_SPACING_MS, 'NX')) === 'OK') return 0;
      return Math.max(1, await redis.pttl(key));
    },
    async block(teamId, ms) {
      const until = Date.now() + ms;
      // Keep the later of two blocks.
      const current = Number(await redis.get(blockedKey(teamId)));
      if (current < until) await redis.set(blockedKey(teamId), String(until), 'PX', ms);
    },
  };
}
