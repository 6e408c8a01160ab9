/**
 * Slack's rate limits: per method, per workspace (per app). Tiers are per minute; chat.postMessage
 * is about 1/s per channel with a short burst, plus a workspace-wide ceiling.
 */

export interface MethodRateLimit {
  /** Calls per minute per workspace (sliding 60 s window); `false` = unlimited. */
  perMinute?: number | false;
  /** chat.postMessage style: sustained calls per second per channel; `false` = no per-channel limit. */
  perChannelPerSecond?: number | false;
  /** Burst allowance for the per-channel bucket (default 3). */
  burst?: number;
}

/**
 * The `rateLimits` emulator option. `false` disables all limits. An object is merged per method
 * over DEFAULT_RATE_LIMITS (field by field); `false` for a method disables it. Every limit counts
 * per workspace, so each team has its own budget. Examples:
 *
 *   // load test: 6000 chat.postMessage per minute per workspace, still ~1/s per channel
 *   { 'chat.postMessage': { perMinute: 6000 } }
 *   // … and no per-channel limit either
 *   { 'chat.postMessage': { perMinute: 6000, perChannelPerSecond: false } }
 *   // a tighter tier for one method, others unchanged
 *   { 'users.info': { perMinute: 2 } }
 *
 * For a 429 in one workspace only, inject a fault instead:
 * `faults.inject({ method: 'chat.postMessage', kind: 'ratelimited', retryAfterSec: 2, teamId, times })`.
 */
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
  'conversations.history': { perMinute: TIERS[3] },
  'conversations.replies': { perMinute: TIERS[3] },
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

/** Admitted call times of one method in one workspace, oldest first; `head` skips expired ones. */
interface Window {
  times: number[];
  head: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
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
    let window: Window | undefined;
    if (typeof limit.perMinute === 'number') {
      window = this.windows.get(windowKey) ?? { times: [], head: 0 };
      this.windows.set(windowKey, window);
      // Amortized O(1) per call (the clock is assumed not to run backwards by more than the window).
      const cutoff = now - 60_000;
      while (window.head < window.times.length && (window.times[window.head] ?? now) <= cutoff) window.head += 1;
      if (window.head > 1024 && window.head * 2 > window.times.length) {
        window.times = window.times.slice(window.head);
        window.head = 0;
      }
      if (window.times.length - window.head >= limit.perMinute) {
        const oldest = window.times[window.head] ?? now;
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000)) };
      }
    }
    let bucket: Bucket | undefined;
    if (typeof limit.perChannelPerSecond === 'number' && limit.perChannelPerSecond > 0 && channel) {
      const capacity = Math.max(1, limit.burst ?? 3);
      const key = `${windowKey}\u0000${channel}`;
      bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
      const perSecond = limit.perChannelPerSecond;
      const refill = ((now - bucket.updatedAt) / 1000) * perSecond;
      bucket.tokens = Math.min(capacity, bucket.tokens + refill);
      bucket.updatedAt = now;
      this.buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        const wait = (1 - bucket.tokens) / perSecond;
        return { ok: false, retryAfterSec: Math.max(1, Math.ceil(wait)) };
      }
    }
    window?.times.push(now);
    if (bucket) bucket.tokens -= 1;
    return { ok: true };
  }

  reset(): void {
    this.windows.clear();
    this.buckets.clear();
  }
}
