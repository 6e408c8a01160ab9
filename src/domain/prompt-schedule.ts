/**
 * When the lead's morning prompt is due, and the working-day arithmetic check-ins need.
 *
 * All days are LOCAL days in the person's IANA time zone; all instants are `Date`s (UTC).
 *
 * Wall-clock rules (see `localTimeToInstant`):
 * - a local time inside a spring-forward gap moves forward by the gap (02:30 on 2027-03-14 in
 *   America/New_York → 03:30 EDT);
 * - an ambiguous local time in a fall-back overlap is its FIRST occurrence (01:30 on 2026-11-01 in
 *   America/New_York → 01:30 EDT = 05:30Z, not 01:30 EST), so a prompt is never an hour late.
 *
 * Pauses: `pausedUntil` is an inclusive local date; no prompt is due on it or before it.
 * Malformed prefs (unknown zone, bad 'HH:MM', bad date) are programming errors: RangeError.
 */

import { DateTime } from 'luxon';
import type { IsoWeekday, PromptPrefs } from './person';

type WorkPrefs = Pick<PromptPrefs, 'timeZone' | 'workingDays'>;

const DAY_MS = 86_400_000;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The first prompt instant strictly after `after`: the local prompt time on a working, unpaused day. null when no working days. */
export function nextPromptAt(prefs: PromptPrefs, after: Date): Date | null {
  const zone = checkZone(prefs.timeZone);
  const clock = parseClock(prefs.promptTime);
  if (prefs.workingDays.length === 0) return null;
  let day = localDateOf(zone, after);
  if (prefs.pausedUntil !== null && checkDate(prefs.pausedUntil) >= day) day = plusDays(prefs.pausedUntil, 1);
  // Within 8 local days there is a working day whose slot is after `after` (the first day's may have passed).
  for (let i = 0; i < 9; i++, day = plusDays(day, 1)) {
    if (!prefs.workingDays.includes(weekdayOf(day))) continue;
    const slot = wallClockInstant(zone, day, clock);
    if (slot.getTime() > after.getTime()) return slot;
  }
  return null;
}

/**
 * The local date (YYYY-MM-DD in prefs.timeZone) whose prompt slot `at` belongs to, if `at` is on a
 * working, unpaused day at or after that day's prompt time; else null. A slot is only valid on its
 * own local day: a tick late the same day still sends; the next day it is skipped.
 */
export function promptSlotAt(prefs: PromptPrefs, at: Date): { localDate: string; slotAt: Date } | null {
  const zone = checkZone(prefs.timeZone);
  const clock = parseClock(prefs.promptTime);
  const localDate = localDateOf(zone, at);
  if (!prefs.workingDays.includes(weekdayOf(localDate))) return null;
  if (prefs.pausedUntil !== null && checkDate(prefs.pausedUntil) >= localDate) return null;
  const slotAt = wallClockInstant(zone, localDate, clock);
  return at.getTime() >= slotAt.getTime() ? { localDate, slotAt } : null;
}

/** Whether the local day of `at` is one of the working days. */
export function isWorkingDay(prefs: WorkPrefs, at: Date): boolean {
  const zone = checkZone(prefs.timeZone);
  return prefs.workingDays.includes(weekdayOf(localDateOf(zone, at)));
}

/** Whether a local date 'YYYY-MM-DD' is one of the working days. */
export function isWorkingDate(prefs: Pick<PromptPrefs, 'workingDays'>, localDate: string): boolean {
  return prefs.workingDays.includes(weekdayOf(checkDate(localDate)));
}

/**
 * The working day `n` working days after (n > 0) or before (n < 0) `localDate`. For n = 0:
 * `localDate` itself when it is a working day, else the next working day. Throws RangeError when
 * there are no working days.
 */
export function addWorkingDays(prefs: WorkPrefs, localDate: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addWorkingDays: n must be an integer, got ${n}`);
  if (prefs.workingDays.length === 0) throw new RangeError('addWorkingDays: no working days');
  const working = (d: string) => prefs.workingDays.includes(weekdayOf(d));
  let day = checkDate(localDate);
  if (n === 0) {
    while (!working(day)) day = plusDays(day, 1);
    return day;
  }
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    day = plusDays(day, step);
    if (working(day)) left--;
  }
  return day;
}

/**
 * How many working days begin after `from` and no later than `to`: the working local dates d with
 * localDate(from) < d ≤ localDate(to). 0 when `to` is on or before `from`'s local day.
 * ("Silent for 2 working days" = workingDaysBetween(prefs, lastAnswerAt, now) >= 2.)
 */
export function workingDaysBetween(prefs: WorkPrefs, from: Date, to: Date): number {
  const zone = checkZone(prefs.timeZone);
  const start = localDateOf(zone, from);
  const end = localDateOf(zone, to);
  if (end <= start) return 0;
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
  const weeks = Math.floor(days / 7);
  let count = weeks * new Set(prefs.workingDays).size;
  for (let d = plusDays(start, weeks * 7 + 1); d <= end; d = plusDays(d, 1)) {
    if (prefs.workingDays.includes(weekdayOf(d))) count++;
  }
  return count;
}

/** The local date 'YYYY-MM-DD' of an instant in a zone. */
export function localDateOf(timeZone: string, at: Date): string {
  const dt = DateTime.fromMillis(at.getTime(), { zone: checkZone(timeZone) });
  if (!dt.isValid) throw new RangeError(`Invalid instant: ${String(at)}`);
  return dt.toISODate() ?? '';
}

/** The local ISO week of an instant in a zone, as 'YYYY-Www' (e.g. '2026-W49'; weeks start on Monday). */
export function localWeekOf(timeZone: string, at: Date): string {
  // The local date's ISO week, read off the zoned instant: no date string to format and parse
  // again (the Home asks for eight of these each time).
  const dt = DateTime.fromMillis(at.getTime(), { zone: checkZone(timeZone) });
  if (!dt.isValid) throw new RangeError(`Invalid instant: ${String(at)}`);
  return dt.toFormat("kkkk-'W'WW");
}

/** The ISO week of a local date 'YYYY-MM-DD', as 'YYYY-Www'. */
export function isoWeekKey(localDate: string): string {
  return DateTime.fromISO(checkDate(localDate), { zone: 'UTC' }).toFormat("kkkk-'W'WW");
}

/**
 * The instant a local wall-clock time 'HH:MM' on a local date happens in a zone. In a
 * spring-forward gap it moves forward by the gap; in a fall-back overlap it is the first occurrence.
 */
export function localTimeToInstant(timeZone: string, localDate: string, time: string): Date {
  return wallClockInstant(checkZone(timeZone), checkDate(localDate), parseClock(time));
}

function wallClockInstant(zone: string, localDate: string, { hour, minute }: Clock): Date {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  // Offsets a day and a half either side cover one transition; DST changes are months apart.
  const before = offsetMs(zone, wall - 1.5 * DAY_MS);
  const afterOffset = offsetMs(zone, wall + 1.5 * DAY_MS);
  const fits = [before, afterOffset]
    .map((o) => wall - o)
    .filter((t) => offsetMs(zone, t) === wall - t)
    .sort((a, b) => a - b);
  // No fit: the time is in a gap; with the offset from before the gap it lands after it.
  return new Date(fits[0] ?? wall - before);
}

/** Accepts '9', '9:00', '09:00', '9am', '9 a.m.', '5:30 pm', '17:30', '1730', 'noon', 'midnight' → 'HH:MM'; else null. */
export function parsePromptTime(text: string): string | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'noon' || t === 'midday') return '12:00';
  if (t === 'midnight') return '00:00';
  const m = /^(\d{1,2})(?:[:.h](\d{2})|(\d{2}))? ?(?:([ap])\.?(?: ?m\.?)?)?$/.exec(t);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? m[3] ?? '0');
  const meridiem = m[4];
  if (minute > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  } else if (hour > 23) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------

function checkZone(zone: string): string {
  if (!DateTime.fromMillis(0, { zone }).isValid) throw new RangeError(`Unknown time zone: "${zone}"`);
  return zone;
}

type Clock = { hour: number; minute: number };

function parseClock(hhmm: string): Clock {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`Prompt time must be 'HH:MM', got "${hhmm}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function checkDate(localDate: string): string {
  if (!LOCAL_DATE.test(localDate) || !DateTime.fromISO(localDate, { zone: 'UTC' }).isValid) {
    throw new RangeError(`Expected a date 'YYYY-MM-DD', got "${localDate}"`);
  }
  return localDate;
}

function offsetMs(zone: string, at: number): number {
  return DateTime.fromMillis(at, { zone }).offset * 60_000;
}

function plusDays(localDate: string, days: number): string {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(localDate: string): IsoWeekday {
  const day = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return (day === 0 ? 7 : day) as IsoWeekday;
}

/** "Only I can do this" keeps a task out of the morning prompt this long. */
export const KEEP_DAYS = 14;
