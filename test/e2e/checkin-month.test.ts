/**
 * Issue #5's guarantees in one run of real processes. The month is the one in the app-level test
 * (2055-03-01 → 04-04, across four DST changes), with the same 50 tasks: 9 owner zones, mixed
 * cadences and due dates, three answering habits. It runs through a worker process, a web process
 * that gets the owners' answers as signed clicks, modal submissions and thread replies, the
 * emulator, Postgres and Redis. The worker is SIGKILLed in the middle of one day's batch, and Redis
 * loses every key of the run once, while the worker runs.
 *
 * The month must still match the luxon-only oracle (month-harness.ts), read from what Slack got:
 * every check-in, reminder and escalation once, nothing on non-working days, at most one thread
 * message per task per owner-local day, at most one message per second per channel.
 *
 * Time: for each simulated UTC day the test ticks at every owner's slot (+1 minute) of that day, in
 * order, as the every-minute scheduler would; waits until every due task was looked at; then the
 * owners answer. No task has two slots in one UTC day (asserted), so every answer lands before the
 * owner's next look, as in the oracle (answers a few hours after the message).
 */
import { Redis } from 'ioredis';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { closeDb, createDb, type Db } from '../../src/db/database';
import { postgresRepositories } from '../../src/db/unit-of-work';
import type { ThreadMessageKind } from '../../src/domain/checkin';
import { tickJobId } from '../../src/queue/jobs';
import { enqueueTick, type Producer } from '../../src/queue/producer';
import { DEMO, type Emulator, type PostedMessage, startEmulator } from '../../src/sandbox';
import { checkinStatusText } from '../../src/slack/blocks/checkin';
import {
  ANSWER_DELAY_MS,
  type Answer,
  answerFor,
  CheckinCounter,
  calendarOf,
  daysOf,
  type Expected,
  expectedMonth,
  insertSpecTask,
  isWorking,
  LEADS,
  OWNERS,
  type TaskSpec,
  taskSpecs,
  timeOf,
} from '../integration/checkins/month-harness';
import { DAY_MS, MINUTE, slotInstant } from '../integration/prompts/simulation';
import { startTestBaton, type TestBaton, testQueuePrefix } from '../support/baton';
import { createScratchDatabase } from '../support/database';
import { type RunningProcess, runBaton } from '../support/processes';

const team = DEMO.teamId;
/**
 * 2055 has 2027's calendar and DST dates, and lies ahead of the wall clock: the worker keeps its real
 * every-minute tick schedule (its coming back after the flush is checked), and those ticks find nothing due.
 */
const START = Date.parse('2055-03-01T00:00:00Z');
const DAYS = 35;
const END = START + DAYS * DAY_MS - 1;
/** The UTC day (0-based) whose batch the worker is killed in, and the one after which Redis is flushed. */
const KILL_DAY = 7;
const FLUSH_DAY = 15;

/**
 * How an owner answers in Slack: the oracle's habits, through what each message offers. An overdue
 * ask offers a new date or Done (no status buttons): owners reply in its thread in words, or, when
 * it came by DM, say it is done. Either way the silence ends, as in the oracle.
 */
function answerInSlack(spec: TaskSpec, kind: ThreadMessageKind, nth: number): Answer | null {
  const answer = answerFor(spec, kind, nth);
  if (kind !== 'overdue' || answer === null) return answer;
  return spec.channel ? { status: null, note: 'a new date by Friday' } : { status: 'done', note: null };
}

interface Seeded {
  spec: TaskSpec;
  id: number;
  number: number;
  channelId: string | null;
  threadTs: string | null;
  expected: Expected;
}

interface AskSeen {
  task: Seeded;
  message: PostedMessage;
  checkinId: number;
  kind: ThreadMessageKind;
  localDate: string;
}

/** Channel tasks two to a channel (owners in different zones), so channels are shared but rarely busy. */
function channelFor(spec: TaskSpec, specs: readonly TaskSpec[]): string | null {
  if (!spec.channel) return null;
  const k = specs.filter((s) => s.channel && s.index < spec.index).length;
  return `C0MONTH${String(Math.floor(k / 2)).padStart(3, '0')}`;
}

/** The delivery key a message carries (Baton puts it in the message metadata). */
function keyOf(m: PostedMessage): string {
  const key = (m.metadata?.event_payload as { key?: unknown } | undefined)?.key;
  return typeof key === 'string' ? key : '';
}

async function seed(db: Db, emulator: Emulator, specs: readonly TaskSpec[]): Promise<Seeded[]> {
  const repos = postgresRepositories(db);
  for (const o of OWNERS) {
    await repos.people.saveSettings(team, o.id, {
      promptTime: timeOf(o),
      workingDays: daysOf(o),
      pausedUntil: null,
    });
  }
  const seeded: Seeded[] = [];
  for (const spec of specs) {
    const channelId = channelFor(spec, specs);
    const task = await insertSpecTask(repos, team, spec, channelId, START);
    const parent = channelId
      ? emulator.postAsUser({ teamId: team, channel: channelId, user: DEMO.botUserId, text: task.title })
      : null;
    // The first look is the owner's first slot of the month (the app computes every later one).
    const first = calendarOf(spec, START, END).slots[0]?.at ?? null;
    await repos.tasks.update(team, task.id, {
      ...(parent ? { threadTs: parent.ts } : {}),
      nextCheckinAt: first === null ? null : new Date(first),
    });
    seeded.push({
      spec,
      id: task.id,
      number: task.number,
      channelId,
      threadTs: parent?.ts ?? null,
      expected: expectedMonth(spec, START, END, answerInSlack),
    });
  }
  return seeded;
}

/** Each UTC day's tick instants: every slot of the month (+1 minute), so each owner's day is looked at on time. */
function ticksByDay(tasks: readonly Seeded[]): number[][] {
  const days = Array.from({ length: DAYS }, () => new Set<number>());
  for (const t of tasks) {
    const slotDays = calendarOf(t.spec, START, END).slots.map((s) => Math.floor((s.at - START) / DAY_MS));
    // One look per task per batch, so its answer comes before its next look.
    expect(new Set(slotDays).size, `task ${t.spec.index} has two slots in one UTC day`).toBe(slotDays.length);
    for (const s of calendarOf(t.spec, START, END).slots) days[Math.floor((s.at - START) / DAY_MS)]?.add(s.at + MINUTE);
  }
  return days.map((d) => [...d].sort((a, b) => a - b));
}

describe('a month of check-ins through real processes, with the worker killed mid-batch and Redis flushed', () => {
  it('matches the oracle: every check-in, reminder and escalation once, none doubled or on a day off, one message a second per channel', {
    timeout: 420_000,
  }, async () => {
    // The month passes in minutes, so Slack's per-minute tiers are lifted; its per-channel limit stays.
    const emulator = await startEmulator({
      rateLimits: {
        'chat.postMessage': { perMinute: false },
        'chat.update': false,
        'chat.postEphemeral': false,
        'conversations.history': false,
        'conversations.replies': false,
        'conversations.open': false,
        'views.open': false,
        'users.list': false,
      },
    });
    onTestFinished(() => emulator.close());
    const specs = taskSpecs();
    const people = [...OWNERS, ...LEADS].map((p) => ({
      id: p.id,
      name: p.id.toLowerCase(),
      realName: p.id,
      tz: p.zone,
    }));
    emulator.addUsers(team, people);
    const channels = new Set(specs.map((s) => channelFor(s, specs)).filter((c): c is string => c !== null));
    for (const id of channels)
      emulator.addChannel(team, {
        id,
        name: id.toLowerCase(),
        members: people.map((p) => p.id),
        botIsMember: true,
      });

    const database = await createScratchDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
    onTestFinished(() => database.drop());
    const prefix = testQueuePrefix();
    const env = {
      QUEUE_PREFIX: prefix,
      SLACK_SENDS_PER_SECOND: '100',
      JOB_LOCK_MS: '5000',
      DELIVERY_STALE_MS: '6000',
    };
    // The web process answers the owners (and migrates the database); the worker is a process of its own.
    const web: TestBaton = await startTestBaton({ role: 'web', emulator, databaseUrl: database.url, env });
    const db = createDb(database.url);
    onTestFinished(() => closeDb(db));
    const tasks = await seed(db, emulator, specs);
    const workerEnv = {
      ...env,
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      SLACK_API_URL: emulator.apiUrl,
      SLACK_BOT_TOKEN: DEMO.botToken,
      SLACK_SIGNING_SECRET: 'checkin-month-secret',
      PORT: '0',
    };
    const startWorker = async () => {
      const worker = runBaton(['--role', 'worker'], workerEnv);
      await worker.waitForLog((l) => l.msg === 'Baton is running');
      return worker;
    };
    let worker: RunningProcess = await startWorker();
    const queue: Producer = web.baton.queue;

    const byId = new Map(tasks.map((t) => [t.id, t]));
    const seen = new Set<string>();
    const asks: AskSeen[] = [];
    const counter = new CheckinCounter();
    const answered: Array<{ ask: AskSeen; answer: Answer }> = [];
    const story = { killedAfter: 0, dayAsks: 0, flushedKeys: 0, pendingEventsAtFlush: 0 };

    /** The check-in messages that appeared since the last call (Slack is the record), with their check-in rows. */
    const newAsks = async (): Promise<AskSeen[]> => {
      const fresh = emulator.messages((m) => /^ask-\d+-\d+$/.test(keyOf(m)) && !seen.has(m.ts));
      const rows = await db.selectFrom('checkins').select(['id', 'kind', 'local_date']).execute();
      const rowOf = new Map(rows.map((r) => [r.id, r]));
      const out: AskSeen[] = [];
      for (const message of fresh) {
        seen.add(message.ts);
        const [, taskId, checkinId] = keyOf(message).split('-').map(Number);
        const row = rowOf.get(checkinId ?? 0);
        const task = byId.get(taskId ?? 0);
        if (!row || !task) throw new Error(`a check-in message with no check-in: ${keyOf(message)}`);
        out.push({ task, message, checkinId: row.id, kind: row.kind, localDate: row.local_date });
      }
      asks.push(...out);
      return out;
    };

    const tick = async (at: number) => {
      await enqueueTick(queue, new Date(at));
      await expect
        .poll(async () => (await queue.getJob(tickJobId(new Date(at))))?.finishedOn, { interval: 20 })
        .toBeDefined();
    };

    /** Every accepted task due by `at` has been looked at (a killed or flushed job is redone by a later tick). */
    /**
     * Every accepted task due by `at` has been looked at. Meanwhile the scheduler goes on ticking, as
     * it would: a job that failed for good on a loaded machine (stalled twice while its worker was
     * starved) is enqueued again by a later minute's tick. The next slot is always more than
     * half an hour later, so these ticks can only find what was due by `at`.
     */
    const lookedAt = async (at: number) => {
      let minute = 0;
      await expect
        .poll(
          async () => {
            if (++minute % 100 === 0) await tick(at + (minute / 100) * MINUTE);
            return (
              await db
                .selectFrom('tasks')
                .select('id')
                .where('status', '=', 'accepted')
                .where('next_checkin_at', '<=', new Date(at))
                .execute()
            ).length;
          },
          { timeout: 60_000, interval: 50 },
        )
        .toBe(0);
    };

    const modalsOf = (user: string) => emulator.views((v) => v.userId === user && v.type === 'modal');

    const answer = async (ask: AskSeen, reply: Answer) => {
      const owner = ask.task.spec.owner.id;
      if (reply.status !== null) {
        await web.slack.click({ user: owner, message: ask.message, buttonText: checkinStatusText(reply.status) });
      } else if (ask.task.threadTs && ask.task.channelId) {
        const text = reply.note ?? '';
        const posted = emulator.postAsUser({
          teamId: team,
          channel: ask.task.channelId,
          user: owner,
          text,
          threadTs: ask.task.threadTs,
        });
        await web.slack.event({
          event: {
            type: 'message',
            channel: ask.task.channelId,
            user: owner,
            text,
            ts: posted.ts,
            thread_ts: ask.task.threadTs,
          },
        });
      } else {
        const before = modalsOf(owner).length;
        await web.slack.click({ user: owner, message: ask.message, buttonText: '📝 Add a note' });
        await expect.poll(() => modalsOf(owner).length).toBeGreaterThan(before);
        const modal = modalsOf(owner).at(-1);
        if (!modal) throw new Error('no note form opened');
        await web.slack.viewSubmission({
          user: owner,
          view: modal.id,
          values: { checkin_note_text: { checkin_note_text: { type: 'plain_text_input', value: reply.note } } },
        });
      }
      answered.push({ ask, answer: reply });
    };

    /** The owners answer the day's messages (each owner one at a time, owners side by side), as the oracle says. */
    const answerAll = async (fresh: readonly AskSeen[]) => {
      const replies = fresh.flatMap((ask) => {
        const reply = answerInSlack(ask.task.spec, ask.kind, counter.next(ask.task.id, ask.kind));
        const slot = slotInstant(ask.task.spec.owner.zone, ask.localDate, timeOf(ask.task.spec.owner));
        return reply && slot + ANSWER_DELAY_MS <= END ? [{ ask, reply }] : [];
      });
      const owners = new Set(replies.map((r) => r.ask.task.spec.owner.id));
      await Promise.all(
        [...owners].map(async (owner) => {
          for (const r of replies.filter((x) => x.ask.task.spec.owner.id === owner)) await answer(r.ask, r.reply);
        }),
      );
      const ids = replies.map((r) => r.ask.checkinId);
      if (ids.length === 0) return;
      await expect
        .poll(
          async () =>
            (
              await db
                .selectFrom('checkins')
                .select('id')
                .where('id', 'in', ids)
                .where('answered_at', 'is not', null)
                .execute()
            ).length,
        )
        .toBe(ids.length);
      // Done is recorded first, then the task completes: its next look must be gone before the next tick.
      const finished = replies.filter((r) => r.reply.status === 'done').map((r) => r.ask.task.id);
      if (finished.length > 0)
        await expect
          .poll(async () =>
            (await db.selectFrom('tasks').select('status').where('id', 'in', finished).execute()).map((t) => t.status),
          )
          .toEqual(finished.map(() => 'done'));
    };

    const days = ticksByDay(tasks);
    for (const [d, ticks] of days.entries()) {
      if (d === KILL_DAY) {
        // Slow answers keep sends in flight, so the kill lands mid-send.
        emulator.faults.inject({ method: 'chat.postMessage', kind: 'latency', ms: 300, times: 30 });
        const before = emulator.messages((m) => /^ask-/.test(keyOf(m))).length;
        for (const at of ticks) await tick(at);
        await expect
          .poll(() => emulator.messages((m) => /^ask-/.test(keyOf(m))).length, { interval: 10 })
          .toBeGreaterThan(before + 3);
        worker.kill('SIGKILL');
        await worker.exited;
        story.killedAfter = emulator.messages((m) => /^ask-/.test(keyOf(m))).length - before;
        worker = await startWorker();
        // The scheduler ticks again the next minute; the killed jobs come back once their locks lapse.
        for (const at of ticks) await tick(at + MINUTE);
      } else {
        for (const at of ticks) await tick(at);
      }
      await lookedAt(ticks.at(-1) ?? START);
      const fresh = await newAsks();
      if (d === KILL_DAY) story.dayAsks = fresh.length;
      if (d === FLUSH_DAY) {
        // Slow DMs to the leads keep the answers' notices (alerts, done) in flight or queued when Redis goes.
        for (const lead of LEADS)
          emulator.faults.inject({
            method: 'chat.postMessage',
            kind: 'latency',
            ms: 2_000,
            times: 3,
            channel: lead.id,
          });
      }
      await answerAll(fresh);
      if (d === FLUSH_DAY) {
        // Redis loses everything of this run while the worker runs: the day's notices still queued
        // (alerts, escalations, done) with it. The shared test Redis can't be FLUSHALLed.
        story.pendingEventsAtFlush = Number(
          (
            await db
              .selectFrom('event_outbox')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirst()
          )?.n ?? 0,
        );
        const redis = new Redis(inject('redisUrl'));
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
        story.flushedKeys = keys.length;
        // The channels' last-second marks went with the keys, and jobs under way may still post: the
        // next day starts once everything posted around the flush is over a second old, as the marks
        // would have had it wait (a wait for Slack's per-channel second, not for "nothing happened").
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }

    // Notices lost with the flush are found by the outbox sweep of later ticks. These stand for
    // minutes long past (nothing else is due then), as a late scheduler tick would.
    let late = 0;
    await expect
      .poll(
        async () => {
          await tick(START - ++late * MINUTE);
          const outbox = await db.selectFrom('event_outbox').select('event_id').execute();
          const unsent = await db.selectFrom('deliveries').select('key').where('state', '!=', 'sent').execute();
          return outbox.length + unsent.length;
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe(0);
    // --- the story happened: a kill mid-batch, a flush that took work with it ---------------------
    expect(story.killedAfter).toBeGreaterThan(3);
    expect(story.killedAfter).toBeLessThan(story.dayAsks);
    expect(story.flushedKeys).toBeGreaterThan(0);
    expect(story.pendingEventsAtFlush).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThan(100);

    // --- every task's month, as Slack saw it, against the oracle ----------------------------------
    const problems: string[] = [];
    for (const t of tasks) {
      const mine = asks.filter((a) => a.task === t).sort((a, b) => a.localDate.localeCompare(b.localDate));
      const got = mine.map((a) => `${a.localDate} ${a.kind}`);
      const wanted = t.expected.asks.map((a) => `${a.date} ${a.kind}`);
      if (got.join('; ') !== wanted.join('; '))
        problems.push(
          `#${t.spec.index} ${t.spec.group} ${t.spec.owner.zone}\n  got    ${got.join('; ')}\n  wanted ${wanted.join('; ')}`,
        );
      for (const a of mine) {
        if (!isWorking(t.spec.owner, a.localDate))
          problems.push(`#${t.spec.index} ${a.kind} on day off ${a.localDate}`);
        const where = t.threadTs
          ? a.message.threadTs === t.threadTs && a.message.channel === t.channelId
          : a.message.dmUser === t.spec.owner.id;
        if (!where) problems.push(`#${t.spec.index} ${a.localDate} posted in the wrong place`);
      }
      const dates = mine.map((a) => a.localDate);
      if (new Set(dates).size !== dates.length)
        problems.push(`#${t.spec.index} two messages on one day: ${dates.join()}`);
    }
    const perCheckin = new Map<number, number>();
    for (const a of asks) perCheckin.set(a.checkinId, (perCheckin.get(a.checkinId) ?? 0) + 1);
    for (const [id, n] of perCheckin) if (n > 1) problems.push(`check-in ${id} posted ${n} times`);
    expect(problems).toEqual([]);
    expect(asks.length).toBeGreaterThan(400);
    expect(asks.filter((a) => a.kind === 'reminder').length).toBeGreaterThan(0);
    expect(asks.filter((a) => a.kind === 'overdue').length).toBeGreaterThan(10);

    // --- escalations: once per silence, to the lead, saying how long -------------------------------
    const events = await db
      .selectFrom('task_events')
      .select(['id', 'task_id', 'kind', 'payload'])
      .orderBy('id')
      .execute();
    const eventById = new Map(events.map((e) => [e.id, e]));
    const escalationProblems: string[] = [];
    const escalationDms = emulator.messages((m) => /^event-\d+-escalation-/.test(keyOf(m)));
    const dmsPerEvent = new Map<number, PostedMessage[]>();
    for (const m of escalationDms) {
      const id = Number(keyOf(m).split('-')[1]);
      dmsPerEvent.set(id, [...(dmsPerEvent.get(id) ?? []), m]);
    }
    for (const t of tasks) {
      const mine = events.filter((e) => e.task_id === t.id && e.kind === 'escalated');
      const got = mine.map((e) => `${String(e.payload.since)} +${String(e.payload.silentWorkingDays)}`);
      const wanted = t.expected.escalations.map((e) => `${e.silenceSince} +${e.silentWorkingDays}`);
      if (got.join() !== wanted.join())
        escalationProblems.push(`#${t.spec.index} escalated ${got.join() || '-'} ≠ ${wanted.join() || '-'}`);
      for (const e of mine) {
        const dms = dmsPerEvent.get(e.id) ?? [];
        if (dms.length !== 1 || dms[0]?.dmUser !== t.spec.leadId)
          escalationProblems.push(
            `#${t.spec.index} escalation ${e.id}: ${dms.length} DMs to ${dms.map((m) => m.dmUser).join()}`,
          );
      }
    }
    for (const id of dmsPerEvent.keys())
      if (eventById.get(id)?.kind !== 'escalated') escalationProblems.push(`escalation DM for event ${id}`);
    expect(escalationProblems).toEqual([]);
    expect(escalationDms.length).toBeGreaterThan(10);

    // --- answers reached the lead once each: at-risk alerts, done notices and thread notes --------
    const noticeProblems: string[] = [];
    const keysSent = emulator
      .messages()
      .map(keyOf)
      .filter((k) => k !== '');
    const sentCount = new Map<string, number>();
    for (const k of keysSent) sentCount.set(k, (sentCount.get(k) ?? 0) + 1);
    for (const [k, n] of sentCount) if (n > 1) noticeProblems.push(`${k} sent ${n} times`);
    for (const e of events) {
      const t = byId.get(e.task_id);
      if (!t) continue;
      const status = (e.payload as { status?: unknown }).status;
      if (e.kind === 'checkin' && (status === 'at_risk' || status === 'blocked')) {
        if (sentCount.get(`event-${e.id}-alert-${t.spec.leadId}`) !== 1)
          noticeProblems.push(`#${t.spec.index} no alert for event ${e.id}`);
      }
      if (e.kind === 'done') {
        if (sentCount.get(`event-${e.id}-done-${t.spec.leadId}`) !== 1)
          noticeProblems.push(`#${t.spec.index} lead not told it is done`);
        if (t.channelId && sentCount.get(`event-${e.id}-thread`) !== 1)
          noticeProblems.push(`#${t.spec.index} no done note in the thread`);
      }
    }
    expect(noticeProblems).toEqual([]);
    const doneTasks = events.filter((e) => e.kind === 'done').length;
    expect(doneTasks).toBe(tasks.filter((t) => t.expected.doneOn !== null).length);
    expect(answered.filter((a) => a.answer.status === 'at_risk').length).toBeGreaterThan(0);

    // --- each answered check-in was edited to show the answer ---------------------------------------
    const unshown = answered.filter(({ ask, answer }) => {
      if (answer.status === null) return false;
      const now = emulator.messages((m) => m.ts === ask.message.ts && m.channel === ask.message.channel)[0];
      return !now?.text.includes(checkinStatusText(answer.status));
    });
    expect(unshown.map(({ ask }) => `#${ask.task.spec.index} ${ask.localDate}`)).toEqual([]);

    // --- each parent message was edited in place to the owner's last answer, never posted again ----
    const parentProblems: string[] = [];
    for (const channel of channels) {
      const top = emulator.messages((m) => m.channel === channel && !m.threadTs && m.user === DEMO.botUserId);
      const owned = tasks.filter((t) => t.channelId === channel).map((t) => t.threadTs);
      if (top.map((m) => m.ts).join() !== owned.join())
        parentProblems.push(`${channel}: ${top.length} parent messages`);
    }
    for (const t of tasks) {
      const last = answered.filter((a) => a.ask.task === t && a.answer.status !== null).at(-1)?.answer.status;
      if (!t.threadTs || !last) continue;
      const parent = emulator.messages((m) => m.ts === t.threadTs)[0];
      if (!parent?.text.includes(checkinStatusText(last)))
        parentProblems.push(`#${t.spec.index} parent says "${parent?.text}", last answer ${last}`);
    }
    expect(parentProblems).toEqual([]);

    // --- never more than one message a second in a channel (or one person's DM) -------------------
    const postsByChannel = new Map<string, number[]>();
    for (const c of emulator.calls) {
      if (c.method !== 'chat.postMessage' || c.status !== 200) continue;
      const channel = String(c.params.channel);
      postsByChannel.set(channel, [...(postsByChannel.get(channel) ?? []), c.at]);
    }
    const tooClose: string[] = [];
    let shared = 0;
    for (const [channel, times] of postsByChannel) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i++) {
        const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
        if (gap < 950) tooClose.push(`${channel}: ${gap} ms`);
        if (gap < 2_000) shared++;
      }
    }
    expect(tooClose).toEqual([]);
    // The pacing had something to do: posts queued up behind one another in a channel.
    expect(shared).toBeGreaterThan(10);
    // --- the restarted worker found the sends the kill cut off in Slack, and did not send them again --
    expect(worker.output()).toMatch(/was found in Slack; not resending/);
    // --- Redis lost its data under a running worker, which put the tick schedule back by itself -----
    await worker.waitForLog((l) => /tick schedule was gone/.test(String(l.msg)), 30_000);
    expect(await queue.getJobScheduler('tick')).toBeDefined();
    worker.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});
