import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Slack signs the timestamp; we refuse requests more than 5 minutes off in either direction (Bolt checks only the past). */
export const MAX_SKEW_SECONDS = 300;

export function isFreshSlackTimestamp(header: string | string[] | undefined, nowMs: number): boolean {
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header)) return false;
  return Math.abs(nowMs / 1000 - Number(header)) <= MAX_SKEW_SECONDS;
}

export type Verification = { ok: true } | { ok: false; reason: 'stale or missing timestamp' | 'bad signature' };

/**
 * Slack's request signature: `v0=` + hex(HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`)),
 * compared in constant time, over a timestamp within five minutes of ours (docs/slack-platform.md).
 */
export function verifySlackRequest(
  signingSecret: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  nowMs: number,
): Verification {
  const timestamp = headers['x-slack-request-timestamp'];
  if (!isFreshSlackTimestamp(timestamp, nowMs)) return { ok: false, reason: 'stale or missing timestamp' };
  const signature = headers['x-slack-signature'];
  if (typeof signature !== 'string' || !/^v0=[0-9a-f]{64}$/.test(signature))
    return { ok: false, reason: 'bad signature' };
  const expected = createHmac('sha256', signingSecret)
    .update(`v0:${timestamp as string}:`)
    .update(rawBody)
    .digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'bad signature' };
}
