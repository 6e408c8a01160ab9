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
   * Claims a channel for one message (Slack: about one message per second per channel): 0 when
   * claimed, otherwise how long until it may be free. The claim holds until a second after
   * `channelSent`, so posts are a second apart where Slack receives them, however long each took.
   */
  channelWaitMs(teamId: string, channelId: string): Promise<number>;
  /** The claimed post is done (sent or not): the channel is free again a second from now. */
  channelSent(teamId: string, channelId: string): Promise<void>;
  /** Slack said 429: nothing more goes to this workspace for `ms`. A later block already in place is kept. */
  block(teamId: string, ms: number): Promise<void>;
}

/** Slack allows about one message per second in a channel. */
const CHANNEL_SPACING_MS = 1_000;
/** A claim whose post never reports back (the worker died mid-send) frees the channel after this. */
const CHANNEL_CLAIM_MS = 15_000;

/**
 * Sets the block's end (ARGV[1], epoch ms, expiring after ARGV[2] ms) unless a later one is in
 * place: one atomic step, so two 429s reported at once cannot leave the earlier end behind.
 */
const KEEP_LATER_BLOCK = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

export function redisTeamGate(redis: Redis, prefix: string, sendsPerSecond: number): TeamGate {
  const blockedKey = (teamId: string) => `${prefix}:gate:${teamId}:blocked-until`;
  const channelKey = (teamId: string, channelId: string) => `${prefix}:gate:${teamId}:channel:${channelId}`;
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
      const key = channelKey(teamId, channelId);
      if ((await redis.set(key, '1', 'PX', CHANNEL_CLAIM_MS, 'NX')) === 'OK') return 0;
      // While a post is in flight its claim has long to run: look again in a second.
      return Math.max(1, Math.min(CHANNEL_SPACING_MS, await redis.pttl(key)));
    },
    async channelSent(teamId, channelId) {
      await redis.pexpire(channelKey(teamId, channelId), CHANNEL_SPACING_MS);
    },
    async block(teamId, ms) {
      const wholeMs = Math.max(1, Math.ceil(ms));
      await redis.eval(KEEP_LATER_BLOCK, 1, blockedKey(teamId), Date.now() + wholeMs, wholeMs);
    },
  };
}
