import { DateTime } from 'luxon';
import type { IsoWeekday, PromptPrefs } from './person';

export type SnoozeChoice = 'tomorrow' | 'next_week';

/**
 * When a snoozed held task comes back: the start of tomorrow, or of the first working day of next
 * week, in the lead's zone. Prompts due before that instant leave the task out.
 */
export function snoozeUntil(
  choice: SnoozeChoice,
  prefs: Pick<PromptPrefs, 'timeZone' | 'workingDays'>,
  now: Date,
): Date {
  const today = DateTime.fromJSDate(now, { zone: prefs.timeZone }).startOf('day');
  if (choice === 'tomorrow') return today.plus({ days: 1 }).toJSDate();
  const nextMonday = today.startOf('week').plus({ weeks: 1 });
  for (let offset = 0; offset < 7; offset++) {
    const day = nextMonday.plus({ days: offset });
    if (prefs.workingDays.includes(day.weekday as IsoWeekday)) return day.toJSDate();
  }
  return nextMonday.toJSDate();
}
