import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { answerCheckin, dueCheckins } from '../../../src/app/checkins';
import type { Persistence } from '../../../src/app/ports/unit-of-work';
import { scheduleCheckins } from '../../../src/app/schedule-checkins';
import { runTick } from '../../../src/app/tick';
import { closeDb, createDb, type Db } from '../../../src/db/database';
import { migrateToLatest } from '../../../src/db/migrate';
import { postgresRepositories } from '../../../src/db/unit-of-work';
import { createScratchDatabase, type ScratchDatabase } from '../../support/database';
import { uniqueTeamId } from '../../support/db-context';
import { localDate, STEP_MS, slotInstant } from '../prompts/simulation';
import {
  ANSWER_DELAY_MS,
  type Answer,
  type AskRecord,
  addWorking,
  answerFor,
  CheckinCounter,
  type CheckinHarness,
  calendarOf,
  createCheckinHarness,
  daysOf,
  type Expected,
  expectedMonth,
  insertSpecTask,
  isWorking,
  LEADS,
  OWNERS,
  reasonOn,
  type TaskSpec,
  taskSpecs,
  timeOf,
  workingBetween,
} from './month-harness';

const logger = pino({ level: 'silent' });

const START = Date.parse('2055-03-01T00:00:00Z');
const DAYS = 35;
const STEPS = DAYS * 96;
const LAST_TICK = START + (STEPS - 1) * STEP_MS;

let scratch: ScratchDatabase;
let db: Db;
let repos: Persistence;
let h: CheckinHarness;
const team = uniqueTeamId();
const specs = taskSpecs();
/** Task id → spec, and back. */
const specOf = new Map<number, TaskSpec>();
const idOf = new Map<TaskSpec, number>();
const expected = new Map<number, Expected>();
const answered: Array<{ taskId: number; ask: AskRecord; at: number; status: string | null }> = [];
const answerFailures: string[] = [];

function asksOf(taskId: number): AskRecord[] {
  return h.asks.filter((a) => a.taskId === taskId);
}
function escalationsOf(taskId: number) {
  return h.notices.filter((n) => n.notice.kind === 'escalation' && n.taskId === taskId);
}
function ownerDate(spec: TaskSpec, at: number): string {
  return localDate(spec.owner.zone, at);
}
function tasks(filter: (s: TaskSpec) => boolean = () => true): Array<[number, TaskSpec]> {
  return [...specOf.entries()].filter(([, s]) => filter(s));
}
/** The local date the task stops being accepted (answered 'done'), if it did. */
function doneDate(taskId: number, spec: TaskSpec): string | null {
  const done = answered.find((a) => a.taskId === taskId && a.status === 'done');
  return done ? ownerDate(spec, done.at) : null;
}

beforeAll(async () => {
  scratch = await createScratchDatabase(inject('adminDatabaseUrl'));
  db = createDb(scratch.url, { max: 4 });
  await migrateToLatest(db, logger);
  repos = postgresRepositories(db);
  h = createCheckinHarness(repos);
  h.setClock(START);

  for (const p of [...OWNERS, ...LEADS]) {
    await repos.people.save(
      { teamId: team, id: p.id, name: `Person ${p.id}`, timeZone: p.zone, isBot: false, isDeleted: false },
      new Date(START),
    );
  }
  for (const o of OWNERS) {
    if (o.time !== undefined || o.days !== undefined)
      await repos.people.saveSettings(team, o.id, {
        promptTime: timeOf(o),
        workingDays: daysOf(o),
        pausedUntil: null,
      });
  }
  for (const spec of specs) {
    const task = await insertSpecTask(repos, team, spec, spec.channel ? `CPROJ${spec.index % 3}` : null, START);
    const seeded = spec.channel
      ? await repos.tasks.update(team, task.id, { threadTs: `1700000000.${String(spec.index).padStart(6, '0')}` })
      : task;
    if (!seeded) throw new Error(`could not seed task ${spec.index}`);
    await scheduleCheckins(h.deps, seeded);
    specOf.set(task.id, spec);
    idOf.set(spec, task.id);
    expected.set(task.id, expectedMonth(spec, START, LAST_TICK));
  }

  const pending: Array<{ at: number; ask: AskRecord; answer: Answer; spec: TaskSpec }> = [];
  const counter = new CheckinCounter();
  let seen = 0;
  for (let k = 0; k < STEPS; k++) {
    const t = START + k * STEP_MS;
    h.setClock(t);
    while (pending.length > 0 && (pending[0]?.at ?? Infinity) <= t) {
      const due = pending.shift();
      if (!due) break;
      const { answer } = due;
      const result = await answerCheckin(h.deps, {
        teamId: team,
        actorId: due.spec.owner.id,
        checkinId: due.ask.checkinId,
        status: answer.status,
        note: answer.note,
      });
      if (!result.ok)
        answerFailures.push(`task ${due.spec.index} checkin ${due.ask.checkinId}: ${JSON.stringify(result.refusal)}`);
      answered.push({ taskId: due.ask.taskId, ask: due.ask, at: t, status: answer.status });
      await h.drainEvents();
    }
    await runTick(new Date(t), [dueCheckins(h.deps)], logger);
    for (; seen < h.asks.length; seen++) {
      const ask = h.asks[seen] as AskRecord;
      const spec = specOf.get(ask.taskId) as TaskSpec;
      const answer = answerFor(spec, ask.kind, counter.next(ask.taskId, ask.kind));
      if (answer) pending.push({ at: ask.at + ANSWER_DELAY_MS, ask, answer, spec });
    }
    pending.sort((a, b) => a.at - b.at);
  }
}, 600_000);

afterAll(async () => {
  if (db) await closeDb(db);
  if (scratch) await scratch.drop();
});

describe('a simulated month of check-ins for 50 tasks in 9 zones, through the tick against Postgres', () => {
  it('ran: messages went out in every group, the answers were accepted, nothing touched Slack from the check-in job', () => {
    expect(h.asks.length).toBeGreaterThan(400);
    expect(answered.length).toBeGreaterThan(100);
    expect(answerFailures).toEqual([]);
    expect(h.forbidden).toEqual([]);
    expect(h.directoryInCheckinJob).toEqual([]);
    expect(h.pendingEvents).toEqual([]);
  });

  it('each task is looked at once per owner working day, at the local prompt time, while it is accepted (real tick query)', async () => {
    const problems: string[] = [];
    for (const [id, spec] of tasks()) {
      const looks = h.looks.filter((l) => l.taskId === id);
      for (const l of looks) {
        if (l.run.outcome !== 'looked')
          problems.push(`#${spec.index} ${new Date(l.at).toISOString()} ${l.run.outcome}`);
        const date = ownerDate(spec, l.at);
        if (l.at !== slotInstant(spec.owner.zone, date, timeOf(spec.owner)))
          problems.push(`#${spec.index} looked at ${new Date(l.at).toISOString()}, not ${date}'s slot`);
      }
      const dates = looks.map((l) => ownerDate(spec, l.at));
      const done = doneDate(id, spec);
      const owed = calendarOf(spec, START, LAST_TICK)
        .slots.map((s) => s.date)
        .filter((d) => done === null || d <= done);
      if (dates.join() !== owed.join()) problems.push(`#${spec.index} looked ${dates.join()} ≠ owed ${owed.join()}`);
    }
    expect(problems).toEqual([]);

    // At the end: the next look of each accepted task is its next slot; a done task has none.
    const rows = await db
      .selectFrom('tasks')
      .select(['id', 'status', 'next_checkin_at'])
      .where('team_id', '=', team)
      .execute();
    const endProblems: string[] = [];
    for (const row of rows) {
      const spec = specOf.get(row.id) as TaskSpec;
      if (row.status === 'done') {
        if (row.next_checkin_at !== null) endProblems.push(`#${spec.index} done but still scheduled`);
        continue;
      }
      const next = calendarOf(spec, LAST_TICK, LAST_TICK + 10 * 86_400_000).slots[0]?.at;
      if (row.next_checkin_at?.getTime() !== next)
        endProblems.push(
          `#${spec.index} next ${row.next_checkin_at?.toISOString()} ≠ ${next && new Date(next).toISOString()}`,
        );
    }
    expect(endProblems).toEqual([]);
  });

  it('never more than one thread message per task per owner-local date, none on non-working days, each at the local prompt time', () => {
    const problems: string[] = [];
    for (const [id, spec] of tasks()) {
      const byDate = new Map<string, number>();
      for (const a of asksOf(id)) {
        const date = ownerDate(spec, a.at);
        byDate.set(date, (byDate.get(date) ?? 0) + 1);
        if (!isWorking(spec.owner, date)) problems.push(`#${spec.index} ${a.kind} on non-working ${date}`);
        if (a.at !== slotInstant(spec.owner.zone, date, timeOf(spec.owner)))
          problems.push(
            `#${spec.index} ${a.kind} at ${new Date(a.at).toISOString()}, not ${date} ${timeOf(spec.owner)}`,
          );
        if (a.timeZone !== spec.owner.zone) problems.push(`#${spec.index} rendered in ${a.timeZone}`);
        if (a.via !== (spec.channel ? 'thread' : 'dm')) problems.push(`#${spec.index} via ${a.via}`);
      }
      for (const [date, n] of byDate) if (n > 1) problems.push(`#${spec.index} ${n} messages on ${date}`);
    }
    expect(problems).toEqual([]);
  });

  it('every check-in day (cadence, 2 working days before the due day, the due day) has exactly one check-in or overdue ask while the task is accepted', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [id, spec] of tasks()) {
      const cal = calendarOf(spec, START, LAST_TICK);
      const done = doneDate(id, spec);
      const asks = asksOf(id);
      for (const { date } of cal.slots) {
        if (done !== null && date > done) {
          if (asks.some((a) => ownerDate(spec, a.at) === date)) problems.push(`#${spec.index} message after done`);
          continue;
        }
        const reason = reasonOn(spec, cal, date);
        if (reason === null) continue;
        checked++;
        const on = asks.filter((a) => ownerDate(spec, a.at) === date);
        const ok = on.length === 1 && (on[0]?.kind === 'checkin' || on[0]?.kind === 'overdue');
        if (!ok) problems.push(`#${spec.index} ${date} (${reason}): ${on.map((a) => a.kind).join() || 'nothing'}`);
        else if (on[0]?.kind === 'checkin' && on[0].reason !== reason)
          problems.push(`#${spec.index} ${date}: reason ${on[0].reason} ≠ ${reason}`);
      }
      // and a check-in only on those days
      for (const a of asks.filter((x) => x.kind === 'checkin')) {
        const date = ownerDate(spec, a.at);
        if (reasonOn(spec, cal, date) === null) problems.push(`#${spec.index} check-in on ${date}, not a check-in day`);
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  });

  it('the first working day after the due date brings one overdue ask, once, and the parent message is re-rendered', () => {
    const problems: string[] = [];
    let overdue = 0;
    for (const [id, spec] of tasks()) {
      const cal = calendarOf(spec, START, LAST_TICK);
      const done = doneDate(id, spec);
      const asks = asksOf(id).filter((a) => a.kind === 'overdue');
      const owed = cal.overdueDay !== null && (done === null || cal.overdueDay <= done) ? [cal.overdueDay] : [];
      const got = asks.map((a) => ownerDate(spec, a.at));
      if (got.join() !== owed.join())
        problems.push(`#${spec.index} overdue on ${got.join() || '-'} ≠ ${owed.join() || '-'}`);
      overdue += got.length;
      const parents = h.others.filter((o) => o.method === 'updateTaskParent' && o.taskId === id && o.fromCheckinJob);
      const parentAt = parents.map((p) => p.at).join();
      const wantAt = spec.channel ? asks.map((a) => a.at).join() : '';
      if (parentAt !== wantAt) problems.push(`#${spec.index} parent re-rendered at ${parentAt} ≠ ${wantAt}`);
    }
    expect(overdue).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('group A (answers the same day): exactly the check-in and overdue days, no reminder, no escalation', () => {
    const problems: string[] = [];
    for (const [id, spec] of tasks((s) => s.group === 'A')) {
      const cal = calendarOf(spec, START, LAST_TICK);
      const done = doneDate(id, spec);
      const owed = cal.slots
        .map((s) => s.date)
        .filter((d) => (done === null || d <= done) && (reasonOn(spec, cal, d) !== null || d === cal.overdueDay));
      const got = asksOf(id).map((a) => ownerDate(spec, a.at));
      if (got.join() !== owed.join()) problems.push(`#${spec.index} asked ${got.join()} ≠ ${owed.join()}`);
      const reminders = asksOf(id).filter((a) => a.kind === 'reminder');
      if (reminders.length > 0) problems.push(`#${spec.index} ${reminders.length} reminders`);
      if (escalationsOf(id).length > 0) problems.push(`#${spec.index} escalated`);
    }
    expect(problems).toEqual([]);
    // Some of them finish the task from a check-in ('done' on their 4th), when they get that many.
    const finishing = tasks((s) => s.doneOnAsk !== undefined);
    const done = finishing.map(([id, s]) => doneDate(id, s));
    expect(done).toEqual(finishing.map(([id]) => expected.get(id)?.doneOn ?? null));
    expect(done.filter((d) => d !== null).length).toBeGreaterThan(0);
  });

  it('group B (never answers): one escalation for the silence 2 working days in; a reminder only 1 working day in, only on a day with no other thread message', () => {
    const problems: string[] = [];
    let escalations = 0;
    let reminders = 0;
    for (const [id, spec] of tasks((s) => s.group === 'B')) {
      const cal = calendarOf(spec, START, LAST_TICK);
      const messageDays = cal.slots
        .map((s) => s.date)
        .filter((d) => reasonOn(spec, cal, d) !== null || d === cal.overdueDay);
      const asks = asksOf(id);
      const first = messageDays[0];
      if (first === undefined) {
        if (asks.length > 0 || escalationsOf(id).length > 0) problems.push(`#${spec.index} had no reason to talk`);
        continue;
      }
      const inWindow = (d: string) => cal.slots.some((s) => s.date === d);
      const reminderDay = addWorking(spec.owner, first, 1);
      const wantReminder = inWindow(reminderDay) && !messageDays.includes(reminderDay) ? [reminderDay] : [];
      const gotReminder = asks.filter((a) => a.kind === 'reminder').map((a) => ownerDate(spec, a.at));
      if (gotReminder.join() !== wantReminder.join())
        problems.push(`#${spec.index} reminders ${gotReminder.join() || '-'} ≠ ${wantReminder.join() || '-'}`);
      const allDays = [...messageDays, ...wantReminder].sort();
      const got = asks.map((a) => ownerDate(spec, a.at));
      if (got.join() !== allDays.join()) problems.push(`#${spec.index} asked ${got.join()} ≠ ${allDays.join()}`);
      const escalateDay = addWorking(spec.owner, first, 2);
      const wantEscalation = inWindow(escalateDay) ? [escalateDay] : [];
      const gotEscalation = escalationsOf(id).map((n) => localDate(spec.owner.zone, n.at));
      if (gotEscalation.join() !== wantEscalation.join())
        problems.push(`#${spec.index} escalated ${gotEscalation.join() || '-'} ≠ ${wantEscalation.join() || '-'}`);
      escalations += gotEscalation.length;
      reminders += gotReminder.length;
    }
    expect(problems).toEqual([]);
    expect(escalations).toBeGreaterThan(10);
    expect(reminders).toBeGreaterThan(0);
  });

  it('every escalation goes to the lead, once per silence, and says how many working days the owner has been silent', () => {
    const problems: string[] = [];
    const all = h.notices.filter((n) => n.notice.kind === 'escalation');
    expect(all.length).toBeGreaterThan(10);
    for (const n of all) {
      if (n.notice.kind !== 'escalation') continue;
      const spec = specOf.get(n.taskId) as TaskSpec;
      const date = ownerDate(spec, n.at);
      const lead = LEADS.find((l) => l.id === spec.leadId);
      // The silence: the first thread message after the last answered one, before today.
      const before = asksOf(n.taskId).filter((a) => ownerDate(spec, a.at) < date);
      let since: string | null = null;
      for (const a of before) {
        const wasAnswered = answered.some((x) => x.ask === a);
        if (wasAnswered) since = null;
        else since ??= ownerDate(spec, a.at);
      }
      const tag = `#${spec.index} (${spec.owner.zone}) ${date}`;
      if (n.notice.to !== spec.leadId) problems.push(`${tag}: to ${n.notice.to}, not the lead ${spec.leadId}`);
      if (n.notice.ownerId !== spec.owner.id) problems.push(`${tag}: about ${n.notice.ownerId}`);
      if (n.timeZone !== lead?.zone) problems.push(`${tag}: rendered in ${n.timeZone}`);
      if (since === null) {
        problems.push(`${tag}: escalated with no silence running`);
        continue;
      }
      const silent = workingBetween(spec.owner, since, date);
      if (silent < 2 || date !== addWorking(spec.owner, since, 2))
        problems.push(`${tag}: escalated ${silent} working days into the silence since ${since}`);
      if (n.notice.silentWorkingDays !== silent)
        problems.push(`${tag}: says silentWorkingDays ${n.notice.silentWorkingDays}, silent since ${since}: ${silent}`);
    }
    const perSilence = new Map<string, number>();
    for (const n of all) perSilence.set(n.key, (perSilence.get(n.key) ?? 0) + 1);
    for (const [key, count] of perSilence) if (count > 1) problems.push(`${key} sent ${count} times`);
    expect(problems).toEqual([]);
  });

  it('the whole month of every task (groups A, B and C) matches the oracle: each message with its kind and reason, each escalation', () => {
    const problems: string[] = [];
    let cSilences = 0;
    for (const [id, spec] of tasks()) {
      const want = expected.get(id) as Expected;
      const got = asksOf(id).map((a) => `${ownerDate(spec, a.at)} ${a.kind} ${a.reason ?? '-'}`);
      const wanted = want.asks.map((a) => `${a.date} ${a.kind} ${a.reason ?? '-'}`);
      if (got.join('; ') !== wanted.join('; '))
        problems.push(
          `#${spec.index} ${spec.group} ${spec.owner.zone}\n  got    ${got.join('; ')}\n  wanted ${wanted.join('; ')}`,
        );
      const gotEsc = escalationsOf(id).map((n) => ownerDate(spec, n.at));
      const wantEsc = want.escalations.map((e) => e.date);
      if (gotEsc.join() !== wantEsc.join())
        problems.push(`#${spec.index} ${spec.group} escalations ${gotEsc.join() || '-'} ≠ ${wantEsc.join() || '-'}`);
      if (spec.group === 'C') cSilences += want.escalations.length;
    }
    expect(cSilences).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('answers reach the lead: an alert per at-risk answer, a done notice and thread note per done task, and a done task is asked no more', () => {
    const problems: string[] = [];
    const atRisk = answered.filter((a) => a.status === 'at_risk');
    const alerts = h.notices.filter((n) => n.notice.kind === 'alert');
    expect(atRisk.length).toBeGreaterThan(0);
    if (alerts.length !== atRisk.length) problems.push(`${alerts.length} alerts for ${atRisk.length} at-risk answers`);
    for (const a of atRisk) {
      const spec = specOf.get(a.taskId) as TaskSpec;
      const alert = alerts.find((n) => n.taskId === a.taskId && n.at === a.at);
      if (!alert || alert.notice.to !== spec.leadId)
        problems.push(`#${spec.index} at-risk at ${a.at}: no alert to the lead`);
    }
    const done = answered.filter((a) => a.status === 'done');
    for (const d of done) {
      const spec = specOf.get(d.taskId) as TaskSpec;
      if (!h.notices.some((n) => n.notice.kind === 'done' && n.taskId === d.taskId && n.notice.to === spec.leadId))
        problems.push(`#${spec.index}: lead not told it is done`);
      const notes = h.others.filter((o) => o.method === 'threadNote' && o.taskId === d.taskId && o.detail === 'done');
      if (notes.length !== (spec.channel ? 1 : 0)) problems.push(`#${spec.index}: ${notes.length} done notes`);
      if (asksOf(d.taskId).some((a) => a.at > d.at)) problems.push(`#${spec.index}: asked after done`);
    }
    // Nothing else reached anyone.
    const kinds = new Set(h.notices.map((n) => n.notice.kind));
    for (const k of kinds) if (!['escalation', 'alert', 'done'].includes(k)) problems.push(`unexpected notice ${k}`);
    expect(h.others.filter((o) => o.method === 'postTaskParent')).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('every send has its own delivery key, and every delivery row is sent', async () => {
    const keys = [
      ...h.asks.map((a) => a.key),
      ...h.notices.map((n) => n.key),
      ...h.others.flatMap((o) => (o.key === null ? [] : [o.key])),
    ];
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);

    const rows = await db
      .selectFrom('deliveries')
      .select(['key', 'kind', 'state'])
      .where('team_id', '=', team)
      .execute();
    expect(rows.filter((r) => r.state !== 'sent')).toEqual([]);
    expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
    // One check-in row per thread message, each carrying the message it went out as.
    const checkins = await db
      .selectFrom('checkins')
      .select(['id', 'kind', 'message_ts'])
      .where('team_id', '=', team)
      .execute();
    expect(checkins.length).toBe(h.asks.length);
    expect(checkins.filter((c) => c.message_ts === null)).toEqual([]);
  });
});
