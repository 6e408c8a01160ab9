/** Slack signs the timestamp; we refuse requests more than 5 minutes off in either direction (Bolt checks only the past). */
export const MAX_SKEW_SECONDS = 300;

export function isFreshSlackTimestamp(header: string | string[] | undefined, nowMs: number): boolean {
  if (typeof header !== 'string' || !/^\d{1,12}$/.test(header)) return false;
  return Math.abs(nowMs / 1000 - Number(header)) <= MAX_SKEW_SECONDS;
}
