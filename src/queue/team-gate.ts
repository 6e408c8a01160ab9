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
   * Right before a post, in one round trip: how long the workspace is still blocked by a 429;
   * else claims the channel for this one message (Slack: about one message per second per
   * channel), or says how long until it may be free. Both 0: go. The claim holds until a second
   * after `channelSent`, so posts are a second apart where Slack receives them, however long each took.
   */
  beforePost(teamId: string, channelId: string): Promise<{ blockedMs: number; channelWaitMs: number }>;
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

/**
 * The workspace's pace in one round trip (each send to Slack already costs several): the time
 * left on a 429 block (KEYS[1], ARGV[1] = now in epoch ms) if any, else counts the send in this
 * second's counter (KEYS[2]) and says -1 when that is over the pace (ARGV[2]), 0 when not.
 */
const COUNT_SEND = `
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0') - tonumber(ARGV[1])
if blocked > 0 then return blocked end
local count = redis.call('INCR', KEYS[2])
if count == 1 then redis.call('PEXPIRE', KEYS[2], 2000) end
if count > tonumber(ARGV[2]) then return -1 end
return 0
`;

/**
 * Before a post, in one round trip: {time left on a 429 block, 0} if the workspace is blocked
 * (KEYS[1]); else claims the channel (KEYS[2], for ARGV[2] ms): {0, 0} when claimed, {0, its
 * claim's time to live, at least 1} when another post holds it.
 */
const CLAIM_FOR_POST = `
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0') - tonumber(ARGV[1])
if blocked > 0 then return {blocked, 0} end
if redis.call('SET', KEYS[2], '1', 'PX', ARGV[2], 'NX') then return {0, 0} end
return {0, math.max(1, redis.call('PTTL', KEYS[2]))}
`;

/** While a post is in flight its claim has long to run: look again within a second. */
const channelRetryMs = (pttl: number) => Math.max(1, Math.min(CHANNEL_SPACING_MS, pttl));

export function redisTeamGate(redis: Redis, prefix: string, sendsPerSecond: number): TeamGate {
  const blockedKey = (teamId: string) => `${prefix}:gate:${teamId}:blocked-until`;
  const channelKey = (teamId: string, channelId: string) => `${prefix}:gate:${teamId}:channel:${channelId}`;
  const blockedMs = async (teamId: string) => Math.max(0, Number(await redis.get(blockedKey(teamId))) - Date.now());
  return {
    blockedMs,
    async waitMs(teamId) {
      const now = Date.now();
      const second = Math.floor(now / 1000);
      const counter = `${prefix}:gate:${teamId}:sent:${second}`;
      const wait = Number(await redis.eval(COUNT_SEND, 2, blockedKey(teamId), counter, now, sendsPerSecond));
      return wait >= 0 ? wait : (second + 1) * 1000 - now + Math.floor(Math.random() * 50);
    },
    async beforePost(teamId, channelId) {
      const keys = [blockedKey(teamId), channelKey(teamId, channelId)];
      const [blocked, pttl] = (await redis.eval(CLAIM_FOR_POST, 2, ...keys, Date.now(), CHANNEL_CLAIM_MS)) as [
        number,
        number,
      ];
      return { blockedMs: blocked, channelWaitMs: pttl > 0 ? channelRetryMs(pttl) : 0 };
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
