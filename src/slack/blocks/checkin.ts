import type { types } from '@slack/bolt';
import { DateTime } from 'luxon';
import { CHECKIN_STATUSES, type CheckinStatus } from '../../domain/checkin';
import { formatDue } from '../../domain/due-date';
import { DEFAULT_WORKING_DAYS, type IsoWeekday } from '../../domain/person';
import { workingDaysBetween } from '../../domain/prompt-schedule';
import { type Task, taskRef } from '../../domain/task';
import { blockIdFor, actions as ids, modalFields, views } from '../ids';
import { dueLabel, escapeWithin, quoteWithin, safeTitle, taskLine } from './format';
import {
  actions,
  button,
  channelLink,
  confirmDialog,
  context,
  datepicker,
  inputBlock,
  type Message,
  mention,
  option,
  plainText,
  section,
  staticSelect,
} from './kit';
import { reassignButton } from './task-actions';

/**
 * Accountability threads: check-ins posted under a task's parent message (or by DM to the owner
 * when the task has no channel), the owner's answers, and what the lead is told about them.
 * Check-in buttons carry the check-in id as value and sit in a block `checkin:<checkinId>`.
 */

export const STATUS_LABELS: Record<CheckinStatus, { emoji: string; label: string }> = {
  on_track: { emoji: '🟢', label: 'On track' },
  at_risk: { emoji: '🟠', label: 'At risk' },
  blocked: { emoji: '🔴', label: 'Blocked' },
  done: { emoji: '🏁', label: 'Done' },
};

/** "🟠 At risk" */
export function checkinStatusText(status: CheckinStatus): string {
  const { emoji, label } = STATUS_LABELS[status];
  return `${emoji} ${label}`;
}

/** The longest note the modal takes. */
export const NOTE_MAX_LENGTH = 1000;
/** A note quoted under an answer: escaped and cut to leave room in its section. */
const NOTE_QUOTE_LIMIT = 2500;
/** A note inline in one sentence (the lead's alert). */
const NOTE_INLINE_LIMIT = 1000;

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface ZoneOptions {
  /** The recipient's zone. */
  timeZone: string;
  now: Date;
}

export type CheckinReason = 'cadence' | 'before_due' | 'due_day';

export interface CheckinMessageOptions extends ZoneOptions {
  checkinId: number;
  reason: CheckinReason;
  /** The owner's working days, for "in N working days" (default Monday–Friday). */
  workingDays?: readonly IsoWeekday[];
}

export interface ReminderOptions extends ZoneOptions {
  checkinId: number;
  /** Since when nothing was heard; default the last answer, else when the task was accepted or handed over. */
  since?: Date | null;
}

export interface OverdueOptions extends ZoneOptions {
  checkinId: number;
}

export interface CheckinAnsweredOptions extends ZoneOptions {
  status: CheckinStatus;
  note: string | null;
  byUserId: string;
  at: Date;
}

export interface LeadAlertOptions extends ZoneOptions {
  status: 'at_risk' | 'blocked';
  note: string | null;
  ownerId: string;
}

export interface EscalationOptions {
  ownerId: string;
  silentWorkingDays: number;
}

export type FallbackReason = 'is_archived' | 'not_in_channel' | 'channel_not_found';

export interface FallbackOptions {
  channelId: string;
  reason: FallbackReason;
}

export interface DueChangeOptions extends ZoneOptions {
  byUserId: string;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** "<@owner> " or nothing when the task has no owner (it should have one). */
function ownerPrefix(task: Task): string {
  return task.ownerId ? `${mention(task.ownerId)} ` : '';
}

/** "#12 Write launch memo" for notification texts (escaped). */
function plainRef(task: Task): string {
  return `${taskRef(task)} ${safeTitle(task)}`;
}

/** User text on one line, escaped and cut. */
function inlineNote(note: string | null): string | null {
  const text = note?.trim().replace(/\s+/g, ' ');
  return text ? escapeWithin(text, NOTE_INLINE_LIMIT) : null;
}

/** The four answers and "Add a note", in one actions block for the check-in. */
function answerButtons(checkinId: number): types.ActionsBlock {
  const value = String(checkinId);
  const answer = (status: CheckinStatus, actionId: string, style?: 'primary') =>
    button(checkinStatusText(status), actionId, value, style ? { style } : {});
  return actions(blockIdFor('checkin', checkinId), [
    answer('on_track', ids.checkinOnTrack),
    answer('at_risk', ids.checkinAtRisk),
    answer('blocked', ids.checkinBlocked),
    answer('done', ids.checkinDone, 'primary'),
    button('📝 Add a note', ids.checkinNote, value),
  ]);
}

/** "Fri 5 Dec" (with the time when the due date has one), in the zone. */
function dueDate(task: Task, timeZone: string, now: Date): string | null {
  return task.dueAt ? formatDue(task.dueAt, task.dueHasTime, timeZone, now) : null;
}

/** "It's due Fri 5 Dec — in 2 working days." / "It's due today." / null. */
function dueSentence(task: Task, { reason, timeZone, now, workingDays }: CheckinMessageOptions): string | null {
  if (!task.dueAt || reason === 'cadence') return null;
  if (reason === 'due_day')
    return task.dueHasTime ? `It's due today at ${localTime(task.dueAt, timeZone)}.` : "It's due today.";
  const date = formatDue(task.dueAt, task.dueHasTime, timeZone, now);
  const left = workingDaysBetween({ timeZone, workingDays: workingDays ?? DEFAULT_WORKING_DAYS }, now, task.dueAt);
  return left > 0 ? `It's due ${date} — in ${left} working ${plural(left, 'day', 'days')}.` : `It's due ${date}.`;
}

function localTime(at: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return local.toFormat('HH:mm');
}

/** "10:42" today, "Tue 1 Dec 10:42" on another day (the recipient's zone). */
function when(at: Date, timeZone: string, now: Date): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const today = DateTime.fromJSDate(now, { zone: timeZone });
  return local.hasSame(today, 'day') ? `at ${local.toFormat('HH:mm')}` : `on ${formatDue(at, true, timeZone, now)}`;
}

/** "Tuesday" within the last week, "Tue 24 Nov" before that, "earlier today" today. */
function sinceLabel(since: Date, timeZone: string, now: Date): string {
  const local = DateTime.fromJSDate(since, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const days = Math.round(today.diff(local.startOf('day'), 'days').days);
  if (days <= 0) return 'earlier today';
  if (days < 7) return WEEKDAY_NAMES[local.weekday - 1] ?? formatDue(since, false, timeZone, now);
  return formatDue(since, false, timeZone, now);
}

/** A check-in in the task's thread (or the owner's DM): how is it going? Four answers and a note. */
export function checkinMessage(task: Task, opts: CheckinMessageOptions): Message {
  const ask = `${ownerPrefix(task)}check-in on ${taskLine(task)}: how is it going?`;
  const due = dueSentence(task, opts);
  const sentence = due ? `${ask} ${due}` : ask;
  return {
    text: `${ownerPrefix(task)}check-in on ${plainRef(task)}: how is it going?${due ? ` ${due}` : ''}`,
    blocks: [section(sentence), answerButtons(opts.checkinId)],
  };
}

/** The check-in went unanswered: one nudge in the same place, with the same buttons. */
export function reminderMessage(task: Task, { checkinId, since, timeZone, now }: ReminderOptions): Message {
  const from = since ?? task.lastStatusAt ?? task.acceptedAt ?? task.delegatedAt;
  const sinceText = from ? ` since ${sinceLabel(from, timeZone, now)}` : ' yet';
  return {
    text: `${ownerPrefix(task)}a nudge: no update on ${plainRef(task)}${sinceText}. How is it going?`,
    blocks: [
      section(`${ownerPrefix(task)}a nudge: no update on ${taskLine(task)}${sinceText}. How is it going?`),
      answerButtons(checkinId),
    ],
  };
}

/** The due date passed: ask for a new one (datepicker), or Done. */
export function overdueMessage(task: Task, { checkinId, timeZone, now }: OverdueOptions): Message {
  const date = dueDate(task, timeZone, now);
  const was = date ? `was due ${date}` : 'is overdue';
  return {
    text: `${ownerPrefix(task)}${plainRef(task)} ${was}. When will it be done?`,
    blocks: [
      section(`${ownerPrefix(task)}${taskLine(task)} ${was}. When will it be done?`),
      actions(blockIdFor('checkin', checkinId), [
        datepicker(ids.checkinNewDue, 'New due date'),
        button(checkinStatusText('done'), ids.checkinDone, String(checkinId), { style: 'primary' }),
      ]),
      context('Pick a new due date, or mark it done. The lead sees the new date.'),
    ],
  };
}

/** Replaces a check-in once answered: the answer, who gave it and when, the note; no buttons. */
export function checkinAnswered(
  task: Task,
  { status, note, byUserId, at, timeZone, now }: CheckinAnsweredOptions,
): Message {
  const answer = `${checkinStatusText(status)} — reported by ${mention(byUserId)} ${when(at, timeZone, now)}`;
  const text = note?.trim();
  return {
    text: `${plainRef(task)}: ${answer}`,
    blocks: [
      section(answer),
      ...(text ? [section(quoteWithin(text, NOTE_QUOTE_LIMIT))] : []),
      context(`Check-in on ${taskLine(task)}`),
    ],
  };
}

/** DM to the lead: the owner reported At risk or Blocked. */
export function leadAlert(task: Task, { status, note, ownerId, timeZone, now }: LeadAlertOptions): Message {
  const said = inlineNote(note);
  const tail = said ? `: “${said}”` : '.';
  const state = checkinStatusText(status);
  const hint = task.channelId
    ? `The history is in the task's thread in ${channelLink(task.channelId)}. Ask ${mention(ownerId)} what would help.`
    : `Ask ${mention(ownerId)} what would help.`;
  return {
    text: `${mention(ownerId)} reports ${plainRef(task)} is ${state}${tail}`,
    blocks: [
      section(`${mention(ownerId)} reports ${taskLine(task)} is ${state}${tail}`),
      context(`${dueLabel(task, timeZone, now)} · ${hint}`),
    ],
  };
}

/** DM to the lead: the owner has been silent; Nudge, Reassign or Take it back. */
export function escalationMessage(task: Task, { ownerId, silentWorkingDays }: EscalationOptions): Message {
  const days = `${silentWorkingDays} working ${plural(silentWorkingDays, 'day', 'days')}`;
  const value = String(task.id);
  return {
    text: `${mention(ownerId)} hasn't checked in on ${plainRef(task)} for ${days}.`,
    blocks: [
      section(`${mention(ownerId)} hasn't checked in on ${taskLine(task)} for ${days}.`),
      actions(blockIdFor('task', task.id), [
        button('Nudge', ids.escalationNudge, value, { style: 'primary' }),
        reassignButton(task),
        button('Take it back', ids.escalationTakeBack, value, {
          style: 'danger',
          confirm: confirmDialog(
            `Take ${taskRef(task)} back?`,
            `You'll hold ${taskRef(task)} again and check-ins stop. The owner is told.`,
            'Take it back',
            'Cancel',
            'danger',
          ),
        }),
      ]),
    ],
  };
}

export const CHECKIN_STATUS_OPTIONS: types.PlainTextOption[] = CHECKIN_STATUSES.map((s) =>
  option(checkinStatusText(s), s),
);

/** "Add a note" on a check-in: the note (required) and, optionally, a status with it. */
export function noteModal(task: Task, privateMetadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: views.checkinNote,
    private_metadata: privateMetadata,
    title: plainText('Add a note', 24),
    submit: plainText('Send', 24),
    close: plainText('Cancel', 24),
    blocks: [
      section(`How is ${taskLine(task)} going?`),
      inputBlock(modalFields.checkinNote, 'Note', {
        type: 'plain_text_input',
        action_id: modalFields.checkinNote,
        multiline: true,
        max_length: NOTE_MAX_LENGTH,
        placeholder: plainText('e.g. Waiting on numbers from finance'),
      }),
      inputBlock(
        modalFields.checkinStatus,
        'Status',
        staticSelect(modalFields.checkinStatus, 'Pick a status', CHECKIN_STATUS_OPTIONS),
        { optional: true },
      ),
    ],
  };
}

const FALLBACK_REASONS: Record<FallbackReason, string> = {
  is_archived: "it's archived",
  not_in_channel: 'I was removed',
  channel_not_found: "it's gone",
};

/** DM to the lead, once: the task's channel is unusable, so check-ins go to the owner by DM. */
export function fallbackNotice(task: Task, { channelId, reason }: FallbackOptions): Message {
  const to = task.ownerId ? `go to ${mention(task.ownerId)} by DM` : 'go by DM';
  const lead = `I can't post in ${channelLink(channelId)} any more (${FALLBACK_REASONS[reason]}), so check-ins for`;
  return {
    text: `${lead} ${plainRef(task)} ${to}.`,
    blocks: [section(`${lead} ${taskLine(task)} ${to}.`)],
  };
}

/** DM to the lead: the owner moved the due date. */
export function newDueConfirmed(task: Task, { byUserId, timeZone, now }: DueChangeOptions): Message {
  const date = dueDate(task, timeZone, now);
  const moved = (line: string) =>
    date ? `${mention(byUserId)} moved ${line} to ${date}.` : `${mention(byUserId)} cleared the due date of ${line}.`;
  return { text: moved(plainRef(task)), blocks: [section(moved(taskLine(task)))] };
}

/** In the task's thread: the due date moved. */
export function dueMovedInThread(task: Task, { byUserId, timeZone, now }: DueChangeOptions): Message {
  const date = dueDate(task, timeZone, now);
  if (!date) {
    const cleared = `No due date any more (cleared by ${mention(byUserId)}).`;
    return { text: `${plainRef(task)}: ${cleared}`, blocks: [section(cleared)] };
  }
  const by = `(set by ${mention(byUserId)})`;
  return {
    text: `New due date for ${plainRef(task)}: ${date} ${by}.`,
    blocks: [section(`New due date: ${date} ${by}.`)],
  };
}

/** In the task's thread: the task is done. */
export function doneInThread(task: Task, { byUserId }: { byUserId: string }): Message {
  const line = (ref: string) => `${STATUS_LABELS.done.emoji} ${mention(byUserId)} marked ${ref} done.`;
  return { text: line(plainRef(task)), blocks: [section(line(taskLine(task)))] };
}
