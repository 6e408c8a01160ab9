import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database';
import { enqueueTick } from '../../src/queue/producer';
import { DEMO, type Emulator } from '../../src/sandbox';
import { startTestBaton } from '../support/baton';
import { settled } from '../support/settled';
import { tasksOf } from '../support/tasks';

const team = DEMO.teamId;
const lead = DEMO.users.lena;

/** Check-in channels with the bot in them, and `count` accepted tasks spread over them, each with its parent posted. */
async function seedTasks(db: Db, emulator: Emulator, opts: { count: number; channels: number; firstLook: Date }) {
  const channels = Array.from({ length: opts.channels }, (_, i) => `C0CHK${String(i).padStart(5, '0')}`);
  for (const id of channels)
    emulator.addChannel(team, { id, name: id.toLowerCase(), members: [lead], botIsMember: true });
  const owners = Array.from({ length: opts.count }, (_, i) => `U0OWN${String(i).padStart(5, '0')}`);
  emulator.addUsers(
    team,
    owners.map((id) => ({ id, name: id.toLowerCase(), realName: id, tz: 'UTC' })),
  );
  await db
    .insertInto('users')
    .values(
      [lead, ...owners].map((id) => ({
        team_id: team,
        user_id: id,
        name: id.toLowerCase(),
        time_zone: 'UTC',
        tz_refreshed_at: new Date(),
      })),
    )
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ time_zone: 'UTC' }))
    .execute();
  await db.insertInto('task_counters').values({ team_id: team, last_number: opts.count }).execute();
  const rows = owners.map((owner, i) => {
    const channel = channels[i % channels.length] ?? '';
    const parent = emulator.postAsUser({ teamId: team, channel, user: DEMO.botUserId, text: `Task ${i + 1}` });
    return {
      team_id: team,
      number: i + 1,
      title: `Task ${i + 1}`,
      lead_id: lead,
      owner_id: owner,
      status: 'accepted' as const,
      source: 'command' as const,
      channel_id: channel,
      thread_ts: parent.ts,
      checkin_cadence: 'daily' as const,
      next_checkin_at: opts.firstLook,
    };
  });
  return db.insertInto('tasks').values(rows).returning(['id', 'thread_ts', 'channel_id']).execute();
}

/** Thread messages of the check-in machinery, per task thread. */
function asksPerThread(emulator: Emulator): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of emulator.messages()) {
    if (!m.threadTs || !/check-in on|a nudge/.test(m.text)) continue;
    out.set(m.threadTs, [...(out.get(m.threadTs) ?? []), m.ts]);
  }
  return out;
}

describe('check-ins: pacing', () => {
  it('never posts more than one message per second in a channel', async () => {
    const t = await startTestBaton({ env: { SLACK_SENDS_PER_SECOND: '50' } });
    const firstLook = new Date('2026-12-01T09:00:00Z');
    await seedTasks(t.baton.db, t.emulator, { count: 6, channels: 1, firstLook });
    await enqueueTick(t.baton.queue, new Date(firstLook.getTime() + 60_000));
    await expect.poll(() => asksPerThread(t.emulator).size, { timeout: 20_000 }).toBe(6);
    const posts = t.emulator.calls
      .filter((c) => c.method === 'chat.postMessage' && c.status === 200 && c.params.channel === 'C0CHK00000')
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(posts.length).toBeGreaterThanOrEqual(6);
    const gaps = posts.slice(1).map((at, i) => at - (posts[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(950);
  });

  it.each([
    ['the bot was removed from the channel', (e: Emulator) => e.removeBotFromChannel(team, 'C0CHK00000')],
    ['the channel was archived', (e: Emulator) => e.archiveChannel(team, 'C0CHK00000')],
  ])('falls back to a DM to the owner when %s, telling the lead once', async (_, breakChannel) => {
    const t = await startTestBaton();
    const day = new Date('2026-12-01T09:01:00Z');
    const [task] = await seedTasks(t.baton.db, t.emulator, { count: 1, channels: 1, firstLook: day });
    breakChannel(t.emulator);
    for (const at of [day, new Date(day.getTime() + 86_400_000)]) {
      await enqueueTick(t.baton.queue, at);
      await expect
        .poll(async () => (await tasksOf(t.baton.db, team))[0]?.next_checkin_at?.getTime() ?? 0, { timeout: 10_000 })
        .toBeGreaterThan(at.getTime());
    }
    const dms = t.emulator.messages().filter((m) => m.dmUser === 'U0OWN00000' && /check-in on|a nudge/.test(m.text));
    expect(dms).toHaveLength(2);
    expect(asksPerThread(t.emulator).get(task?.thread_ts ?? '')).toBeUndefined();
    expect(t.emulator.messages().filter((m) => m.dmUser === lead && /can't post in/.test(m.text))).toHaveLength(1);
  });
});

describe('sends cut off after Slack posted them', () => {
  it.each([
    ['the channel was archived', (e: Emulator) => e.archiveChannel(team, 'C0CHK00000')],
    ['the bot was removed from the channel', (e: Emulator) => e.removeBotFromChannel(team, 'C0CHK00000')],
  ])('a check-in that fell back to a DM (%s) is looked for in the DM, and not sent again', async (_, breakChannel) => {
    const t = await startTestBaton({ env: { DELIVERY_STALE_MS: '1500' } });
    const day = new Date('2026-12-01T09:01:00Z');
    await seedTasks(t.baton.db, t.emulator, { count: 1, channels: 1, firstLook: day });
    breakChannel(t.emulator);
    // Slack posts the DM, but the answer never comes back.
    t.emulator.faults.inject({ method: 'chat.postMessage', kind: 'drop', channel: 'U0OWN00000' });
    await enqueueTick(t.baton.queue, day);
    await expect
      .poll(async () => (await t.baton.db.selectFrom('checkins').select('message_ts').executeTakeFirst())?.message_ts)
      .toBeTruthy();
    const dms = t.emulator.messages().filter((m) => m.dmUser === 'U0OWN00000');
    expect(dms).toHaveLength(1);
    const row = await t.baton.db.selectFrom('checkins').select('message_ts').executeTakeFirstOrThrow();
    expect(row.message_ts).toBe(dms[0]?.ts);
    expect(t.logs.some((l) => /found in Slack; not resending/.test(String(l.msg)))).toBe(true);
    await settled(t.baton);
    expect(t.emulator.messages().filter((m) => m.dmUser === 'U0OWN00000')).toHaveLength(1);
  });

  it('a check-in Slack posted but answered with a 503 is found in the thread, and not posted again', async () => {
    const t = await startTestBaton({ env: { DELIVERY_STALE_MS: '1500' } });
    const day = new Date('2026-12-01T09:01:00Z');
    const [task] = await seedTasks(t.baton.db, t.emulator, { count: 1, channels: 1, firstLook: day });
    t.emulator.faults.inject({ method: 'chat.postMessage', kind: 'http5xx', status: 503, afterEffect: true });
    await enqueueTick(t.baton.queue, day);
    await expect
      .poll(async () => (await t.baton.db.selectFrom('checkins').select('message_ts').executeTakeFirst())?.message_ts)
      .toBeTruthy();
    await settled(t.baton);
    expect(asksPerThread(t.emulator).get(task?.thread_ts ?? '')).toHaveLength(1);
    expect(t.logs.some((l) => /found in Slack; not resending/.test(String(l.msg)))).toBe(true);
  });

  it("a task's parent message is found in the channel and becomes its thread", async () => {
    const t = await startTestBaton({ env: { DELIVERY_STALE_MS: '1500' } });
    const { marcus } = DEMO.users;
    const general = DEMO.channels.general;
    await t.slack.command({ user: lead, text: `Ship the beta <@${marcus}> <#${general}|general>` });
    const offer = await t.emulator.waitFor((m) => m.dmUser === marcus && JSON.stringify(m.blocks).includes('Accept'));
    t.emulator.faults.inject({ method: 'chat.postMessage', kind: 'drop', channel: general });
    await t.slack.click({ user: marcus, message: offer, buttonText: 'Accept' });
    await expect.poll(async () => (await tasksOf(t.baton.db, team))[0]?.thread_ts).toBeTruthy();
    const parents = t.emulator.messages().filter((m) => m.channel === general && !m.threadTs);
    expect(parents).toHaveLength(1);
    expect((await tasksOf(t.baton.db, team))[0]?.thread_ts).toBe(parents[0]?.ts);
  });
});

describe('scaling out', () => {
  it('two workers side by side, with overlapping ticks from both: one check-in per task', async () => {
    const env = { SLACK_SENDS_PER_SECOND: '100', LOG_LEVEL: 'debug' };
    const a = await startTestBaton({ env });
    const b = await startTestBaton({
      role: 'worker',
      emulator: a.emulator,
      databaseUrl: a.baton.config.databaseUrl,
      env: { ...env, QUEUE_PREFIX: a.baton.config.queuePrefix },
    });
    const day = new Date('2026-12-01T09:01:00Z');
    const tasks = await seedTasks(a.baton.db, a.emulator, { count: 40, channels: 40, firstLook: day });
    // Slow posts keep both workers busy at once.
    a.emulator.faults.inject({ method: 'chat.postMessage', kind: 'latency', ms: 100, times: 40 });
    const nextMinute = new Date(day.getTime() + 60_000);
    await Promise.all([
      enqueueTick(a.baton.queue, day),
      enqueueTick(b.baton.queue, day),
      enqueueTick(b.baton.queue, nextMinute),
    ]);
    await expect
      .poll(async () => (await tasksOf(a.baton.db, team)).filter((t) => (t.next_checkin_at ?? day) <= nextMinute))
      .toEqual([]);
    const perThread = asksPerThread(a.emulator);
    expect(tasks.map((t) => perThread.get(t.thread_ts ?? '')?.length ?? 0)).toEqual(tasks.map(() => 1));
    const checkinJobs = (logs: Array<Record<string, unknown>>) =>
      logs.filter((l) => l.msg === 'job completed' && l.job === 'checkin').length;
    // A job's completion is logged just after its work is saved.
    await expect.poll(() => checkinJobs(a.logs) + checkinJobs(b.logs)).toBe(40);
    expect(checkinJobs(a.logs)).toBeGreaterThan(0);
    expect(checkinJobs(b.logs)).toBeGreaterThan(0);
  });
});
