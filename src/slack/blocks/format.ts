import { DateTime } from 'luxon';
import { formatDue } from '../../domain/due-date';
import { escapeMrkdwn } from '../../domain/mrkdwn';
import { isOverdue, type Task, type TaskStatus, taskRef } from '../../domain/task';
import { truncate } from './kit';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long since `from`, roughly: "today", "1 day", "6 days", "3 weeks", "2 months", "1 year". */
export function describeAge(from: Date, now: Date): string {
  const days = Math.floor((now.getTime() - from.getTime()) / DAY_MS);
  if (days < 1) return 'today';
  if (days < 14) return days === 1 ? '1 day' : `${days} days`;
  if (days < 60) return `${Math.floor(days / 7)} weeks`;
  if (days < 365) return `${Math.floor(days / 30)} months`;
  const years = Math.floor(days / 365);
  return years === 1 ? '1 year' : `${years} years`;
}

const STATUS_LABELS: Record<TaskStatus, string> = {
  held: '✋ held',
  offered: '📨 waiting for an answer',
  accepted: '✅ accepted',
  done: '🏁 done',
  dropped: '🗑️ dropped',
};

/** "✅ accepted", "📨 waiting for an answer · ⚠️ overdue", … */
export function statusLabel(task: Pick<Task, 'status' | 'dueAt'>, now: Date): string {
  const label = STATUS_LABELS[task.status];
  return isOverdue(task, now) ? `${label} · ⚠️ overdue` : label;
}

/** "due Fri 5 Dec", "due Fri 5 Dec 15:00" in the viewer's zone, or "no due date". */
export function dueLabel(task: Pick<Task, 'dueAt' | 'dueHasTime'>, timeZone: string, now: Date): string {
  return task.dueAt ? `due ${formatDue(task.dueAt, task.dueHasTime, timeZone, now)}` : 'no due date';
}

/** Titles longer than this are cut in lists and one-line messages (the modal allows 200). */
export const TITLE_LIMIT = 200;

/** The title, cut and escaped: safe to put into mrkdwn. */
export function safeTitle(task: Pick<Task, 'title'>, max = TITLE_LIMIT): string {
  return escapeMrkdwn(truncate(task.title, max));
}

/** `*#12* Write launch memo` — the number bold, the title escaped. */
export function taskLine(task: Pick<Task, 'number' | 'title'>, max = TITLE_LIMIT): string {
  return `*${taskRef(task)}* ${safeTitle(task, max)}`;
}

/** `*Write launch memo* #12` — the title bold and escaped, then the number. */
export function titleFirst(task: Pick<Task, 'number' | 'title'>, max = TITLE_LIMIT): string {
  return `*${safeTitle(task, max)}* ${taskRef(task)}`;
}

/**
 * When the next prompt comes, in the viewer's zone: "at 09:00 today", "at 09:00 tomorrow",
 * "at 09:00 on Mon 7 Dec".
 */
export function describePromptTime(at: Date, timeZone: string, now: Date): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const days = Math.round(local.startOf('day').diff(today, 'days').days);
  const time = local.toFormat('HH:mm');
  if (days === 0) return `at ${time} today`;
  if (days === 1) return `at ${time} tomorrow`;
  return `at ${time} on ${formatDue(at, false, timeZone, now)}`;
}

/** A Slack permalink safe to embed as `<url|label>`, or null. */
export function safeLink(url: string | null, label: string): string | null {
  if (!url || !/^https:\/\/[^\s<>|]+$/.test(url)) return null;
  return `<${url}|${label}>`;
}

/**
 * User text escaped for mrkdwn and cut to at most `max` characters AFTER escaping, never in the
 * middle of an entity like `&amp;`; a cut is marked with an ellipsis.
 */
export function escapeWithin(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const ch of text) {
    const piece = escapeMrkdwn(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** User text as an escaped Slack block quote (`>` on every line), at most `max` characters. */
export function quoteWithin(text: string, max: number): string {
  let out = '';
  for (const line of text.split('\n')) {
    const prefix = out === '' ? '>' : '\n>';
    const room = max - out.length - prefix.length;
    if (room < 2) return out.length < max ? `${out}…` : out;
    const piece = escapeWithin(line, room);
    out += prefix + piece;
    if (piece !== escapeMrkdwn(line)) break;
  }
  return out;
}

/** A display name fit for a plain-text button: no mrkdwn control characters, no runs of spaces. */
export function buttonName(name: string | undefined): string {
  return (name ?? '').replace(/[<>&]/g, '').replace(/\s+/g, ' ').trim();
}
