/**
 * The weekly digest through the scheduler tick for a year: the real due-digest query against
 * Postgres, the real job, a simulated clock, leads in zones with every kind of DST change and
 * offset. When each digest should go out is worked out here with luxon (simulation.ts's oracle),
 * never with src/domain/digest-schedule.
 */
import { DateTime } from 'luxon';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Deps } from '../../../src/app/deps';
import { dueDigests, runDigest, scheduleDigest } from '../../../src/app/digest';
import type { Jobs } from '../../../src/app/ports/jobs';
import type { DigestContent } from '../../../src/app/ports/notices';
import type { Messenger } from '../../../src/app/ports/slack';
import { runTick } from '../../../src/app/tick';
import type { IsoWeekday } from '../../../src/domain/person';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';
import { newTask } from '../../support/tasks';
import { addDays, EVERY_DAY, isoWeekday, localDate, MON_FRI, slotInstant } from './simulation';

const { repos } = useTestRepositories({ max: 4 });
const logger = pino({ level: 'silent' });
const HOUR = 3_600_000;
const START = Date.parse('2027-01-01T00:00:00Z');
const END = Date.parse('2028-01-01T00:00:00Z');

interface Lead {
  id: string;
  zone: string;
  time: string;
  days: IsoWeekday[];
  digestDay: IsoWeekday;
  pausedUntil?: string;
}

const LEADS: Lead[] = [
  { id: 'UBERLIN', zone: 'Europe/Berlin', time: '09:00', days: MON_FRI, digestDay: 5 },
  { id: 'UNEWYORK', zone: 'America/New_York', time: '07:30', days: MON_FRI, digestDay: 1 },
  { id: 'USYDNEY', zone: 'Australia/Sydney', time: '09:00', days: MON_FRI, digestDay: 5 },
  // A Sunday–Thursday week: Friday is off, so the digest comes on Thursday, the end of their week.
  { id: 'UKOLKATA', zone: 'Asia/Kolkata', time: '08:00', days: [7, 1, 2, 3, 4], digestDay: 5 },
  { id: 'UCHATHAM', zone: 'Pacific/Chatham', time: '09:00', days: MON_FRI, digestDay: 3 },
  // 02:30 on Sundays: missing on the Sunday clocks go forward, there once on the Sunday they go back.
  { id: 'USTJOHNS', zone: 'America/St_Johns', time: '02:30', days: EVERY_DAY, digestDay: 7 },
  // Away the week of Friday 11 June (paused Mon 7 – Fri 11 June): no digest that week.
  { id: 'ULONDON', zone: 'Europe/London', time: '09:00', days: MON_FRI, digestDay: 5 },
];
const LONDON_PAUSE = { from: '2027-06-07', until: '2027-06-11' };

/** The oracle's digest weekday: the chosen one if it is a working day, else the nearest working day before. */
function digestWeekday(lead: Lead): IsoWeekday {
  for (let back = 0; back < 7; back++) {
    const day = ((((lead.digestDay - 1 - back) % 7) + 7) % 7) + 1;
    if (lead.days.includes(day as IsoWeekday)) return day as IsoWeekday;
  }
  throw new Error('no working day');
}

function weekKey(date: string): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).toFormat("kkkk-'W'WW");
}

describe('the weekly digest over a year', () => {
  it('goes out once per local week on each lead’s digest day, at the first tick after their prompt time, covering the weeks back to back', async () => {
    const team = uniqueTeamId();
    let clock = new Date(START);
    const sends: Array<{ userId: string; at: number; key: string; content: DigestContent }> = [];
    const refuse = (what: string) => async (): Promise<never> => {
      throw new Error(`the digest job must not call ${what}`);
    };
    const messenger: Messenger = {
      async digest(_teamId, content, _timeZone, key) {
        sends.push({ userId: content.leadId, at: clock.getTime(), key, content });
        return { channel: `D${content.leadId}`, ts: `1700000000.${String(sends.length).padStart(6, '0')}` };
      },
      notify: refuse('notify'),
      prompt: refuse('prompt'),
      updatePrompt: refuse('updatePrompt'),
      ask: refuse('ask'),
      threadNote: refuse('threadNote'),
      findSent: refuse('findSent'),
      postTaskParent: refuse('postTaskParent'),
      updateTaskParent: refuse('updateTaskParent'),
      thanks: refuse('thanks'),
      publishHome: refuse('publishHome'),
      welcome: refuse('welcome'),
      answerCommand: refuse('answerCommand'),
    };
    const deps: Deps = {
      ...repos,
      directory: {
        person: refuse('directory.person'),
        everyone: refuse('directory.everyone'),
        channel: refuse('directory.channel'),
        joinChannel: refuse('directory.joinChannel'),
        permalink: refuse('directory.permalink'),
      },
      messenger,
      now: () => clock,
      logger,
      jobs: undefined as unknown as Jobs,
    };
    deps.jobs = {
      async digests(due, at) {
        // Other tests' teams share this database: only ours run here.
        for (const d of due) if (d.teamId === team) await runDigest(deps, d.teamId, d.userId, at);
      },
      deliverEvent: refuse('jobs.deliverEvent'),
      captureCommands: refuse('jobs.captureCommands'),
      prompts: refuse('jobs.prompts'),
      checkins: refuse('jobs.checkins'),
      syncDirectories: refuse('jobs.syncDirectories'),
      thank: refuse('jobs.thank'),
      refreshTokens: refuse('jobs.refreshTokens'),
      welcome: refuse('jobs.welcome'),
      publishHome: refuse('jobs.publishHome'),
    };

    for (const lead of LEADS) {
      await repos.people.save(
        { teamId: team, id: lead.id, name: lead.id, timeZone: lead.zone, isBot: false, isDeleted: false },
        new Date(END),
      );
      await repos.people.saveSettings(team, lead.id, {
        promptTime: lead.time,
        workingDays: lead.days,
        pausedUntil: null,
        digestDay: lead.digestDay,
      });
      const { task } = await repos.tasks.insert(
        newTask(team, { title: `Work of ${lead.id}`, leadId: lead.id, createdAt: new Date(START - 7 * 24 * HOUR) }),
      );
      // Something happens every other day all year: every week has activity.
      for (let at = START - 7 * 24 * HOUR; at < END; at += 48 * HOUR) {
        await repos.tasks.appendEvent({
          teamId: team,
          taskId: task.id,
          actorId: lead.id,
          kind: 'nudged',
          payload: {},
          at: new Date(at),
        });
      }
      await scheduleDigest(deps, team, lead.id);
    }

    for (let at = START; at < END; at += HOUR) {
      clock = new Date(at);
      if (localDate('Europe/London', at) === LONDON_PAUSE.from && new Date(at).getUTCHours() === 0) {
        // Set mid-run, straight in the store: the job must honour it and come back after it.
        await repos.people.saveSettings(team, 'ULONDON', {
          promptTime: '09:00',
          workingDays: MON_FRI,
          pausedUntil: LONDON_PAUSE.until,
        });
      }
      await runTick(clock, [dueDigests(deps)], logger);
    }

    for (const lead of LEADS) {
      const weekday = digestWeekday(lead);
      const expected: Array<{ key: string; at: number; slot: number }> = [];
      for (let date = localDate(lead.zone, START); date < localDate(lead.zone, END); date = addDays(date, 1)) {
        if (isoWeekday(date) !== weekday) continue;
        if (lead.id === 'ULONDON' && date >= LONDON_PAUSE.from && date <= LONDON_PAUSE.until) continue;
        const slot = slotInstant(lead.zone, date, lead.time);
        if (slot < START || slot >= END - HOUR) continue;
        expected.push({ key: `digest-${lead.id}-${weekKey(date)}`, at: Math.ceil(slot / HOUR) * HOUR, slot });
      }
      const got = sends.filter((s) => s.userId === lead.id);
      expect(
        got.map((s) => ({ key: s.key, at: new Date(s.at).toISOString() })),
        lead.id,
      ).toEqual(expected.map((e) => ({ key: e.key, at: new Date(e.at).toISOString() })));
      // Each digest covers the 7 local days up to its slot: back to back, except around the skipped week.
      for (const [i, s] of got.entries()) {
        expect(s.content.facts.period.end.getTime()).toBe(expected[i]?.slot);
        const start = DateTime.fromMillis(expected[i]?.slot ?? 0, { zone: lead.zone }).minus({ days: 7 });
        expect(s.content.facts.period.start.getTime()).toBe(start.toMillis());
      }
    }
    expect(sends.length).toBeGreaterThan(7 * 50);
  }, 600_000);
});
