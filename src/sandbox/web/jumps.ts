import { DateTime } from 'luxon';
import type { PromptPrefs } from '../../domain/person';
import { addWorkingDays, localDateOf, localTimeToInstant, nextPromptAt } from '../../domain/prompt-schedule';

/** The clock's jumps, each for one person (their zone, working days and prompt time). */
export const JUMPS = ['morning', 'working_day', 'friday'] as const;
export type Jump = (typeof JUMPS)[number];

/**
 * Where a jump lands, strictly after `now`:
 * - 'morning': the person's next working morning at their prompt time (when Baton prompts and checks in);
 * - 'working_day': the same local time on their next working day;
 * - 'friday': the coming Friday at their prompt time (the weekly digest's default day).
 */
export function jumpTarget(jump: Jump, prefs: PromptPrefs, now: Date): Date {
  const zone = prefs.timeZone;
  const today = localDateOf(zone, now);
  switch (jump) {
    case 'morning': {
      const unpaused = { ...prefs, pausedUntil: null };
      return nextPromptAt(unpaused, now) ?? localTimeToInstant(zone, plusDays(today, 1), prefs.promptTime);
    }
    case 'working_day': {
      const time = DateTime.fromJSDate(now, { zone }).toFormat('HH:mm');
      const day = prefs.workingDays.length > 0 ? addWorkingDays(prefs, today, 1) : plusDays(today, 1);
      return localTimeToInstant(zone, day, time);
    }
    case 'friday': {
      for (let i = 0; i < 8; i++) {
        const day = plusDays(today, i);
        if (DateTime.fromISO(day).weekday !== 5) continue;
        const at = localTimeToInstant(zone, day, prefs.promptTime);
        if (at.getTime() > now.getTime()) return at;
      }
      throw new Error('no Friday within 8 days');
    }
  }
}

function plusDays(localDate: string, days: number): string {
  return DateTime.fromISO(localDate, { zone: 'UTC' }).plus({ days }).toISODate() ?? localDate;
}
