/**
 * When Baton posts in a task's thread (check-in, reminder, overdue ask) and when it tells the lead
 * about an owner's silence. Pure: every decision is made from an instant `at` and stored state.
 *
 * Days are the OWNER's local days (their zone, working days, prompt time, pause). A day's actions
 * happen in its prompt slot (`promptSlotAt`); a slot whose day has passed is never acted on late.
 *
 * Decisions (where the issue left room):
 * - Check-in reasons, when several apply, are reported most specific first:
 *   'due_day' > 'before_due' > 'cadence'. The reason only labels the message; a day gets at most one
 *   check-in either way.
 * - Paused days (through `pausedUntil`, inclusive) have no check-ins, and they do not count as
 *   working days of silence: silence is counted in working days after max(awaitingSince, pausedUntil).
 *   Only the current pause is known, so an earlier pause that has since been replaced is forgotten.
 * - 'weekly' is the first working day of the ISO week, pause or not: a paused Monday means no
 *   weekly check-in that week (`pausedUntil` says when a pause ends, not when it began, so a
 *   catch-up day could repeat a check-in already sent before the pause was set).
 * - The overdue ask goes out on the first working day after the due local date; if that day had no
 *   slot (paused, or no tick ran) it goes out on the next slot day instead — once per due date
 *   (`overdueAskedFor`). A task accepted already overdue is asked on its first slot day.
 * - An overdue ask, like a check-in, starts the silence if none is running, and counts as the
 *   reminder if one is (a thread message the owner has not answered either).
 * - A reminder goes out only on the day exactly one (counted) working day into the silence; if that
 *   day's thread message was a check-in or overdue ask, that message was the reminder. Escalation
 *   comes on any day ≥ 2 working days into the silence, once per silence, whatever the thread does.
 * - Not idempotent per day by itself. Calling again for the same day with the returned state
 *   yields escalate false and no repeated reminder or overdue ask, and no check-in while the one
 *   that started the silence is from that day; but on a check-in day during an OLDER silence, or
 *   after an answer that day, it yields 'checkin' again. CheckinState does not record the day of
 *   the last thread message, so the caller's per-day delivery key (task + owner-local date) is what
 *   keeps a day to one thread message.
 * - The due local date is the owner-local date of the due instant, so a due instant at 17:00 in New
 *   York is Saturday 07:00 for a Tokyo owner: due Saturday, so Friday is their due day.
 */

import { DateTime } from 'luxon';
import type { CheckinState, ThreadMessageKind } from './checkin';
import type { PromptPrefs } from './person';
import {
  addWorkingDays,
  isWorkingDate,
  localDateOf,
  localTimeToInstant,
  nextPromptAt,
  promptSlotAt,
  workingDaysBetween,
} from './prompt-schedule';
import type { CheckinCadence, TaskStatus } from './task';

export interface CheckinTaskFacts {
  /** Check-ins only while 'accepted'. */
  status: TaskStatus;
  cadence: CheckinCadence;
  /** The due instant. */
  dueAt: Date | null;
}

export type CheckinReason = 'cadence' | 'before_due' | 'due_day';

export interface CheckinDecision {
  /** The owner-local date of the slot `at` belongs to. */
  localDate: string;
  /** The one thread message for that day, if any. */
  thread: ThreadMessageKind | null;
  /** Tell the lead about the silence (a DM, not in the thread). */
  escalate: boolean;
  /** Owner working days of silence so far (paused days not counted); 0 when nothing is unanswered. */
  silentWorkingDays: number;
  /** The state after this day's actions; the caller stores it. */
  state: CheckinState;
}

/** The owner-local date of the due instant (YYYY-MM-DD), or null. */
export function dueLocalDate(dueAt: Date | null, ownerTimeZone: string): string | null {
  return dueAt === null ? null : localDateOf(ownerTimeZone, dueAt);
}

/**
 * Why `localDate` is a check-in day for this task, or null (not accepted, not a working day of the
 * owner, paused, or no reason). Reasons, first match wins:
 * - 'due_day': the due local date if it is a working day, else the last working day before it;
 * - 'before_due': two working days before that day;
 * - 'cadence': 'daily' every working day; 'mwf' Mondays, Wednesdays and Fridays that are working
 *   days; 'weekly' the first working day of the ISO week; 'none' never.
 */
export function checkinReason(task: CheckinTaskFacts, owner: PromptPrefs, localDate: string): CheckinReason | null {
  if (task.status !== 'accepted') return null;
  if (!isWorkingDate(owner, localDate) || isPaused(owner, localDate)) return null;
  const due = dueLocalDate(task.dueAt, owner.timeZone);
  if (due !== null) {
    const dueDay = isWorkingDate(owner, due) ? due : addWorkingDays(owner, due, -1);
    if (localDate === dueDay) return 'due_day';
    if (localDate === addWorkingDays(owner, dueDay, -2)) return 'before_due';
  }
  return isCadenceDay(task.cadence, owner, localDate) ? 'cadence' : null;
}

/**
 * What to do for the task in the owner's slot that `at` belongs to; null when `at` is in no slot
 * (non-working day, paused, before the prompt time) or the task is not 'accepted'.
 * The day's one thread message, by priority: 'overdue' > 'checkin' > 'reminder'. See the module
 * comment for the silence rules.
 */
export function checkinDecision(
  task: CheckinTaskFacts,
  state: CheckinState,
  owner: PromptPrefs,
  at: Date,
): CheckinDecision | null {
  if (task.status !== 'accepted') return null;
  const slot = promptSlotAt(owner, at);
  if (slot === null) return null;
  const { localDate } = slot;
  const due = dueLocalDate(task.dueAt, owner.timeZone);
  const since = state.awaitingSince;
  const silentDays = since === null ? 0 : silentWorkingDays(owner, since, localDate);

  let thread: ThreadMessageKind | null = null;
  if (due !== null && localDate > due && state.overdueAskedFor !== due) thread = 'overdue';
  else if (checkinReason(task, owner, localDate) !== null && (since === null || since < localDate)) thread = 'checkin';
  else if (silentDays === 1 && !state.reminded) thread = 'reminder';
  const escalate = silentDays >= 2 && !state.escalated;

  const next: CheckinState = { ...state };
  if (thread === 'checkin' || thread === 'overdue') {
    if (since === null) next.awaitingSince = localDate;
    else if (since < localDate) next.reminded = true;
  }
  if (thread === 'overdue') next.overdueAskedFor = due;
  if (thread === 'reminder') next.reminded = true;
  if (escalate) next.escalated = true;
  return { localDate, thread, escalate, silentWorkingDays: silentDays, state: next };
}

/** An answer from the owner (or lead) ends the silence; the overdue ask is still once per due date. */
export function afterAnswer(state: CheckinState): CheckinState {
  return { awaitingSince: null, reminded: false, escalated: false, overdueAskedFor: state.overdueAskedFor };
}

/**
 * When the tick should next look at this task: the owner's next working-day prompt time strictly
 * after `after`. Every such day is looked at (silence is counted daily). null when the task is not
 * accepted or the owner has no working days.
 */
export function nextCheckinAt(task: CheckinTaskFacts, owner: PromptPrefs, after: Date): Date | null {
  return task.status === 'accepted' ? nextPromptAt(owner, after) : null;
}

// ---------------------------------------------------------------------------------------------

function isPaused(owner: PromptPrefs, localDate: string): boolean {
  return owner.pausedUntil !== null && localDate <= owner.pausedUntil;
}

function isCadenceDay(cadence: CheckinCadence, owner: PromptPrefs, localDate: string): boolean {
  switch (cadence) {
    case 'none':
      return false;
    case 'daily':
      return true;
    case 'mwf':
      return [1, 3, 5].includes(isoDate(localDate).weekday);
    case 'weekly': {
      const date = isoDate(localDate);
      const monday = date.minus({ days: date.weekday - 1 }).toISODate() ?? localDate;
      return addWorkingDays(owner, monday, 0) === localDate;
    }
  }
}

/** Working days of silence after `since` through `localDate`, paused days not counted. */
function silentWorkingDays(owner: PromptPrefs, since: string, localDate: string): number {
  const from = owner.pausedUntil !== null && owner.pausedUntil > since ? owner.pausedUntil : since;
  // Local noon is on its local date in every zone; workingDaysBetween counts local dates.
  const noon = (d: string) => localTimeToInstant(owner.timeZone, d, '12:00');
  return workingDaysBetween(owner, noon(from), noon(localDate));
}

function isoDate(localDate: string): DateTime {
  const dt = DateTime.fromISO(localDate, { zone: 'UTC' });
  if (!dt.isValid) throw new RangeError(`Expected a date 'YYYY-MM-DD', got "${localDate}"`);
  return dt;
}
