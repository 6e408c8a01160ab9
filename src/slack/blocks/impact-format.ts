import type { HeldWeek, Load } from '../../domain/impact';
import { mention } from './kit';

/** Words and text bars for the impact figures (App Home, weekly digest). No user text here. */

const BAR_WIDTH = 10;

/** A text bar: `value` of `max` as up to 10 full blocks; at least one for any value above 0. */
export function bar(value: number, max: number, width = BAR_WIDTH): string {
  if (value <= 0 || max <= 0) return '';
  return '█'.repeat(Math.max(1, Math.min(width, Math.round((value / max) * width))));
}

/** "▲ 3", "▼ 2", "no change". */
export function changeLabel(change: number): string {
  if (change > 0) return `▲ ${change}`;
  if (change < 0) return `▼ ${-change}`;
  return 'no change';
}

/** "80%", or "–" when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "under a minute", "35 min", "4 h", "3 days". */
export function describeDuration(ms: number): string {
  if (ms < MINUTE) return 'under a minute';
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < 48 * HOUR) return `${Math.round(ms / HOUR)} h`;
  return `${Math.round(ms / (24 * HOUR))} days`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The held count at the end of each week, as a monospaced bar chart, and where it went. */
export function heldTrend(weekly: readonly HeldWeek[]): string {
  const max = Math.max(0, ...weekly.map((w) => w.held));
  const rows = weekly.map((w) => {
    const label = w.weekKey.slice(-3);
    return `${label} ${bar(w.held, max).padEnd(BAR_WIDTH)} ${w.held}`;
  });
  const first = weekly[0]?.held ?? 0;
  const last = weekly[weekly.length - 1]?.held ?? 0;
  const direction =
    last < first
      ? `down from ${first} to ${last} 👏`
      : last > first
        ? `up from ${first} to ${last}`
        : `steady at ${last}`;
  return `*Held at the end of each week* — ${direction}\n\`\`\`\n${rows.join('\n')}\n\`\`\``;
}

/**
 * One line per owner, most loaded first: "<@U1> `█████` 5 · 2 overdue", the single points of
 * failure flagged; then the stranded tasks of deactivated owners.
 */
export function loadLines(load: Load): string[] {
  const max = load.owners[0]?.open ?? 0;
  const spof = new Set(load.singlePointsOfFailure);
  const lines = load.owners.map((o) => {
    const parts = [`${mention(o.ownerId)} \`${bar(o.open, max).padEnd(BAR_WIDTH)}\` ${o.open}`];
    if (o.overdue > 0) parts.push(`${o.overdue} overdue`);
    if (spof.has(o.ownerId)) parts.push('⚠️');
    return parts.join(' · ');
  });
  for (const s of load.stranded) {
    lines.push(
      `🚫 ${mention(s.ownerId)} is deactivated and still owns ${plural(s.taskIds.length, 'open task', 'open tasks')}: reassign or take them back`,
    );
  }
  return lines;
}

/** "Ana holds 5 of 9 open tasks (56%)": the warning under the load, or null. */
export function singlePointWarning(load: Load): string | null {
  const [first, second] = load.singlePointsOfFailure;
  if (!first) return null;
  const share = (id: string) => load.owners.find((o) => o.ownerId === id)?.open ?? 0;
  const who = second
    ? `${mention(first)} and ${mention(second)} hold ${share(first) + share(second)}`
    : `${mention(first)} holds ${share(first)}`;
  return `⚠️ ${who} of ${load.totalOpen} open tasks: if they're out, work stops. Spread the next hand-offs.`;
}
