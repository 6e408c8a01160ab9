import { DateTime } from 'luxon';
import type { IsoWeekday, PromptPrefs } from './person';

/** Tomorrow, next week, or a date the lead picked ('YYYY-MM-DD', local). */
export type SnoozeChoice = 'tomorrow' | 'next_week' | { date: string };

/**
 * When a snoozed held task comes back: the start of tomorrow, of the first working day of next
 * week, or of the picked date, in the lead's zone. Prompts due before that instant leave the task out.
 */
export function snoozeUntil(
  choice: SnoozeChoice,
  prefs: Pick<PromptPrefs, 'timeZone' | 'workingDays'>,
  now: Date,
): Date {
  const today = DateTime.fromJSDate(now, { zone: prefs.timeZone }).startOf('day');
  if (typeof choice === 'object')
    return DateTime.fromISO(choice.date, { zone: prefs.timeZone }).startOf('day').toJSDate();
  if (choice === 'tomorrow') return today.plus({ days: 1 }).toJSDate();
  const nextMonday = today.startOf('week').plus({ weeks: 1 });
  for (let offset = 0; offset < 7; offset++) {
    const day = nextMonday.plus({ days: offset });
    if (prefs.workingDays.includes(day.weekday as IsoWeekday)) return day.toJSDate();
  }
  return nextMonday.toJSDate();
}
