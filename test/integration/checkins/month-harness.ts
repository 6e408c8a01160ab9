/**
 * A harness for driving the check-in job through the real scheduler tick (runTick + dueCheckins +
 * runCheckin over the Postgres store) with a simulated clock, and an independent oracle (luxon
 * only, never src/domain/checkin-policy or prompt-schedule) for what each task's owner should get.
 *
 * Event jobs: `answerCheckin` (and the 'complete' it may trigger) enqueues `jobs.deliverEvent`
 * INSIDE its transaction, exactly as production does; a job running inline there could not see the
 * uncommitted event. So the harness queues them and the test drains the queue right after the
 * answer returns, running the real `deliverEvent` (alerts, done notices, parent updates, thread
 * notes all come back through the recording messenger).
 */
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { type CheckinRun, runCheckin } from '../../../src/app/checkins';
import { deliverEvent } from '../../../src/app/deliver-event';
import type { Deps } from '../../../src/app/deps';
import type { DueCheckin } from '../../../src/app/ports/checkins';
import type { Jobs } from '../../../src/app/ports/jobs';
import type { Notice, PostedMessage } from '../../../src/app/ports/notices';
import type { Directory, Messenger } from '../../../src/app/ports/slack';
import type { Persistence } from '../../../src/app/ports/unit-of-work';
import type { CheckinStatus, ThreadMessageKind } from '../../../src/domain/checkin';
import type { IsoWeekday } from '../../../src/domain/person';
import type { CheckinCadence } from '../../../src/domain/task';
import { addDays, isoWeekday, localDate, localDatesAround, slotInstant } from '../prompts/simulation';

// --- the recording harness ------------------------------------------------------------------------

export interface AskRecord {
  taskId: number;
  kind: ThreadMessageKind;
  reason: string | null;
  via: 'thread' | 'dm';
  checkinId: number;
  /** The simulated clock (ms) when the messenger was called. */
  at: number;
  key: string;
  timeZone: string;
}

export interface NoticeRecord {
  notice: Notice;
  taskId: number;
  at: number;
  key: string;
  timeZone: string;
  /** Sent from inside a check-in job (as opposed to an event job). */
  fromCheckinJob: boolean;
}

export interface OtherRecord {
  method: 'threadNote' | 'postTaskParent' | 'updateTaskParent';
  taskId: number;
  at: number;
  key: string | null;
  detail: string;
  fromCheckinJob: boolean;
}

export interface LookRecord {
  taskId: number;
  at: number;
  run: CheckinRun;
}

export interface CheckinHarness {
  deps: Deps;
  asks: AskRecord[];
  notices: NoticeRecord[];
  others: OtherRecord[];
  looks: LookRecord[];
  /** Every `jobs.checkins(due, at)` the tick made. */
  enqueued: Array<{ due: readonly DueCheckin[]; at: number }>;
  /** Directory calls made while a check-in job ran (the job must not need Slack). */
  directoryInCheckinJob: string[];
  /** Calls to things no part of this simulation may touch. */
  forbidden: string[];
  /** Event jobs enqueued and not yet run. */
  pendingEvents: Array<{ teamId: string; eventId: number }>;
  setClock(at: number): void;
  /** Runs the queued event jobs (after the transaction that enqueued them committed). */
  drainEvents(): Promise<number>;
}

export function createCheckinHarness(repos: Persistence): CheckinHarness {
  let clock = 0;
  let inCheckinJob = false;
  let ts = 0;
  const asks: AskRecord[] = [];
  const notices: NoticeRecord[] = [];
  const others: OtherRecord[] = [];
  const looks: LookRecord[] = [];
  const enqueued: CheckinHarness['enqueued'] = [];
  const directoryInCheckinJob: string[] = [];
  const forbidden: string[] = [];
  const pendingEvents: CheckinHarness['pendingEvents'] = [];

  const posted = (channel: string): PostedMessage => {
    ts++;
    return { channel, ts: `1800000000.${String(ts).padStart(6, '0')}` };
  };
  const refuse = (what: string) => async (): Promise<never> => {
    forbidden.push(what);
    throw new Error(`the check-in simulation must not call ${what}`);
  };
  const unreachable = (what: string) => async (): Promise<never> => {
    if (inCheckinJob) directoryInCheckinJob.push(what);
    throw new Error(`Slack is not reachable in this simulation (${what})`);
  };

  const directory: Directory = {
    person: unreachable('directory.person'),
    everyone: unreachable('directory.everyone'),
    channel: unreachable('directory.channel'),
    joinChannel: unreachable('directory.joinChannel'),
    permalink: unreachable('directory.permalink'),
  };
  const messenger: Messenger = {
    welcome: unreachable('messenger.welcome'),
    answerCommand: unreachable('messenger.answerCommand'),
    async ask(task, ask, timeZone, key) {
      asks.push({
        taskId: task.id,
        kind: ask.kind,
        reason: ask.reason,
        via: ask.via,
        checkinId: ask.checkinId,
        at: clock,
        key,
        timeZone,
      });
      return posted(ask.via === 'thread' ? (task.channelId ?? '') : `D${task.ownerId}`);
    },
    async notify(notice, timeZone, key) {
      notices.push({ notice, taskId: notice.task.id, at: clock, key, timeZone, fromCheckinJob: inCheckinJob });
      return posted(`D${notice.to}`);
    },
    async threadNote(task, note, _timeZone, key) {
      others.push({
        method: 'threadNote',
        taskId: task.id,
        at: clock,
        key,
        detail: note.kind,
        fromCheckinJob: inCheckinJob,
      });
      return posted(task.channelId ?? '');
    },
    async postTaskParent(task, _timeZone, key) {
      others.push({
        method: 'postTaskParent',
        taskId: task.id,
        at: clock,
        key,
        detail: '',
        fromCheckinJob: inCheckinJob,
      });
      return posted(task.channelId ?? '');
    },
    async updateTaskParent(task) {
      others.push({
        method: 'updateTaskParent',
        taskId: task.id,
        at: clock,
        key: null,
        detail: task.status,
        fromCheckinJob: inCheckinJob,
      });
    },
    prompt: refuse('messenger.prompt'),
    updatePrompt: refuse('messenger.updatePrompt'),
    findSent: refuse('messenger.findSent'),
    digest: refuse('messenger.digest'),
    thanks: refuse('messenger.thanks'),
    publishHome: refuse('messenger.publishHome'),
  };
  const deps: Deps = {
    ...repos,
    directory,
    messenger,
    now: () => new Date(clock),
    logger: pino({ level: 'silent' }),
    jobs: undefined as unknown as Jobs,
  };
  const jobs: Jobs = {
    captureCommands: unreachable('jobs.captureCommands'),
    async checkins(due, at) {
      enqueued.push({ due: [...due], at: at.getTime() });
      for (const d of due) {
        inCheckinJob = true;
        try {
          looks.push({ taskId: d.taskId, at: at.getTime(), run: await runCheckin(deps, d.teamId, d.taskId, at) });
        } finally {
          inCheckinJob = false;
        }
      }
    },
    async deliverEvent(teamId, eventId) {
      pendingEvents.push({ teamId, eventId });
    },
    prompts: refuse('jobs.prompts'),
    syncDirectories: refuse('jobs.syncDirectories'),
    refreshTokens: refuse('jobs.refreshTokens'),
    welcome: refuse('jobs.welcome'),
    digests: refuse('jobs.digests'),
    thank: refuse('jobs.thank'),
    // Homes are nobody's concern here: nobody opened one.
    publishHome: async () => {},
  };
  deps.jobs = jobs;

  return {
    deps,
    asks,
    notices,
    others,
    looks,
    enqueued,
    directoryInCheckinJob,
    forbidden,
    pendingEvents,
    setClock: (at) => {
      clock = at;
    },
    async drainEvents() {
      let n = 0;
      while (pendingEvents.length > 0) {
        const next = pendingEvents.shift();
        if (next) await deliverEvent(deps, next.teamId, next.eventId);
        n++;
      }
      return n;
    },
  };
}

// --- the people, tasks and their behaviour --------------------------------------------------------

export interface OwnerSpec {
  id: string;
  zone: string;
  /** Local 'HH:MM'; undefined = the stored default (09:00, Mon–Fri, no settings row written). */
  time?: string;
  days?: IsoWeekday[];
}

export const DEFAULT_TIME = '09:00';
export const DEFAULT_DAYS: IsoWeekday[] = [1, 2, 3, 4, 5];

export function timeOf(o: OwnerSpec): string {
  return o.time ?? DEFAULT_TIME;
}
export function daysOf(o: OwnerSpec): IsoWeekday[] {
  return o.days ?? DEFAULT_DAYS;
}

/** A answers every thread message the same local day; B never answers; C answers every other one. */
export type Group = 'A' | 'B' | 'C';

export interface TaskSpec {
  index: number;
  owner: OwnerSpec;
  leadId: string;
  group: Group;
  cadence: CheckinCadence;
  dueAt: number | null;
  channel: boolean;
  /** Group A only: the (0-based) check-in answered with 'done'. */
  doneOnAsk?: number;
}

export interface Answer {
  status: CheckinStatus | null;
  note: string | null;
}

const C_STATUSES: Array<CheckinStatus | null> = ['on_track', 'at_risk', null];

/**
 * How the owner answers a thread message, or null for silence. `nth` counts the task's check-ins
 * and overdue asks (0-based); reminders are never answered by group C (it answers every other
 * check-in), so its silences run long enough to be escalated.
 */
export function answerFor(spec: TaskSpec, kind: ThreadMessageKind, nth: number): Answer | null {
  switch (spec.group) {
    case 'A':
      return { status: kind !== 'reminder' && spec.doneOnAsk === nth ? 'done' : 'on_track', note: null };
    case 'B':
      return null;
    case 'C': {
      if (kind === 'reminder' || nth % 2 !== 0) return null;
      const status = C_STATUSES[(nth / 2) % C_STATUSES.length] ?? null;
      return { status, note: status === null ? 'still on it, more tomorrow' : null };
    }
  }
}

/** Counts a task's check-ins and overdue asks, in order, to feed `answerFor`. */
export class CheckinCounter {
  private readonly counts = new Map<number, number>();
  /** The `nth` of this message (reminders get the count so far, unchanged). */
  next(taskId: number, kind: ThreadMessageKind): number {
    const n = this.counts.get(taskId) ?? 0;
    if (kind !== 'reminder') this.counts.set(taskId, n + 1);
    return n;
  }
}

/** An answer comes this long after the thread message (same local day for every owner here). */
export const ANSWER_DELAY_MS = 3 * 60 * 60_000;

// --- the month's owners, leads and tasks ------------------------------------------------------------

export const OWNERS: OwnerSpec[] = [
  { id: 'UOWN01', zone: 'Europe/Berlin' },
  { id: 'UOWN02', zone: 'America/New_York' },
  { id: 'UOWN03', zone: 'Asia/Tokyo' },
  { id: 'UOWN04', zone: 'Asia/Kolkata', time: '08:30' },
  { id: 'UOWN05', zone: 'Australia/Sydney' },
  { id: 'UOWN06', zone: 'America/Los_Angeles' },
  { id: 'UOWN07', zone: 'Asia/Jerusalem', time: '09:00', days: [7, 1, 2, 3, 4] },
  { id: 'UOWN08', zone: 'Europe/Lisbon', time: '10:30', days: [1, 3, 5] },
  // East of UTC+12: local noon is not on the same date as 12:00Z.
  { id: 'UOWN09', zone: 'Pacific/Auckland' },
];
export const LEADS = [
  { id: 'ULEAD1', zone: 'America/New_York' },
  { id: 'ULEAD2', zone: 'Europe/Berlin' },
];
const CADENCES = ['none', 'daily', 'mwf', 'weekly'] as const;
const GROUPS = ['A', 'B', 'C'] as const;

export function wall(zone: string, date: string, time: string): number {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toMillis();
}

/** 50 tasks: owners round-robin, groups in blocks of 9 (so every owner has some of each), mixed cadences and due dates. */
export function taskSpecs(): TaskSpec[] {
  const specs: TaskSpec[] = [];
  for (let i = 0; i < 50; i++) {
    const owner = OWNERS[i % OWNERS.length] as OwnerSpec;
    const lead = LEADS[i % 2] as (typeof LEADS)[number];
    const group = GROUPS[Math.floor(i / 9) % 3] as TaskSpec['group'];
    let cadence: TaskSpec['cadence'] = CADENCES[i % 4] as TaskSpec['cadence'];
    let dueAt: number | null;
    switch (i % 7) {
      case 0:
        dueAt = null;
        break;
      case 1: // first week: goes overdue early
        dueAt = wall(lead.zone, `2055-03-0${2 + (i % 4)}`, '17:00');
        break;
      case 2: // overdue already when accepted
        dueAt = wall(lead.zone, '2055-02-26', '17:00');
        break;
      default: {
        const date = addDays('2055-03-01', 6 + ((i * 11) % 30));
        const [zone, time] = (
          [
            [lead.zone, '17:00'],
            [lead.zone, '23:30'],
            ['UTC', '09:00'],
          ] as const
        )[i % 3] as readonly [string, string];
        dueAt = wall(zone, date, time);
      }
    }
    if (i === 44) {
      // Auckland, never answers, silence from Friday (2 working days before Tuesday's due day).
      cadence = 'none';
      dueAt = wall('Pacific/Auckland', '2055-03-16', '12:00');
    }
    specs.push({
      index: i,
      owner,
      leadId: lead.id,
      group,
      cadence,
      dueAt,
      channel: i % 6 !== 5,
      doneOnAsk: group === 'A' && i % 5 === 0 ? 3 : undefined,
    });
  }
  return specs;
}

/** Stores a spec's task as accepted by its owner the day before `start`, in `channelId` (or none). */
export async function insertSpecTask(
  repos: Persistence,
  teamId: string,
  spec: TaskSpec,
  channelId: string | null,
  start: number,
) {
  const { task } = await repos.tasks.insert({
    teamId,
    title: `Task ${spec.index} (${spec.group}, ${spec.cadence})`,
    details: null,
    leadId: spec.leadId,
    ownerId: spec.owner.id,
    status: 'accepted',
    dueAt: spec.dueAt === null ? null : new Date(spec.dueAt),
    dueHasTime: spec.dueAt !== null,
    channelId,
    source: 'command',
    sourcePermalink: null,
    checkinCadence: spec.cadence,
    delegatedAt: new Date(start - 86_400_000),
    idempotencyKey: `month-${spec.index}`,
    createdAt: new Date(start - 86_400_000),
  });
  return task;
}

// --- the oracle (luxon only) ------------------------------------------------------------------------

export function isWorking(o: OwnerSpec, date: string): boolean {
  return daysOf(o).includes(isoWeekday(date));
}

/** n > 0: the n-th working date after `date`; n < 0: before it. */
export function addWorking(o: OwnerSpec, date: string, n: number): string {
  const step = n > 0 ? 1 : -1;
  let d = date;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (isWorking(o, d)) left--;
  }
  return d;
}

/** Working dates d with from < d ≤ to. */
export function workingBetween(o: OwnerSpec, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorking(o, d)) n++;
  return n;
}

export function isCadenceDay(cadence: CheckinCadence, o: OwnerSpec, date: string): boolean {
  if (!isWorking(o, date)) return false;
  switch (cadence) {
    case 'none':
      return false;
    case 'daily':
      return true;
    case 'mwf':
      return [1, 3, 5].includes(isoWeekday(date));
    case 'weekly': {
      // Luxon weeks are ISO weeks (Monday first).
      const monday = DateTime.fromISO(date, { zone: 'UTC' }).startOf('week').toISODate() ?? '';
      for (let d = monday; d < date; d = addDays(d, 1)) if (isWorking(o, d)) return false;
      return true;
    }
  }
}

export interface Calendar {
  /** Owner-local working dates whose slot is in (start, end], in order, with the slot instant. */
  slots: Array<{ date: string; at: number }>;
  /** The owner-local due date, if any. */
  due: string | null;
  dueDay: string | null;
  beforeDue: string | null;
  /** The first slot date after the due date (the overdue ask), if in the window. */
  overdueDay: string | null;
}

export function calendarOf(spec: TaskSpec, start: number, end: number): Calendar {
  const o = spec.owner;
  const slots = localDatesAround(o.zone, start, end)
    .filter((date) => isWorking(o, date))
    .map((date) => ({ date, at: slotInstant(o.zone, date, timeOf(o)) }))
    .filter((s) => s.at > start && s.at <= end);
  const due = spec.dueAt === null ? null : localDate(o.zone, spec.dueAt);
  const dueDay = due === null ? null : isWorking(o, due) ? due : addWorking(o, due, -1);
  const beforeDue = dueDay === null ? null : addWorking(o, dueDay, -2);
  const overdueDay = due === null ? null : (slots.find((s) => s.date > due)?.date ?? null);
  return { slots, due, dueDay, beforeDue, overdueDay };
}

/** Why `date` is a check-in day (most specific first), or null. */
export function reasonOn(spec: TaskSpec, cal: Calendar, date: string): 'due_day' | 'before_due' | 'cadence' | null {
  if (!isWorking(spec.owner, date)) return null;
  if (date === cal.dueDay) return 'due_day';
  if (date === cal.beforeDue) return 'before_due';
  return isCadenceDay(spec.cadence, spec.owner, date) ? 'cadence' : null;
}

export interface ExpectedAsk {
  date: string;
  at: number;
  kind: ThreadMessageKind;
  reason: string | null;
}
export interface ExpectedEscalation {
  date: string;
  at: number;
  silentWorkingDays: number;
  silenceSince: string;
}
export interface Expected {
  asks: ExpectedAsk[];
  escalations: ExpectedEscalation[];
  /** Slot dates the task is looked at (accepted then). */
  looked: string[];
  /** The local date the owner answers 'done', if within the run. */
  doneOn: string | null;
}

/**
 * The task's month, day by day, from the check-in rules (README.md, Using Baton; the decisions at
 * the top of src/domain/checkin-policy.ts), worked out here independently of that code: one thread
 * message a day at most, by priority overdue ask (first working day after the due date, once) >
 * check-in (a check-in day, unless the running silence began that very day) > reminder (exactly
 * one working day into a silence, once); the lead told once per silence from 2 working days on.
 * Answers (same day, a few hours later) end the silence; 'done' ends the task.
 */
export function expectedMonth(spec: TaskSpec, start: number, end: number, answers = answerFor): Expected {
  const cal = calendarOf(spec, start, end);
  const o = spec.owner;
  let since: string | null = null;
  let reminded = false;
  let escalated = false;
  let overdueAsked = false;
  const asks: ExpectedAsk[] = [];
  const escalations: ExpectedEscalation[] = [];
  const looked: string[] = [];
  let doneOn: string | null = null;
  let nth = 0;
  for (const { date, at } of cal.slots) {
    if (doneOn !== null) break;
    looked.push(date);
    const silent = since === null ? 0 : workingBetween(o, since, date);
    const reason = reasonOn(spec, cal, date);
    let kind: ThreadMessageKind | null = null;
    if (cal.due !== null && date > cal.due && !overdueAsked) kind = 'overdue';
    else if (reason !== null && (since === null || since < date)) kind = 'checkin';
    else if (silent === 1 && !reminded) kind = 'reminder';
    if (silent >= 2 && !escalated && since !== null) {
      escalations.push({ date, at, silentWorkingDays: silent, silenceSince: since });
      escalated = true;
    }
    if (kind === 'overdue') overdueAsked = true;
    if (kind === 'reminder') reminded = true;
    if (kind === 'checkin' || kind === 'overdue') {
      if (since === null) since = date;
      else reminded = true;
    }
    if (kind === null) continue;
    asks.push({ date, at, kind, reason: kind === 'checkin' ? reason : null });
    const answer = answers(spec, kind, kind === 'reminder' ? nth : nth++);
    if (answer && at + ANSWER_DELAY_MS <= end) {
      since = null;
      reminded = false;
      escalated = false;
      if (answer.status === 'done') doneOn = date;
    }
  }
  return { asks, escalations, looked, doneOn };
}
