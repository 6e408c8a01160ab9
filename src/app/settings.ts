import { DateTime } from 'luxon';
import { DEFAULT_DIGEST_DAY, type IsoWeekday, zoneOf } from '../domain/person';
import { parsePromptTime } from '../domain/prompt-schedule';
import type { Deps } from './deps';
import { scheduleDigest } from './digest';
import { schedulePrompt } from './morning-prompt';
import { knownPerson } from './people';

export interface PromptSettingsView {
  promptTime: string;
  workingDays: IsoWeekday[];
  pausedUntil: string | null;
  digestDay: IsoWeekday;
  timeZone: string;
}

/** A person's prompt settings as the settings form shows them. */
export async function loadSettings(deps: Deps, teamId: string, userId: string): Promise<PromptSettingsView> {
  const person = await deps.people.find(teamId, userId);
  return {
    promptTime: person?.prefs.promptTime ?? '09:00',
    workingDays: [...(person?.prefs.workingDays ?? [1, 2, 3, 4, 5])],
    pausedUntil: person?.prefs.pausedUntil ?? null,
    digestDay: person?.prefs.digestDay ?? DEFAULT_DIGEST_DAY,
    timeZone: zoneOf(person),
  };
}

/** The settings form's fields left empty (slack/blocks/settings.ts asks for each). */
export type SettingsErrors = Partial<Record<'promptTime' | 'workingDays', 'missing'>>;

/** Checks what the form submitted, while Slack waits for the answer (no Slack call). */
export function checkSettings(input: {
  promptTime: string | null;
  workingDays: string[];
  pausedUntil: string | null;
  digestDay?: string | null;
}): {
  errors: SettingsErrors;
  settings: Settings;
} {
  const errors: SettingsErrors = {};
  const promptTime = input.promptTime ? parsePromptTime(input.promptTime) : null;
  if (!promptTime) errors.promptTime = 'missing';
  const workingDays = [...new Set(input.workingDays.map(Number))]
    .filter((d): d is IsoWeekday => Number.isInteger(d) && d >= 1 && d <= 7)
    .sort((a, b) => a - b);
  if (workingDays.length === 0) errors.workingDays = 'missing';
  const pausedUntil = input.pausedUntil && DateTime.fromISO(input.pausedUntil).isValid ? input.pausedUntil : null;
  // The form always sends one (a static select with an initial option); anything else keeps the stored day.
  const day = Number(input.digestDay);
  const digestDay = Number.isInteger(day) && day >= 1 && day <= 7 ? (day as IsoWeekday) : undefined;
  return { errors, settings: { promptTime: promptTime ?? '09:00', workingDays, pausedUntil, digestDay } };
}

/** What the settings form saves; the digest day is left as it is when absent. */
export interface Settings {
  promptTime: string;
  workingDays: IsoWeekday[];
  pausedUntil: string | null;
  digestDay?: IsoWeekday;
}

/** Saves the settings and reschedules the next prompt and the next digest from them. */
export async function saveSettings(
  deps: Deps,
  teamId: string,
  userId: string,
  settings: Settings,
): Promise<{ nextPromptAt: Date | null; nextDigestAt: Date | null; timeZone: string }> {
  const person = await knownPerson(deps, teamId, userId);
  await deps.people.saveSettings(teamId, userId, settings);
  const nextPromptAt = await schedulePrompt(deps, teamId, userId, true);
  const nextDigestAt = await scheduleDigest(deps, teamId, userId, true);
  deps.logger.info({ team: teamId, user: userId, ...settings }, 'prompt settings saved');
  return { nextPromptAt, nextDigestAt, timeZone: zoneOf(person) };
}
