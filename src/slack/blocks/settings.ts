import type { types } from '@slack/bolt';
import { DateTime } from 'luxon';
import type { SettingsErrors } from '../../app/settings';
import { formatDue } from '../../domain/due-date';
import { escapeMrkdwn } from '../../domain/mrkdwn';
import { DEFAULT_DIGEST_DAY, type IsoWeekday } from '../../domain/person';
import { settingsFields, views } from '../ids';
import { describePromptTime } from './format';
import { context, inputBlock, type Message, option, plainText, section, staticSelect, truncate } from './kit';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const ALL_DAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** The working-day checkboxes: Mon..Sun, values '1'..'7' (ISO weekdays). */
export const WEEKDAY_OPTIONS: readonly types.PlainTextOption[] = ALL_DAYS.map((d) =>
  option(DAY_NAMES[d - 1] ?? String(d), String(d)),
);

/** What the settings form says under a field left empty. */
export const SETTINGS_MISSING: Record<keyof SettingsErrors, string> = {
  promptTime: 'Pick the time I should ask you at.',
  workingDays: 'Pick at least one day.',
};

export interface SettingsValues {
  /** Local 'HH:MM', 24 h. */
  promptTime: string;
  workingDays: readonly IsoWeekday[];
  /** Local 'YYYY-MM-DD', inclusive, or null. */
  pausedUntil: string | null;
  /** The weekday of the weekly digest; Friday when absent. */
  digestDay?: IsoWeekday;
  timeZone: string;
}

const FULL_DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** The digest-day select: Monday..Sunday, values '1'..'7' (ISO weekdays). */
export const DIGEST_DAY_OPTIONS: readonly types.PlainTextOption[] = ALL_DAYS.map((d) =>
  option(FULL_DAY_NAMES[d - 1] ?? String(d), String(d)),
);

function dayName(d: IsoWeekday): string {
  return DAY_NAMES[d - 1] ?? String(d);
}

/**
 * A set of weekdays, compactly: "every day", "Mon–Fri", "Sun–Thu", "Mon, Wed, Fri", "Sat–Mon, Wed".
 * Runs of three or more days become ranges; a run through Sunday into Monday wraps and comes first.
 */
export function describeWorkingDays(days: readonly IsoWeekday[]): string {
  const set = new Set(days.filter((d) => ALL_DAYS.includes(d)));
  if (set.size === 0) return 'no days';
  if (set.size === 7) return 'every day';
  const runs: IsoWeekday[][] = [];
  for (const d of ALL_DAYS) {
    if (!set.has(d)) continue;
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === d - 1) last.push(d);
    else runs.push([d]);
  }
  // Sunday followed by Monday: one run across the week's edge (Sun–Thu, Sat–Mon), shown first.
  const first = runs[0];
  const final = runs[runs.length - 1];
  if (runs.length > 1 && first && final && first[0] === 1 && final[final.length - 1] === 7) {
    runs.pop();
    runs[0] = [...final, ...first];
  }
  return runs
    .map((run) => {
      const start = run[0];
      const end = run[run.length - 1];
      if (start === undefined || end === undefined) return '';
      if (run.length >= 3) return `${dayName(start)}–${dayName(end)}`;
      return run.map(dayName).join(', ');
    })
    .join(', ');
}

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function validDate(date: string | null): date is string {
  return date !== null && DATE_PATTERN.test(date) && DateTime.fromISO(date).isValid;
}

/** `/delegate settings`: when the morning prompt comes, on which days, and a pause. */
export function settingsModal(current: SettingsValues, privateMetadata = ''): types.ModalView {
  const time: types.Timepicker = {
    type: 'timepicker',
    action_id: settingsFields.promptTime,
    placeholder: plainText('Pick a time'),
  };
  if (TIME_PATTERN.test(current.promptTime)) time.initial_time = current.promptTime;

  const days: types.Checkboxes = {
    type: 'checkboxes',
    action_id: settingsFields.workingDays,
    options: [...WEEKDAY_OPTIONS],
  };
  // Slack wants initial options identical to options, and none rather than an empty list.
  const initial = WEEKDAY_OPTIONS.filter((o) => current.workingDays.some((d) => String(d) === o.value));
  if (initial.length > 0) days.initial_options = initial;

  const pause: types.Datepicker = {
    type: 'datepicker',
    action_id: settingsFields.pausedUntil,
    placeholder: plainText('Pick a date'),
  };
  if (validDate(current.pausedUntil)) pause.initial_date = current.pausedUntil;

  return {
    type: 'modal',
    callback_id: views.settings,
    private_metadata: privateMetadata,
    title: plainText('Baton settings', 24),
    submit: plainText('Save', 24),
    close: plainText('Cancel', 24),
    blocks: [
      inputBlock(settingsFields.promptTime, 'Ask me at', time),
      inputBlock(settingsFields.workingDays, 'On these days', days),
      inputBlock(settingsFields.pausedUntil, 'Pause until (vacation)', pause, {
        optional: true,
        hint: 'Leave empty to keep prompts on',
      }),
      inputBlock(
        settingsFields.digestDay,
        'Weekly digest on',
        staticSelect(
          settingsFields.digestDay,
          'Pick a day',
          [...DIGEST_DAY_OPTIONS],
          DIGEST_DAY_OPTIONS.find((o) => o.value === String(current.digestDay ?? DEFAULT_DIGEST_DAY)),
        ),
        { hint: 'What your team finished this week, at your prompt time (the working day before, if that day is off)' },
      ),
      context(`Times are in your Slack time zone (${escapeMrkdwn(truncate(current.timeZone, 100))}).`),
    ],
  };
}

export interface SettingsSummary extends SettingsValues {
  /** The next morning prompt, or null when none is scheduled. */
  nextPromptAt: Date | null;
  /** The next weekly digest, when one is scheduled (leads only). */
  nextDigestAt?: Date | null;
  now: Date;
}

/** "Saved. I'll ask you at 09:00 on Mon–Fri, paused until Fri 11 Dec. Next: at 09:00 tomorrow." */
export function settingsSaved({
  promptTime,
  workingDays,
  pausedUntil,
  nextPromptAt,
  nextDigestAt,
  timeZone,
  now,
}: SettingsSummary): Message {
  const days = describeWorkingDays(workingDays);
  const when = days === 'every day' ? 'every day' : `on ${days}`;
  const parts = [`Saved. I'll ask you at ${escapeMrkdwn(promptTime)} ${when}`];
  if (validDate(pausedUntil)) {
    const until = DateTime.fromISO(pausedUntil, { zone: timeZone });
    const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
    if (until.isValid && until >= today) {
      parts.push(`, paused until ${formatDue(until.toJSDate(), false, timeZone, now)}`);
    }
  }
  parts.push('.');
  parts.push(nextPromptAt ? ` Next: ${describePromptTime(nextPromptAt, timeZone, now)}.` : ' No prompt is scheduled.');
  if (nextDigestAt) parts.push(` Your weekly digest: ${describePromptTime(nextDigestAt, timeZone, now)}.`);
  const sentence = parts.join('');
  return { text: sentence, blocks: [section(sentence)] };
}
