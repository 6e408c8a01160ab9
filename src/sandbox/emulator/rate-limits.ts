/**
 * Slack's rate limits: per method, per workspace (per app). Tiers are per minute; chat.postMessage
 * is about 1/s per channel with a short burst, plus a workspace-wide ceiling.
 */

export interface MethodRateLimit {
  /** Calls per minute per workspace; `false` = unlimited. */
  perMinute?: number | false;
  /** chat.postMessage style: sustained calls per second per channel. */
  perChannelPerSecond?: number;
  /** Burst allowance for the per-channel bucket (default 3). */
  burst?: number;
}

/** `false` disables all limits; an object overrides (or with `false` disables) single methods. */
export type RateLimitOptions = false | Record<string, MethodRateLimit | false>;

export const TIERS = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

export const DEFAULT_RATE_LIMITS: Record<string, MethodRateLimit> = {
  'auth.test': { perMinute: TIERS[4] },
  'team.info': { perMinute: TIERS[3] },
  'users.info': { perMinute: TIERS[4] },
  'users.list': { perMinute: TIERS[2] },
  'conversations.open': { perMinute: TIERS[3] },
  'conversations.info': { perMinute: TIERS[3] },
  'conversations.join': { perMinute: TIERS[3] },
  'conversations.members': { perMinute: TIERS[4] },
  'chat.postMessage': { perMinute: 600, perChannelPerSecond: 1, burst: 3 },
  'chat.postEphemeral': { perMinute: TIERS[4] },
  'chat.update': { perMinute: TIERS[3] },
  'chat.delete': { perMinute: TIERS[3] },
  'chat.getPermalink': { perMinute: TIERS[4] },
  'views.open': { perMinute: TIERS[4] },
  'views.update': { perMinute: TIERS[4] },
  'views.push': { perMinute: TIERS[4] },
  'views.publish': { perMinute: TIERS[4] },
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: RateLimitOptions | undefined,
    private readonly now: () => number,
  ) {}

  private limitFor(method: string): MethodRateLimit | undefined {
    if (this.options === false) return undefined;
    const override = this.options?.[method];
    if (override === false) return undefined;
    const base = DEFAULT_RATE_LIMITS[method];
    if (!override) return base;
    return { ...base, ...override };
  }

  /**
   * Admits a call or returns the seconds to wait (Retry-After). Only admitted calls are counted.
   */
  check(method: string, teamId: string, channel?: string): { ok: true } | { ok: false; retryAfterSec: number } {
    const limit = this.limitFor(method);
    if (!limit) return { ok: true };
    const now = this.now();
    const windowKey = `${teamId}\u0000${method}`;
    let window: number[] | undefined;
    if (typeof limit.perMinute === 'number') {
      window = (this.windows.get(windowKey) ?? []).filter((t) => t > now - 60_000);
      this.windows.set(windowKey, window);
      if (window.length >= limit.perMinute) {
        const oldest = window[0] ?? now;
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000)) };
      }
    }
    let bucket: Bucket | undefined;
    if (limit.perChannelPerSecond !== undefined && channel) {
      const capacity = Math.max(1, limit.burst ?? 3);
      const key = `${windowKey}\u0000${channel}`;
      bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
      const refill = ((now - bucket.updatedAt) / 1000) * limit.perChannelPerSecond;
      bucket.tokens = Math.min(capacity, bucket.tokens + refill);
      bucket.updatedAt = now;
      this.buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        const wait = (1 - bucket.tokens) / limit.perChannelPerSecond;
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil(wait)) };
      }
    }
    window?.push(now);
    if (bucket) bucket.tokens -= 1;
    return { ok: true };
  }

  reset(): void {
    this.windows.clear();
    this.buckets.clear();
  }
}
