/**
 * A harness for driving the real scheduler tick (runTick + duePrompts + runMorningPrompt over the
 * Postgres store) with a simulated clock, and an independent oracle (luxon only, never the module
 * under test) for when each lead's prompt should go out.
 */
import { DateTime } from 'luxon';
import { pino } from 'pino';
import type { Deps } from '../../../src/app/deps';
import { type PromptRun, runMorningPrompt } from '../../../src/app/morning-prompt';
import type { Jobs } from '../../../src/app/ports/jobs';
import type { DuePrompt } from '../../../src/app/ports/people';
import type { Directory, Messenger } from '../../../src/app/ports/slack';
import type { Persistence } from '../../../src/app/ports/unit-of-work';
import type { IsoWeekday } from '../../../src/domain/person';
import { newTask } from '../../support/tasks';

export const MINUTE = 60_000;
export const STEP_MS = 15 * MINUTE;
export const DAY_MS = 86_400_000;

export const MON_FRI: IsoWeekday[] = [1, 2, 3, 4, 5];
export const EVERY_DAY: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

export interface LeadSpec {
  id: string;
  zone: string;
  /** Local 'HH:MM'. */
  time: string;
  days: IsoWeekday[];
  /** Inclusive local date, set before the simulation starts. */
  pausedUntil?: string;
}

export interface Send {
  teamId: string;
  userId: string;
  /** The simulated clock when the messenger was called. */
  at: Date;
  key: string;
  timeZone: string;
  taskIds: number[];
}

export interface JobRun {
  userId: string;
  at: Date;
  run: PromptRun;
}

export interface Harness {
  deps: Deps;
  sends: Send[];
  runs: JobRun[];
  /** Every `jobs.prompts(due, at)` call the tick made, in order (to replay as stale jobs). */
  enqueued: Array<{ due: readonly DuePrompt[]; at: Date }>;
  /** Calls to anything the prompt job must not touch (directory, other messenger methods, other jobs). */
  forbidden: string[];
  setClock(at: Date): void;
}

/** Deps over the real store, with a settable clock, a recording messenger and jobs that run inline. */
export function createHarness(repos: Persistence): Harness {
  let clock = new Date(0);
  const sends: Send[] = [];
  const runs: JobRun[] = [];
  const enqueued: Harness['enqueued'] = [];
  const forbidden: string[] = [];
  let ts = 0;

  const refuse = (what: string) => async (): Promise<never> => {
    forbidden.push(what);
    throw new Error(`the prompt job must not call ${what}`);
  };

  const directory: Directory = {
    person: refuse('directory.person'),
    everyone: refuse('directory.everyone'),
    channel: refuse('directory.channel'),
    joinChannel: refuse('directory.joinChannel'),
    permalink: refuse('directory.permalink'),
  };
  const messenger: Messenger = {
    async prompt(teamId, content, timeZone, key) {
      sends.push({
        teamId,
        userId: content.leadId,
        at: clock,
        key,
        timeZone,
        taskIds: content.tasks.map((t) => t.task.id),
      });
      ts++;
      return { channel: `D${content.leadId}`, ts: `1700000000.${String(ts).padStart(6, '0')}` };
    },
    notify: refuse('messenger.notify'),
    updatePrompt: refuse('messenger.updatePrompt'),
    findSent: refuse('messenger.findSent'),
    postTaskParent: refuse('messenger.postTaskParent'),
    updateTaskParent: refuse('messenger.updateTaskParent'),
    ask: refuse('messenger.ask'),
    welcome: refuse('messenger.welcome'),
    answerCommand: refuse('messenger.answerCommand'),
    threadNote: refuse('messenger.threadNote'),
    digest: refuse('messenger.digest'),
    thanks: refuse('messenger.thanks'),
    publishHome: refuse('messenger.publishHome'),
  };
  const deps: Deps = {
    ...repos,
    directory,
    messenger,
    now: () => clock,
    logger: pino({ level: 'silent' }),
    jobs: undefined as unknown as Jobs,
  };
  const jobs: Jobs = {
    async prompts(due, at) {
      enqueued.push({ due: [...due], at });
      for (const d of due)
        runs.push({ userId: d.userId, at, run: await runMorningPrompt(deps, d.teamId, d.userId, at) });
    },
    deliverEvent: refuse('jobs.deliverEvent'),
    captureCommands: refuse('jobs.captureCommands'),
    syncDirectories: refuse('jobs.syncDirectories'),
    checkins: refuse('jobs.checkins'),
    refreshTokens: refuse('jobs.refreshTokens'),
    welcome: refuse('jobs.welcome'),
    digests: refuse('jobs.digests'),
    thank: refuse('jobs.thank'),
    publishHome: refuse('jobs.publishHome'),
  };
  deps.jobs = jobs;

  return {
    deps,
    sends,
    runs,
    enqueued,
    forbidden,
    setClock: (at) => {
      clock = at;
    },
  };
}

/** A lead with one held task, profile fresh at `at` (so no directory call is needed). */
export async function seedLead(repos: Persistence, teamId: string, spec: LeadSpec, at: Date): Promise<number> {
  await repos.people.save(
    { teamId, id: spec.id, name: `Lead ${spec.id}`, timeZone: spec.zone, isBot: false, isDeleted: false },
    at,
  );
  await repos.people.saveSettings(teamId, spec.id, {
    promptTime: spec.time,
    workingDays: spec.days,
    pausedUntil: spec.pausedUntil ?? null,
  });
  const { task } = await repos.tasks.insert(
    newTask(teamId, {
      title: `Something ${spec.id} holds`,
      leadId: spec.id,
      checkinCadence: 'none',
      idempotencyKey: `seed-${spec.id}`,
      createdAt: at,
    }),
  );
  return task.id;
}

// --- the oracle (luxon only) ----------------------------------------------------------------------

export function localDate(zone: string, at: Date | number): string {
  return DateTime.fromMillis(typeof at === 'number' ? at : at.getTime(), { zone }).toISODate() ?? '';
}

export function isoWeekday(date: string): IsoWeekday {
  return DateTime.fromISO(date, { zone: 'UTC' }).weekday as IsoWeekday;
}

export function addDays(date: string, n: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: n }).toISODate() ?? '';
}

/**
 * The instant of local `time` on local `date` in `zone`: the EARLIEST instant whose wall clock
 * reads exactly that (fall-back overlap → first occurrence); when no instant does (spring-forward
 * gap), luxon's resolution, which moves the time forward by the gap (checked to be later on the
 * same day).
 */
export function slotInstant(zone: string, date: string, time: string): number {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const guess = DateTime.fromISO(`${date}T${time}`, { zone });
  const fits: number[] = [];
  // DST shifts are at most 1 h here; look 2 h either side of luxon's guess on a 15-minute grid.
  for (let k = -8; k <= 8; k++) {
    const t = guess.toMillis() + k * STEP_MS;
    const local = DateTime.fromMillis(t, { zone });
    if (local.toISODate() === date && local.hour === hour && local.minute === minute) fits.push(t);
  }
  if (fits.length > 0) return Math.min(...fits);
  if (guess.toISODate() !== date || guess.hour * 60 + guess.minute <= hour * 60 + minute) {
    throw new Error(`oracle: ${date} ${time} in ${zone} is in a gap but luxon gave ${guess.toISO()}`);
  }
  return guess.toMillis();
}

/** Local dates (in order) from the one containing `from` to the one containing `to`, with a day of slack each side. */
export function localDatesAround(zone: string, from: number, to: number): string[] {
  const dates: string[] = [];
  const last = addDays(localDate(zone, to), 1);
  for (let d = addDays(localDate(zone, from), -1); d <= last; d = addDays(d, 1)) dates.push(d);
  return dates;
}
