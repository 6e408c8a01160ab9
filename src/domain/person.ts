/** A member of a workspace as Baton knows them: from Slack's profile plus their own settings. */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface Person {
  teamId: string;
  id: string;
  /** What to call them in messages: display name, else real name, else handle. */
  name: string;
  /** Slack handle (`name` in the API) and display name: what a lead may type after `@`. */
  handle?: string | null;
  displayName?: string | null;
  /** IANA zone from Slack's `tz`. */
  timeZone: string;
  isBot: boolean;
  isDeleted: boolean;
}

export interface PromptPrefs {
  timeZone: string;
  /** Local 'HH:MM', 24 h. */
  promptTime: string;
  workingDays: readonly IsoWeekday[];
  /** Local date 'YYYY-MM-DD', inclusive: no prompts (and no digest) through this day. */
  pausedUntil: string | null;
  /** The weekday of the weekly digest (see digest-schedule.ts); DEFAULT_DIGEST_DAY when absent. */
  digestDay?: IsoWeekday;
}

export const DEFAULT_PROMPT_TIME = '09:00';
export const DEFAULT_WORKING_DAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5];
/** Friday: the digest closes the working week. */
export const DEFAULT_DIGEST_DAY: IsoWeekday = 5;

/** Why someone cannot own or lead tasks: only active human members of the workspace can. */
export type InactiveReason = 'not_a_member' | 'bot' | 'deactivated';

/** Why `person` cannot own or lead tasks (null: someone Baton does not know as a member), or null when they can. */
export function inactiveReason(person: Person | null): InactiveReason | null {
  if (!person) return 'not_a_member';
  if (person.isBot) return 'bot';
  if (person.isDeleted) return 'deactivated';
  return null;
}

/** The zone to show someone's times in: theirs, or UTC for someone Baton does not know. */
export function zoneOf(person: Pick<Person, 'timeZone'> | null | undefined): string {
  return person?.timeZone ?? 'UTC';
}

/** Whether `zone` is an IANA time zone this runtime knows ('Europe/Berlin', 'UTC'). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
