import { DateTime } from 'luxon';
import { type IsoWeekday, zoneOf } from '../domain/person';
import { parsePromptTime } from '../domain/prompt-schedule';
import type { Deps } from './deps';
import { schedulePrompt } from './morning-prompt';
import { knownPerson } from './people';

export interface PromptSettingsView {
  promptTime: string;
  workingDays: IsoWeekday[];
  pausedUntil: string | null;
  timeZone: string;
}

/** A person's prompt settings as the settings form shows them. */
export async function loadSettings(deps: Deps, teamId: string, userId: string): Promise<PromptSettingsView> {
  const person = await deps.people.find(teamId, userId);
  return {
    promptTime: person?.prefs.promptTime ?? '09:00',
    workingDays: [...(person?.prefs.workingDays ?? [1, 2, 3, 4, 5])],
    pausedUntil: person?.prefs.pausedUntil ?? null,
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
}): {
  errors: SettingsErrors;
  settings: { promptTime: string; workingDays: IsoWeekday[]; pausedUntil: string | null };
} {
  const errors: SettingsErrors = {};
  const promptTime = input.promptTime ? parsePromptTime(input.promptTime) : null;
  if (!promptTime) errors.promptTime = 'missing';
  const workingDays = [...new Set(input.workingDays.map(Number))]
    .filter((d): d is IsoWeekday => Number.isInteger(d) && d >= 1 && d <= 7)
    .sort((a, b) => a - b);
  if (workingDays.length === 0) errors.workingDays = 'missing';
  const pausedUntil = input.pausedUntil && DateTime.fromISO(input.pausedUntil).isValid ? input.pausedUntil : null;
  return { errors, settings: { promptTime: promptTime ?? '09:00', workingDays, pausedUntil } };
}

/** Saves the settings and reschedules the next prompt from them. */
export async function saveSettings(
  deps: Deps,
  teamId: string,
  userId: string,
  settings: { promptTime: string; workingDays: IsoWeekday[]; pausedUntil: string | null },
): Promise<{ nextPromptAt: Date | null; timeZone: string }> {
  const person = await knownPerson(deps, teamId, userId);
  await deps.people.saveSettings(teamId, userId, settings);
  const nextPromptAt = await schedulePrompt(deps, teamId, userId, true);
  deps.logger.info({ team: teamId, user: userId, ...settings }, 'prompt settings saved');
  return { nextPromptAt, timeZone: zoneOf(person) };
}
