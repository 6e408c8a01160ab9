/**
 * The morning prompt end to end through the scheduler tick: the real due-prompt query against
 * Postgres, the real job, a simulated clock. What should happen is worked out independently here
 * with luxon (simulation.ts), never with src/domain/prompt-schedule.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { duePrompts, schedulePrompt } from '../../../src/app/morning-prompt';
import type { Persistence } from '../../../src/app/ports/unit-of-work';
import { runTick } from '../../../src/app/tick';
import { closeDb, createDb, type Db } from '../../../src/db/database';
import { migrateToLatest } from '../../../src/db/migrate';
import { postgresRepositories } from '../../../src/db/unit-of-work';
import { createScratchDatabase, type ScratchDatabase } from '../../support/database';
import { uniqueTeamId } from '../../support/db-context';
import {
  createHarness,
  DAY_MS,
  EVERY_DAY,
  type Harness,
  isoWeekday,
  type LeadSpec,
  localDate,
  localDatesAround,
  MON_FRI,
  type Send,
  STEP_MS,
  seedLead,
  slotInstant,
} from './simulation';

const logger = pino({ level: 'silent' });

let scratch: ScratchDatabase;
let db: Db;
let repos: Persistence;

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('adminDatabaseUrl'));
  db = createDb(scratch.url, { max: 2 });
  await migrateToLatest(db, logger);
  repos = postgresRepositories(db);
}, 60_000);

afterAll(async () => {
  if (db) await closeDb(db);
  if (scratch) await scratch.drop();
});

/** A pause set in the middle of the run, straight in the store (no recompute): the job itself must honour it. */
interface MidRunPause {
  id: string;
  setAt: number;
  pausedUntil: string;
}

/** Local dates a lead is paused on: through `pausedUntil` (inclusive), and the mid-run span. */
function isPaused(spec: LeadSpec, date: string, mid?: MidRunPause, setDate?: string): boolean {
  if (spec.pausedUntil !== undefined && date <= spec.pausedUntil) return true;
  return mid !== undefined && setDate !== undefined && spec.id === mid.id && date >= setDate && date <= mid.pausedUntil;
}

/** Oracle: each (local date, slot instant) a lead is owed, for slots in (from, to]. */
function owedSlots(spec: LeadSpec, from: number, to: number, mid?: MidRunPause): Array<{ date: string; at: number }> {
  const midDate = mid && spec.id === mid.id ? localDate(spec.zone, mid.setAt) : undefined;
  const owed: Array<{ date: string; at: number }> = [];
  for (const date of localDatesAround(spec.zone, from, to)) {
    if (!spec.days.includes(isoWeekday(date))) continue;
    if (isPaused(spec, date, mid, midDate)) continue;
    const at = slotInstant(spec.zone, date, spec.time);
    if (at > from && at <= to) owed.push({ date, at });
  }
  return owed;
}

function describeSends(sends: readonly Send[]): string[] {
  return sends.map((s) => `${s.key.slice(`prompt-${s.userId}-`.length)} ${s.at.toISOString()}`);
}
function describeOwed(owed: ReadonlyArray<{ date: string; at: number }>): string[] {
  return owed.map((o) => `${o.date} ${new Date(o.at).toISOString()}`);
}
function sendsOf(h: Harness, teamId: string, userId: string): Send[] {
  return h.sends.filter((s) => s.teamId === teamId && s.userId === userId);
}
function sendOn(h: Harness, teamId: string, userId: string, date: string): string | undefined {
  return sendsOf(h, teamId, userId)
    .find((s) => s.key === `prompt-${userId}-${date}`)
    ?.at.toISOString();
}

async function deliveriesOf(teamId: string) {
  return db.selectFrom('deliveries').select(['key', 'kind', 'state', 'target']).where('team_id', '=', teamId).execute();
}

describe('the morning prompt through the scheduler tick, against Postgres', () => {
  it('a simulated year across at least 10 time zones, through every DST change, sends exactly one prompt per lead per local working day, at the local prompt time, none on non-working days or while paused', {
    timeout: 240_000,
  }, async () => {
    const START = Date.parse('2026-12-01T00:00:00Z');
    const STEPS = 365 * 96;
    const LAST_TICK = START + (STEPS - 1) * STEP_MS;
    const team = uniqueTeamId();

    const leads: LeadSpec[] = [
      { id: 'U01', zone: 'Europe/Berlin', time: '09:00', days: MON_FRI },
      { id: 'U02', zone: 'America/New_York', time: '08:30', days: MON_FRI },
      // 23:45 PST/PDT is 07:45/06:45Z the next UTC day.
      { id: 'U03', zone: 'America/Los_Angeles', time: '23:45', days: MON_FRI },
      // 00:15 JST is 15:15Z the previous UTC day.
      { id: 'U04', zone: 'Asia/Tokyo', time: '00:15', days: MON_FRI },
      { id: 'U05', zone: 'Asia/Kolkata', time: '07:45', days: MON_FRI },
      { id: 'U06', zone: 'Asia/Kathmandu', time: '09:00', days: MON_FRI },
      { id: 'U07', zone: 'Australia/Sydney', time: '08:30', days: MON_FRI },
      { id: 'U08', zone: 'Pacific/Auckland', time: '00:15', days: MON_FRI },
      { id: 'U09', zone: 'Pacific/Chatham', time: '23:45', days: MON_FRI },
      { id: 'U10', zone: 'America/Sao_Paulo', time: '00:15', days: MON_FRI },
      // Paused from before the start through Friday 2027-02-12: resumes Monday 2027-02-15.
      { id: 'U11', zone: 'Europe/London', time: '09:00', days: MON_FRI, pausedUntil: '2027-02-12' },
      { id: 'U12', zone: 'UTC', time: '12:00', days: [3] },
      { id: 'U13', zone: 'Asia/Jerusalem', time: '08:00', days: [7, 1, 2, 3, 4] },
      // Every day, at times inside the DST gap (spring) and overlap (autumn) of their zones.
      { id: 'U14', zone: 'America/New_York', time: '02:30', days: EVERY_DAY },
      { id: 'U15', zone: 'America/New_York', time: '01:30', days: EVERY_DAY },
      { id: 'U16', zone: 'Pacific/Chatham', time: '02:45', days: EVERY_DAY },
      { id: 'U17', zone: 'Australia/Sydney', time: '02:30', days: EVERY_DAY },
      { id: 'U18', zone: 'Europe/London', time: '01:30', days: EVERY_DAY },
      { id: 'U19', zone: 'Europe/Berlin', time: '07:45', days: MON_FRI },
      { id: 'U20', zone: 'Asia/Jerusalem', time: '02:30', days: EVERY_DAY },
    ];
    const midPause: MidRunPause = { id: 'U19', setAt: Date.parse('2027-05-01T00:00:00Z'), pausedUntil: '2027-05-20' };
    expect(new Set(leads.map((l) => l.zone)).size).toBeGreaterThanOrEqual(10);

    const h = createHarness(repos);
    h.setClock(new Date(START));
    const taskOf = new Map<string, number>();
    for (const lead of leads) taskOf.set(lead.id, await seedLead(repos, team, lead, new Date(START)));
    for (const lead of leads) {
      const next = await schedulePrompt(h.deps, team, lead.id, true);
      expect(next?.getTime(), lead.id).toBe(owedSlots(lead, START, START + 90 * DAY_MS)[0]?.at);
    }

    const work = [duePrompts(h.deps)];
    let enqueuedTotal = 0;
    for (let k = 0; k < STEPS; k++) {
      const at = new Date(START + k * STEP_MS);
      h.setClock(at);
      if (at.getTime() === midPause.setAt) {
        const lead = leads.find((l) => l.id === midPause.id)!;
        await repos.people.saveSettings(team, lead.id, {
          promptTime: lead.time,
          workingDays: lead.days,
          pausedUntil: midPause.pausedUntil,
        });
      }
      const result = await runTick(at, work, logger);
      enqueuedTotal += result.enqueued.prompts ?? 0;
    }
    console.info(`year simulation: ${STEPS} ticks, ${h.runs.length} jobs, ${h.sends.length} prompts`);

    expect(h.forbidden).toEqual([]);
    expect(enqueuedTotal).toBe(h.runs.length);

    let owedTotal = 0;
    for (const lead of leads) {
      const owed = owedSlots(lead, START, LAST_TICK, midPause);
      owedTotal += owed.length;
      const sent = sendsOf(h, team, lead.id);
      // Exactly the owed local dates, each once, each at the local prompt time of that date.
      expect(describeSends(sent), `${lead.id} ${lead.zone} ${lead.time}`).toEqual(describeOwed(owed));
      for (const s of sent) {
        const date = localDate(lead.zone, s.at);
        expect(s.key).toBe(`prompt-${lead.id}-${date}`);
        expect(lead.days, `${lead.id} sent on a non-working day ${date}`).toContain(isoWeekday(date));
        expect(isPaused(lead, date, midPause, localDate(lead.zone, midPause.setAt)), `${lead.id} paused ${date}`).toBe(
          false,
        );
        expect(s.timeZone).toBe(lead.zone);
        expect(s.taskIds).toEqual([taskOf.get(lead.id)]);
      }
      // The schedule carries on past the window: the next stored instant is the next owed slot.
      const after = (await repos.people.find(team, lead.id))?.nextPromptAt?.getTime();
      expect(after, `${lead.id} next prompt`).toBe(owedSlots(lead, LAST_TICK, LAST_TICK + 10 * DAY_MS)[0]?.at);
    }
    expect(h.sends).toHaveLength(owedTotal);
    expect(new Set(h.sends.map((s) => s.key)).size).toBe(h.sends.length);
    // Some 20 leads × ~260–365 days.
    expect(owedTotal).toBeGreaterThan(5_000);

    // Every job the tick ran was due, and each either sent or (pause) skipped; next is always ahead.
    const outcomes = new Map<string, number>();
    for (const r of h.runs) {
      outcomes.set(r.run.outcome, (outcomes.get(r.run.outcome) ?? 0) + 1);
      if ('next' in r.run) expect(r.run.next!.getTime()).toBeGreaterThan(r.at.getTime());
    }
    expect(outcomes.get('sent')).toBe(h.sends.length);
    // Only the mid-run pause produces a due job that does not send (the stale slot of Monday 2027-05-03).
    expect(Object.fromEntries(outcomes)).toEqual({ sent: h.sends.length, not_a_prompt_slot: 1 });

    // The DST edges, spelled out (wall clock → UTC by hand).
    const edges: Array<[string, string, string]> = [
      // spring-forward gap: moved forward by the gap
      ['U14', '2027-03-14', '2027-03-14T07:30:00.000Z'], // 02:30 EST→ 03:30 EDT
      ['U18', '2027-03-28', '2027-03-28T01:30:00.000Z'], // 01:30 GMT → 02:30 BST
      ['U20', '2027-03-26', '2027-03-26T00:30:00.000Z'], // 02:30 IST → 03:30 IDT
      ['U16', '2027-09-26', '2027-09-25T14:00:00.000Z'], // 02:45 +12:45 → 03:45 +13:45
      ['U17', '2027-10-03', '2027-10-02T16:30:00.000Z'], // 02:30 AEST → 03:30 AEDT
      // fall-back overlap: the first occurrence
      ['U15', '2027-11-07', '2027-11-07T05:30:00.000Z'], // 01:30 EDT, not EST
      ['U18', '2027-10-31', '2027-10-31T00:30:00.000Z'], // 01:30 BST, not GMT
      ['U16', '2027-04-04', '2027-04-03T13:00:00.000Z'], // 02:45 +13:45, not +12:45
      ['U17', '2027-04-04', '2027-04-03T15:30:00.000Z'], // 02:30 AEDT, not AEST
      // ordinary days either side of a change
      ['U02', '2027-03-12', '2027-03-12T13:30:00.000Z'],
      ['U02', '2027-03-15', '2027-03-15T12:30:00.000Z'],
      ['U07', '2027-04-02', '2027-04-01T21:30:00.000Z'],
      ['U07', '2027-04-05', '2027-04-04T22:30:00.000Z'],
      ['U09', '2027-09-24', '2027-09-24T11:00:00.000Z'],
      ['U09', '2027-09-27', '2027-09-27T10:00:00.000Z'],
      ['U06', '2027-01-04', '2027-01-04T03:15:00.000Z'],
      ['U04', '2027-01-04', '2027-01-03T15:15:00.000Z'],
      ['U03', '2027-01-04', '2027-01-05T07:45:00.000Z'],
    ];
    for (const [id, date, at] of edges) expect(sendOn(h, team, id, date), `${id} ${date}`).toBe(at);
    // The fall-back day's second 01:30 sends nothing more.
    expect(sendsOf(h, team, 'U15').filter((s) => s.key.endsWith('2027-11-07'))).toHaveLength(1);

    // Pauses: through the pause date inclusive, back the next working day.
    const u11 = sendsOf(h, team, 'U11');
    expect(u11[0]?.key).toBe('prompt-U11-2027-02-15');
    const u19 = sendsOf(h, team, 'U19').map((s) => s.key.slice('prompt-U19-'.length));
    expect(u19).toContain('2027-04-30');
    expect(u19.filter((d) => d >= '2027-05-01' && d <= '2027-05-20')).toEqual([]);
    expect(u19[u19.indexOf('2027-04-30') + 1]).toBe('2027-05-21');
    // The single-working-day lead: Wednesdays only.
    expect(sendsOf(h, team, 'U12').every((s) => s.at.getUTCDay() === 3 && s.at.getUTCHours() === 12)).toBe(true);
    expect(sendsOf(h, team, 'U12')).toHaveLength(52);

    // Postgres agrees: one sent delivery per prompt.
    const rows = await deliveriesOf(team);
    expect(rows).toHaveLength(h.sends.length);
    expect(rows.every((r) => r.state === 'sent' && r.kind === 'prompt')).toBe(true);
  });

  it('ticks that arrive twice, late and out of order still send exactly one prompt per lead per working day; a day skipped while down gets none; a late tick the same local day sends it once', {
    timeout: 120_000,
  }, async () => {
    const START = Date.parse('2027-03-08T00:00:00Z'); // a Monday; New York changes to DST on the 14th
    const STEPS = 10 * 96;
    // The app is down: no tick after 03-10T00:00Z until 03-11T15:00Z (3 h after 12:00 UTC).
    const DOWN_AFTER = Date.parse('2027-03-10T00:00:00Z');
    const BACK_AT = Date.parse('2027-03-11T15:00:00Z');
    const team = uniqueTeamId();

    const leads: LeadSpec[] = [
      { id: 'V01', zone: 'UTC', time: '12:00', days: EVERY_DAY },
      { id: 'V02', zone: 'America/New_York', time: '08:30', days: MON_FRI },
      { id: 'V03', zone: 'Europe/Berlin', time: '09:00', days: MON_FRI },
      { id: 'V04', zone: 'Asia/Tokyo', time: '00:15', days: MON_FRI },
      { id: 'V05', zone: 'America/Los_Angeles', time: '23:45', days: MON_FRI },
      { id: 'V06', zone: 'Asia/Kathmandu', time: '09:00', days: MON_FRI },
      { id: 'V07', zone: 'Pacific/Chatham', time: '23:45', days: MON_FRI },
      { id: 'V08', zone: 'America/New_York', time: '02:30', days: EVERY_DAY },
      { id: 'V09', zone: 'Asia/Jerusalem', time: '08:00', days: [7, 1, 2, 3, 4], pausedUntil: '2027-03-09' },
    ];

    const h = createHarness(repos);
    h.setClock(new Date(START));
    for (const lead of leads) await seedLead(repos, team, lead, new Date(START));
    for (const lead of leads) await schedulePrompt(h.deps, team, lead.id, true);

    const work = [duePrompts(h.deps)];
    const delivered: number[] = [];
    let replayedTicks = 0;
    let replayedJobs = 0;
    let jobsMark = 0;
    for (let k = 0; k < STEPS; k++) {
      const t = START + k * STEP_MS;
      if (t > DOWN_AFTER && t < BACK_AT) continue;
      h.setClock(new Date(t));
      // Every tick twice (two schedulers, or a retried tick).
      await runTick(new Date(t), work, logger);
      await runTick(new Date(t), work, logger);
      delivered.push(t);
      if ((k + 1) % 96 === 0) {
        // A day's worth of past ticks arrives again, newest first.
        for (const past of delivered.filter((p) => p > t - DAY_MS).reverse()) {
          await runTick(new Date(past), work, logger);
          replayedTicks++;
        }
        // And every job the ticks enqueued that day runs again, long after (a redelivered queue).
        const stale = h.enqueued.slice(jobsMark);
        for (const job of stale) await h.deps.jobs.prompts(job.due, job.at);
        replayedJobs += stale.length;
        jobsMark = h.enqueued.length;
      }
    }
    expect(replayedTicks).toBeGreaterThan(800);
    expect(replayedJobs).toBeGreaterThan(0);
    expect(h.forbidden).toEqual([]);

    // Oracle: a working, unpaused local date D is sent iff some tick t arrived with t ≥ slot(D) on
    // local date D, and it is sent at the first such tick.
    const LAST = START + (STEPS - 1) * STEP_MS;
    for (const lead of leads) {
      const expected = owedSlots(lead, START, LAST).flatMap(({ date, at }) => {
        const first = delivered.find((t) => t >= at && localDate(lead.zone, t) === date);
        return first === undefined ? [] : [{ date, at: first }];
      });
      expect(describeSends(sendsOf(h, team, lead.id)), lead.id).toEqual(describeOwed(expected));
    }
    expect(new Set(h.sends.map((s) => s.key)).size).toBe(h.sends.length);
    expect(await deliveriesOf(team)).toHaveLength(h.sends.length);

    // Spelled out: the down day gets nothing; a tick 3 h late the same local day sends once.
    expect(sendOn(h, team, 'V01', '2027-03-09')).toBe('2027-03-09T12:00:00.000Z');
    expect(sendOn(h, team, 'V01', '2027-03-10')).toBeUndefined();
    expect(sendOn(h, team, 'V01', '2027-03-11')).toBe('2027-03-11T15:00:00.000Z');
    expect(sendOn(h, team, 'V01', '2027-03-12')).toBe('2027-03-12T12:00:00.000Z');
    expect(sendOn(h, team, 'V02', '2027-03-10')).toBeUndefined();
    expect(sendOn(h, team, 'V02', '2027-03-11')).toBe('2027-03-11T15:00:00.000Z');
    expect(sendOn(h, team, 'V02', '2027-03-15')).toBe('2027-03-15T12:30:00.000Z');
    expect(sendOn(h, team, 'V03', '2027-03-11')).toBe('2027-03-11T15:00:00.000Z');
    // Tokyo's 03-11 ended (15:00Z) just as the app came back: skipped, not sent late on the 12th.
    expect(sendOn(h, team, 'V04', '2027-03-11')).toBeUndefined();
    expect(sendOn(h, team, 'V04', '2027-03-12')).toBe('2027-03-11T15:15:00.000Z');
    expect(sendOn(h, team, 'V05', '2027-03-10')).toBeUndefined();
    expect(sendOn(h, team, 'V05', '2027-03-11')).toBe('2027-03-12T07:45:00.000Z');
    expect(sendOn(h, team, 'V06', '2027-03-11')).toBe('2027-03-11T15:00:00.000Z');
    expect(sendOn(h, team, 'V07', '2027-03-11')).toBeUndefined();
    expect(sendOn(h, team, 'V08', '2027-03-14')).toBe('2027-03-14T07:30:00.000Z');
    expect(sendOn(h, team, 'V09', '2027-03-09')).toBeUndefined();
    expect(sendOn(h, team, 'V09', '2027-03-11')).toBe('2027-03-11T15:00:00.000Z');
    expect(sendOn(h, team, 'V09', '2027-03-12')).toBeUndefined();
    expect(sendOn(h, team, 'V09', '2027-03-14')).toBe('2027-03-14T06:00:00.000Z');

    // Repeats were seen and refused by the job's own guard, not by luck.
    expect(h.runs.some((r) => r.run.outcome === 'not_due')).toBe(true);
    expect(h.runs.filter((r) => r.run.outcome === 'sent')).toHaveLength(h.sends.length);
  });
});
