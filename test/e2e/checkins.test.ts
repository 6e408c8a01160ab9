import { describe, expect, it } from 'vitest';
import { tickJobId } from '../../src/queue/jobs';
import { enqueueTick } from '../../src/queue/producer';
import { DEMO, OTHER, type PostedMessage } from '../../src/sandbox';
import { startTestBaton, type TestBaton } from '../support/baton';
import { settled } from '../support/settled';
import { viewOpenedFor } from '../support/slack';
import { eventsOf, tasksOf } from '../support/tasks';

const { lena, marcus, yuki } = DEMO.users;
const team = DEMO.teamId;
const general = DEMO.channels.general;

/** Lena hands a task to Marcus with check-ins in #general; Marcus accepts. Daily check-ins unless told otherwise. */
async function acceptedTask(t: TestBaton, opts: { channel?: string | null; cadence?: string; due?: string } = {}) {
  const channel = opts.channel === undefined ? ` <#${general}|general>` : opts.channel ? ` <#${opts.channel}|x>` : '';
  const due = opts.due ? ` by ${opts.due}` : '';
  await t.slack.command({ user: lena, text: `Ship the beta <@${marcus}>${due}${channel}` });
  const offer = await t.emulator.waitFor((m) => m.dmUser === marcus && JSON.stringify(m.blocks).includes('Accept'));
  await t.slack.click({ user: marcus, message: offer, buttonText: 'Accept' });
  await t.emulator.waitFor((m) => m.dmUser === lena && /accepted/.test(m.text));
  await t.baton.db
    .updateTable('tasks')
    .set({ checkin_cadence: (opts.cadence ?? 'daily') as 'daily' })
    .execute();
  await expect.poll(async () => (await tasksOf(t.baton.db, team))[0]?.next_checkin_at).not.toBeNull();
  // The parent message is posted by another job than the one that told the lead: wait for its ts too.
  if (opts.channel !== null)
    await expect.poll(async () => (await tasksOf(t.baton.db, team))[0]?.thread_ts).toBeTruthy();
  const [task] = await tasksOf(t.baton.db, team);
  if (!task) throw new Error('no task');
  return task;
}

/** Ticks a minute after the task's next check-in look and waits for the worker to finish it. */
async function nextCheckinDay(t: TestBaton): Promise<Date> {
  const [task] = await tasksOf(t.baton.db, team);
  if (!task?.next_checkin_at) throw new Error('no check-in scheduled');
  const at = new Date(task.next_checkin_at.getTime() + 60_000);
  await enqueueTick(t.baton.queue, at);
  await expect
    .poll(async () => (await t.baton.queue.getJob(tickJobId(at)))?.finishedOn, { timeout: 10_000 })
    .toBeDefined();
  await expect
    .poll(async () => (await tasksOf(t.baton.db, team))[0]?.next_checkin_at?.getTime() ?? 0, { timeout: 10_000 })
    .toBeGreaterThan(at.getTime());
  return at;
}

const checkinsIn = (t: TestBaton, where: (m: PostedMessage) => boolean) =>
  t.emulator.messages().filter((m) => where(m) && /check-in on|a nudge|When will it be done/.test(m.text));

describe('check-ins in the task’s thread', () => {
  it('asks the owner in the thread; At risk tells the lead, and the parent and the check-in show the answer', async () => {
    const t = await startTestBaton();
    const task = await acceptedTask(t);
    await nextCheckinDay(t);
    const checkin = await t.emulator.waitFor((m) => m.threadTs === task.thread_ts && /check-in on/.test(m.text));
    expect(checkin.channel).toBe(general);
    expect(checkin.text).toContain(`<@${marcus}>`);
    expect(JSON.stringify(checkin.blocks)).toMatch(/On track.*At risk.*Blocked.*Done.*Add a note/);

    await t.slack.click({ user: marcus, message: checkin, buttonText: '🟠 At risk' });
    const alert = await t.emulator.waitFor((m) => m.dmUser === lena && /At risk/.test(m.text));
    expect(alert.text).toContain(`<@${marcus}>`);
    await expect.poll(() => t.emulator.messages().find((m) => m.ts === checkin.ts)?.text).toMatch(/At risk/);
    await expect.poll(() => t.emulator.messages().find((m) => m.ts === task.thread_ts)?.text).toMatch(/At risk/);
    const row = (await tasksOf(t.baton.db, team))[0];
    expect(row?.last_status).toBe('at_risk');
    expect((await eventsOf(t.baton.db, team, task.id)).at(-1)).toMatchObject({ kind: 'checkin', actor_id: marcus });
  });

  it('Done completes the task, says so in the thread and tells the lead', async () => {
    const t = await startTestBaton();
    const task = await acceptedTask(t);
    await nextCheckinDay(t);
    const checkin = await t.emulator.waitFor((m) => m.threadTs === task.thread_ts && /check-in on/.test(m.text));
    await t.slack.click({ user: marcus, message: checkin, buttonText: '🏁 Done' });
    await t.emulator.waitFor((m) => m.dmUser === lena && /finished/.test(m.text));
    await t.emulator.waitFor((m) => m.threadTs === task.thread_ts && /marked .* done/.test(m.text));
    expect((await tasksOf(t.baton.db, team))[0]?.status).toBe('done');
    expect((await tasksOf(t.baton.db, team))[0]?.next_checkin_at).toBeNull();
  });

  it('refuses anyone but the owner or the lead, changing nothing', async () => {
    const t = await startTestBaton();
    const task = await acceptedTask(t);
    await nextCheckinDay(t);
    const checkin = await t.emulator.waitFor((m) => m.threadTs === task.thread_ts && /check-in on/.test(m.text));
    await t.slack.click({ user: yuki, message: checkin, buttonText: '🔴 Blocked' });
    expect((await t.emulator.waitFor((m) => m.ephemeralTo === yuki)).text).toMatch(/Only the owner or the lead/);
    const forged = await t.slack.click({
      team: OTHER.teamId,
      user: OTHER.users.olga,
      message: checkin,
      buttonText: '🔴 Blocked',
    });
    expect(forged.status).toBe(200);
    const row = (await tasksOf(t.baton.db, team))[0];
    expect(row?.last_status).toBeNull();
    expect((await eventsOf(t.baton.db, team, task.id)).some((e) => e.kind === 'checkin')).toBe(false);
  });

  it('records a free-text reply by the owner in the thread as a note on the latest check-in', async () => {
    const t = await startTestBaton();
    const task = await acceptedTask(t);
    await nextCheckinDay(t);
    await t.emulator.waitFor((m) => m.threadTs === task.thread_ts && /check-in on/.test(m.text));
    const reply = t.emulator.postAsUser({
      teamId: team,
      channel: general,
      user: marcus,
      text: 'Waiting on legal review',
      threadTs: task.thread_ts ?? '',
    });
    await t.slack.event({
      event: {
        type: 'message',
        channel: general,
        user: marcus,
        text: reply.text,
        ts: reply.ts,
        thread_ts: task.thread_ts,
      },
    });
    await expect
      .poll(async () => (await t.baton.db.selectFrom('checkins').select('note').executeTakeFirst())?.note)
      .toBe('Waiting on legal review');
  });

  it('posts by DM to the owner when the task has no channel', async () => {
    const t = await startTestBaton();
    await acceptedTask(t, { channel: null });
    await nextCheckinDay(t);
    const checkin = await t.emulator.waitFor((m) => m.dmUser === marcus && /check-in on/.test(m.text));
    expect(checkin.threadTs).toBeUndefined();
  });
});

describe('silence, overdue and channels that go away', () => {
  it('reminds once after a working day of silence, then escalates once to the lead, who can nudge, reassign and take it back', async () => {
    const t = await startTestBaton();
    const task = await acceptedTask(t, { cadence: 'weekly' });
    await t.baton.db.updateTable('tasks').set({ checkin_cadence: 'daily' }).execute();
    await nextCheckinDay(t); // a check-in
    await t.baton.db.updateTable('tasks').set({ checkin_cadence: 'none' }).execute();
    await nextCheckinDay(t); // silence: a reminder
    await nextCheckinDay(t); // still silent: the lead is told
    await nextCheckinDay(t); // and not told again
    const thread = checkinsIn(t, (m) => m.threadTs === task.thread_ts);
    expect(thread.map((m) => (/a nudge/.test(m.text) ? 'reminder' : 'checkin'))).toEqual(['checkin', 'reminder']);
    const escalations = () =>
      t.emulator.messages().filter((m) => m.dmUser === lena && /hasn't checked in/.test(m.text));
    await expect.poll(() => escalations().length).toBe(1);
    await settled(t.baton);
    expect(escalations()).toHaveLength(1);
    expect(escalations()[0]?.text).toMatch(/2 working days/);

    await t.slack.click({ user: lena, message: escalations()[0] as PostedMessage, buttonText: 'Nudge' });
    await expect.poll(() => checkinsIn(t, (m) => m.threadTs === task.thread_ts).length).toBe(3);
    expect(checkinsIn(t, (m) => m.threadTs === task.thread_ts).at(-1)?.text).toMatch(/a nudge/);
    expect((await eventsOf(t.baton.db, team, task.id)).map((e) => [e.kind, e.actor_id])).toContainEqual([
      'nudged',
      lena,
    ]);

    await t.slack.click({ user: lena, message: escalations()[0] as PostedMessage, buttonText: 'Reassign' });
    const modal = await viewOpenedFor(t.emulator, lena);
    await t.slack.viewSubmission({
      user: lena,
      view: modal.id,
      values: { new_owner: { new_owner: { type: 'users_select', selected_user: yuki } } },
    });
    await t.emulator.waitFor((m) => m.dmUser === yuki && m.text.includes('Ship the beta'));
    expect((await tasksOf(t.baton.db, team))[0]).toMatchObject({ owner_id: yuki, status: 'offered' });

    await t.slack.click({ user: lena, message: escalations()[0] as PostedMessage, buttonText: 'Take it back' });
    await expect.poll(async () => (await tasksOf(t.baton.db, team))[0]?.status).toBe('held');
    await t.emulator.waitFor((m) => m.dmUser === yuki && /off your plate/.test(m.text));
  });

  it('asks for a new date the working day after the due date; a new date is recorded and the lead told', async () => {
    const t = await startTestBaton();
    const task = await acceptedTask(t, { cadence: 'none', due: 'tomorrow' });
    await t.baton.db
      .updateTable('tasks')
      .set({ due_at: new Date(Date.now() - 3 * 86_400_000) })
      .execute();
    await nextCheckinDay(t);
    const ask = await t.emulator.waitFor((m) => m.threadTs === task.thread_ts && /When will it be done/.test(m.text));
    await expect.poll(() => t.emulator.messages().find((m) => m.ts === task.thread_ts)?.text).toMatch(/overdue/);
    const blockId = (ask.blocks as Array<{ block_id?: string; elements?: Array<{ action_id?: string }> }>).find((b) =>
      b.elements?.some((e) => e.action_id === 'checkin_new_due'),
    )?.block_id;
    await t.slack.blockActions({
      user: marcus,
      message: ask,
      actions: [{ action_id: 'checkin_new_due', block_id: blockId, selected_date: '2099-02-02' }],
    });
    await t.emulator.waitFor((m) => m.dmUser === lena && /moved/.test(m.text));
    await t.emulator.waitFor((m) => m.threadTs === task.thread_ts && /New due date/.test(m.text));
    expect((await eventsOf(t.baton.db, team, task.id)).at(-1)).toMatchObject({ kind: 'due_changed', actor_id: marcus });
    expect((await tasksOf(t.baton.db, team))[0]?.due_at?.getUTCFullYear()).toBe(2099);
  });

  it('falls back to DMs when the channel is archived, telling the lead once', async () => {
    const t = await startTestBaton();
    const task = await acceptedTask(t);
    t.emulator.archiveChannel(team, general);
    await nextCheckinDay(t);
    await nextCheckinDay(t);
    const dms = t.emulator.messages().filter((m) => m.dmUser === marcus && /check-in on|a nudge/.test(m.text));
    expect(dms).toHaveLength(2);
    expect(checkinsIn(t, (m) => m.threadTs === task.thread_ts)).toHaveLength(0);
    const notices = t.emulator.messages().filter((m) => m.dmUser === lena && /can't post in/.test(m.text));
    expect(notices).toHaveLength(1);
  });

  it('answers from the note form: the note and the status land on the check-in', async () => {
    const t = await startTestBaton();
    const task = await acceptedTask(t);
    await nextCheckinDay(t);
    const checkin = await t.emulator.waitFor((m) => m.threadTs === task.thread_ts && /check-in on/.test(m.text));
    await t.slack.click({ user: marcus, message: checkin, buttonText: '📝 Add a note' });
    const modal = await viewOpenedFor(t.emulator, marcus);
    await t.slack.viewSubmission({
      user: marcus,
      view: modal.id,
      values: {
        checkin_note_text: {
          checkin_note_text: { type: 'plain_text_input', value: 'Blocked on the <vendor> & legal' },
        },
        checkin_status: { checkin_status: { type: 'static_select', selected_option: { value: 'blocked' } } },
      },
    });
    const alert = await t.emulator.waitFor((m) => m.dmUser === lena && /Blocked/.test(m.text));
    expect(alert.text).toContain('&lt;vendor&gt; &amp; legal');
    const row = await t.baton.db.selectFrom('checkins').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'blocked', note: 'Blocked on the <vendor> & legal', answered_by: marcus });
  });
});
