/**
 * When a lead's weekly digest is due: once per local ISO week, on their digest day at their prompt
 * time (the morning prompt's wall-clock rules: see prompt-schedule.ts; across DST the local time
 * holds).
 *
 * - The digest day is `digestDay` (default Friday) when it is one of the lead's working days;
 *   otherwise the nearest working day before it (Friday for a Sun–Thu week is Thursday, the end
 *   of their week). It is the same weekday every week, so there is one slot per ISO week.
 * - A paused day has no slot: that week's digest is skipped, not moved.
 * - Like prompts, a slot is only valid on its own local day: a late tick that day still sends; the
 *   next day it is skipped, never sent late.
 * - No working days: no digest.
 */

import { DateTime } from 'luxon';
import { DEFAULT_DIGEST_DAY, type IsoWeekday, type PromptPrefs } from './person';
import { isoWeekKey, localDateOf, localTimeToInstant } from './prompt-schedule';

export interface DigestSlot {
  /** The lead's local ISO week the digest is for, e.g. '2026-W49': one digest per key. */
  weekKey: string;
  /** The local date 'YYYY-MM-DD' of the slot. */
  localDate: string;
  /** The instant of the slot (prompt time on that day). */
  slotAt: Date;
}

/** The weekday the digest goes out on, or null when the lead has no working days. */
export function digestWeekday(prefs: Pick<PromptPrefs, 'workingDays' | 'digestDay'>): IsoWeekday | null {
  const chosen = prefs.digestDay ?? DEFAULT_DIGEST_DAY;
  for (let back = 0; back < 7; back++) {
    const day = ((((chosen - 1 - back) % 7) + 7) % 7) + 1;
    if (prefs.workingDays.includes(day as IsoWeekday)) return day as IsoWeekday;
  }
  return null;
}

/**
 * The digest slot `at` falls in: its local day is the digest day, not paused, and `at` is at or
 * after that day's prompt time. null otherwise.
 */
export function digestSlotAt(prefs: PromptPrefs, at: Date): DigestSlot | null {
  const weekday = digestWeekday(prefs);
  const localDate = localDateOf(prefs.timeZone, at);
  if (weekday === null || weekdayOf(localDate) !== weekday) return null;
  if (isPaused(prefs, localDate)) return null;
  const slotAt = localTimeToInstant(prefs.timeZone, localDate, prefs.promptTime);
  return at.getTime() >= slotAt.getTime() ? { weekKey: isoWeekKey(localDate), localDate, slotAt } : null;
}

/** The first digest instant strictly after `after`, or null when there is none (no working days). */
export function nextDigestAt(prefs: PromptPrefs, after: Date): Date | null {
  const weekday = digestWeekday(prefs);
  if (weekday === null) return null;
  let day = localDateOf(prefs.timeZone, after);
  if (prefs.pausedUntil !== null && isPaused(prefs, day)) day = plusDays(prefs.pausedUntil, 1);
  // The first digest day on or after `day` may have passed; the one a week later has not.
  for (let i = 0; i < 14; i++, day = plusDays(day, 1)) {
    if (weekdayOf(day) !== weekday) continue;
    const slotAt = localTimeToInstant(prefs.timeZone, day, prefs.promptTime);
    if (slotAt.getTime() > after.getTime()) return slotAt;
  }
  return null;
}

function isPaused(prefs: Pick<PromptPrefs, 'pausedUntil'>, localDate: string): boolean {
  return prefs.pausedUntil !== null && dateOf(prefs.pausedUntil) >= dateOf(localDate);
}

function dateOf(localDate: string): DateTime {
  const date = DateTime.fromISO(localDate, { zone: 'UTC' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(localDate) || !date.isValid)
    throw new RangeError(`Expected a date 'YYYY-MM-DD', got "${localDate}"`);
  return date;
}

function weekdayOf(localDate: string): IsoWeekday {
  return dateOf(localDate).weekday as IsoWeekday;
}

function plusDays(localDate: string, days: number): string {
  return dateOf(localDate).plus({ days }).toISODate() ?? localDate;
}
