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

/** Why a person cannot own a task, or null when they can. */
export function cannotOwnReason(person: Person | null): string | null {
  if (!person) return "isn't a member of this workspace";
  if (person.isBot) return 'is a bot';
  if (person.isDeleted) return 'is deactivated';
  return null;
}

/** Why a person cannot lead tasks (only active human members of the workspace can), or null when they can. */
export function cannotLeadReason(person: Person | null): string | null {
  if (!person) return "Baton keeps tasks only for members of this workspace, and Slack doesn't know you as one.";
  if (person.isBot) return "Bots can't lead tasks.";
  if (person.isDeleted) return "Your account is deactivated, so Baton can't keep tasks for you.";
  return null;
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
