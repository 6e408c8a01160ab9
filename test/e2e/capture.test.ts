import { sql } from 'kysely';
import { Client } from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { DEMO } from '../../src/sandbox';
import { startTestBaton } from '../support/baton';
import { settled } from '../support/settled';
import { blockIdOf, viewOpenedFor } from '../support/slack';
import { eventsOf, tasksOf } from '../support/tasks';

const { lena, marcus, yuki, former, otherBot } = DEMO.users;
const team = DEMO.teamId;

describe('inline capture', () => {
  it('hands a task to its owner, with a due date read in the lead’s zone and a parent message in the channel', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    const res = await slack.command({
      user: lena,
      text: `Write launch memo <@${marcus}|marcus> by Friday 3pm <#${DEMO.channels.general}|general>`,
    });
    expect(res.status).toBe(200);

    const offer = await emulator.waitFor((m) => m.dmUser === marcus && m.text.includes('Write launch memo'));
    expect(offer.text).toContain(`<@${lena}>`);
    expect(JSON.stringify(offer.blocks)).toMatch(/Accept.*Hand back/);
    const confirmation = await emulator.waitFor((m) => m.ephemeralTo === lena);
    expect(confirmation.text).toMatch(/Handed .*#1/);
    const parent = await emulator.waitFor(
      (m) => m.channel === DEMO.channels.general && m.text.includes('Write launch memo'),
    );

    const [task] = await tasksOf(baton.db, team);
    expect(task).toMatchObject({ number: 1, title: 'Write launch memo', owner_id: marcus, status: 'offered' });
    expect(task?.channel_id).toBe(DEMO.channels.general);
    // Lena is in Berlin: Friday 15:00 local.
    expect(task?.due_at?.toISOString()).toMatch(/T14:00:00.000Z$/);
    expect(task?.due_has_time).toBe(true);
    await expect.poll(async () => (await tasksOf(baton.db, team))[0]?.thread_ts).toBe(parent.ts);
    expect((await eventsOf(baton.db, team, task?.id ?? 0)).map((e) => e.kind)).toEqual(['captured', 'offered']);
  });

  it('keeps a task without an owner held, says when the lead will be asked, and hands it off from the select', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    await slack.command({ user: lena, text: 'Renew the SSL certificate' });
    const held = await emulator.waitFor((m) => m.ephemeralTo === lena);
    expect(held.text).toContain('#1');
    expect(JSON.stringify(held.blocks)).toMatch(
      /I'll ask you at 09:00 (today|tomorrow|on \w{3} \d+ \w{3}) who can own it/,
    );
    expect((await tasksOf(baton.db, team))[0]).toMatchObject({ status: 'held', owner_id: null });

    await slack.blockActions({
      user: lena,
      message: held,
      actions: [{ action_id: 'task_hand_to', block_id: blockIdOf(held, 'task_hand_to'), selected_user: yuki }],
    });
    await emulator.waitFor((m) => m.dmUser === yuki && m.text.includes('Renew the SSL certificate'));
    expect((await tasksOf(baton.db, team))[0]).toMatchObject({ status: 'offered', owner_id: yuki });
  });

  it('asks who is meant when a plain @name matches no one, and captures once the lead picks', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    await slack.command({ user: lena, text: 'Draft the budget @nobody-by-that-name' });
    const pick = await emulator.waitFor((m) => m.ephemeralTo === lena);
    expect(pick.text).toMatch(/couldn't tell who/i);
    expect(await tasksOf(baton.db, team)).toHaveLength(0);

    await slack.blockActions({
      user: lena,
      message: pick,
      actions: [
        { action_id: 'pending_pick_owner', block_id: blockIdOf(pick, 'pending_pick_owner'), selected_user: yuki },
      ],
    });
    await emulator.waitFor((m) => m.dmUser === yuki && m.text.includes('Draft the budget'));
    expect((await tasksOf(baton.db, team))[0]).toMatchObject({ title: 'Draft the budget', owner_id: yuki });
  });

  it('refuses a picked owner who cannot own tasks, saving nothing, and keeps the prompt to pick again', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    await slack.command({ user: lena, text: 'Draft the <budget> @nobody-by-that-name' });
    const pick = await emulator.waitFor((m) => m.ephemeralTo === lena);
    const pickOwner = (selected_user: string) =>
      slack.blockActions({
        user: lena,
        message: pick,
        actions: [{ action_id: 'pending_pick_owner', block_id: blockIdOf(pick, 'pending_pick_owner'), selected_user }],
      });
    await pickOwner(otherBot);
    const refusal = await emulator.waitFor((m) => m.ephemeralTo === lena && /is a bot/.test(m.text));
    expect(refusal.ts).not.toBe(pick.ts);
    expect(emulator.messages().find((m) => m.ts === pick.ts)?.text).toBe(pick.text);
    expect(await tasksOf(baton.db, team)).toHaveLength(0);

    await pickOwner(marcus);
    await expect.poll(async () => (await tasksOf(baton.db, team)).map((t) => t.owner_id)).toEqual([marcus]);
    expect((await tasksOf(baton.db, team))[0]?.title).toBe('Draft the <budget>');
    await expect.poll(() => emulator.messages().find((m) => m.ts === pick.ts)?.text).toMatch(/Handed/);
  });

  it('resolves a plain @name that matches exactly one person', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    const handle = emulator.user(team, marcus)?.name ?? '';
    await slack.command({ user: lena, text: `Book the offsite @${handle}` });
    await emulator.waitFor((m) => m.dmUser === marcus && m.text.includes('Book the offsite'));
    expect((await tasksOf(baton.db, team))[0]?.owner_id).toBe(marcus);
  });

  it('says back a date it cannot read and stores nothing until the lead fixes it', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    await slack.command({ user: lena, text: 'Ship the beta due whenever-ish' });
    const fix = await emulator.waitFor((m) => m.ephemeralTo === lena);
    expect(fix.text).toContain('whenever-ish');
    expect(await tasksOf(baton.db, team)).toHaveLength(0);

    await slack.blockActions({
      user: lena,
      message: fix,
      actions: [
        { action_id: 'pending_pick_due', block_id: blockIdOf(fix, 'pending_pick_due'), selected_date: '2099-01-15' },
      ],
    });
    await expect.poll(async () => (await tasksOf(baton.db, team)).length).toBe(1);
    const [task] = await tasksOf(baton.db, team);
    expect(task?.title).toBe('Ship the beta');
    expect(task?.due_at?.toISOString()).toBe('2099-01-15T16:00:00.000Z'); // 17:00 in Berlin
  });

  it('joins a public channel it is not in; refuses a private one it was not invited to', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    await slack.command({ user: lena, text: `Plan the retro <@${marcus}> <#${DEMO.channels.random}|random>` });
    await emulator.waitFor((m) => m.channel === DEMO.channels.random && m.text.includes('Plan the retro'));
    expect(emulator.calls.some((c) => c.method === 'conversations.join')).toBe(true);

    await slack.command({ user: lena, text: `Secret plan <@${marcus}> <#${DEMO.channels.secret}|secret>` });
    const refusal = await emulator.waitFor((m) => m.ephemeralTo === lena && /invite @Baton/i.test(m.text));
    expect(refusal.text).toContain(DEMO.channels.secret);
    expect((await tasksOf(baton.db, team)).map((t) => t.title)).toEqual(['Plan the retro']);
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['a bot as owner', `Fix CI <@${otherBot}>`, /is a bot/],
    ['a deactivated owner', `Fix CI <@${former}>`, /is deactivated/],
    ['a user who does not exist', 'Fix CI <@U0NOBODY00>', /isn't a member/],
    ['a date in the past', 'Fix CI by 2020-01-01', /in the past/],
    ['a title over 200 characters', `${'x'.repeat(201)} <@${DEMO.users.marcus}>`, /at most 200 characters/],
    ['two owners', `Fix CI <@${marcus}> <@${yuki}>`, /one owner/i],
  ])('%s', async (_, text, message) => {
    const { slack, emulator, baton } = await startTestBaton();
    const res = await slack.command({ user: lena, text });
    expect(res.status).toBe(200);
    const reply = await emulator.waitFor((m) => m.ephemeralTo === lena);
    expect(`${reply.text} ${JSON.stringify(reply.blocks)}`).toMatch(message);
    expect(await tasksOf(baton.db, team)).toHaveLength(0);
    expect(emulator.messages().filter((m) => m.dmUser && m.dmUser !== lena)).toHaveLength(0);
  });

  it('answers an unknown task number clearly', async () => {
    const { slack, emulator } = await startTestBaton();
    await slack.command({ user: lena, text: 'done #42' });
    expect((await emulator.waitFor((m) => m.ephemeralTo === lena)).text).toMatch(/no task #42/i);
  });

  it('escapes user text so a title cannot ping anyone', async () => {
    const { slack, emulator } = await startTestBaton();
    await slack.command({ user: lena, text: `<!channel> & <!here> tell everyone <@${marcus}>` });
    const offer = await emulator.waitFor((m) => m.dmUser === marcus);
    const everything = `${offer.text} ${JSON.stringify(offer.blocks)}`;
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<!here>');
    expect(everything).toContain('&lt;!channel&gt; &amp; &lt;!here&gt;');
  });
});

describe('duplicates and faults', () => {
  it('makes one task of a command delivered twice (a retry, then the same payload replayed)', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    const first = await slack.command({ user: lena, text: `Order laptops <@${marcus}>` });
    const again = {
      user: lena,
      text: `Order laptops <@${marcus}>`,
      triggerId: first.triggerId,
      responseUrl: first.responseUrl,
    };
    await slack.command({ ...again, retryNum: 1, retryReason: 'http_timeout' });
    await slack.command(again);
    await expect.poll(() => emulator.messages().filter((m) => m.ephemeralTo === lena).length).toBe(3);
    expect(await tasksOf(baton.db, team)).toHaveLength(1);
    await emulator.waitFor((m) => m.dmUser === marcus);
    await settled(baton);
    expect(emulator.messages().filter((m) => m.dmUser === marcus)).toHaveLength(1);
  });

  it('acks every command before any Slack Web API call', async () => {
    const { slack, emulator } = await startTestBaton();
    emulator.faults.inject({ method: '*', kind: 'latency', ms: 4_000, times: Number.POSITIVE_INFINITY });
    for (const text of ['', 'help', 'list', `Order chairs <@${marcus}> <#${DEMO.channels.random}|random>`, 'done #1']) {
      const res = await slack.command({ user: lena, text });
      expect(res.status).toBe(200);
      // Had the app waited on any (4-second) Web API call before acking, this could not hold.
      expect(res.ms).toBeLessThan(3_000);
    }
  });

  it('acks a form submission (with its field checks) before any Slack Web API call', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    await slack.command({ user: lena, text: '' });
    const view = await viewOpenedFor(emulator, lena);
    emulator.faults.inject({ method: '*', kind: 'latency', ms: 4_000, times: Number.POSITIVE_INFINITY });
    const bad = await slack.viewSubmission({
      user: lena,
      view: view.id,
      values: formValues({ title: 'x', owner: otherBot }),
    });
    expect(bad.ms).toBeLessThan(3_000);
    expect((bad.json as { response_action?: string }).response_action).toBe('errors');
    const good = await slack.viewSubmission({
      user: lena,
      view: view.id,
      values: formValues({ title: 'Fix CI', owner: yuki }),
    });
    expect(good.status).toBe(200);
    expect(good.ms).toBeLessThan(3_000);
    await expect.poll(async () => (await tasksOf(baton.db, team)).length, { timeout: 15_000 }).toBe(1);
  });

  it('answers "couldn’t save that" with the text echoed when Redis is down, and stores nothing', async () => {
    const { slack, emulator, baton } = await startTestBaton({ role: 'web', env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    const text = `Write the Q3 plan <@${marcus}> by Friday`;
    const res = await slack.command({ user: lena, text });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3_000);
    const reply = await emulator.waitFor((m) => m.ephemeralTo === lena, { timeoutMs: 10_000 });
    expect(reply.text).toMatch(/Couldn't save that, try again/);
    expect(reply.text).toContain('Write the Q3 plan');
    expect(await tasksOf(baton.db, team)).toHaveLength(0);
  });

  it('answers "couldn’t save that" when Postgres goes away, still acking at once', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    const database = (await sql<{ db: string }>`select current_database() as db`.execute(baton.db)).rows[0]?.db ?? '';
    const admin = new Client({ connectionString: inject('adminDatabaseUrl') });
    await admin.connect();
    await admin.query(`alter database "${database}" with allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [database]);
    await admin.end();
    const res = await slack.command({ user: lena, text: 'Write the Q4 plan' });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3_000);
    const reply = await emulator.waitFor((m) => m.ephemeralTo === lena, { timeoutMs: 15_000 });
    expect(reply.text).toMatch(/Couldn't save that, try again/);
    expect(reply.text).toContain('Write the Q4 plan');
  });
});

describe('the capture form', () => {
  it('opens on /delegate with no text and captures what is submitted', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    const res = await slack.command({ user: lena, text: '' });
    const view = await viewOpenedFor(emulator, lena);
    expect(view.view.callback_id).toBe('capture_modal');
    expect(res.status).toBe(200);

    const submitted = await slack.viewSubmission({
      user: lena,
      view: view.id,
      values: formValues({ title: 'Hire a designer', owner: yuki, due_date: '2099-03-02', cadence: 'weekly' }),
    });
    expect(submitted.status).toBe(200);
    await emulator.waitFor((m) => m.dmUser === yuki && m.text.includes('Hire a designer'));
    await emulator.waitFor((m) => m.dmUser === lena && /Handed/.test(m.text));
    expect((await tasksOf(baton.db, team))[0]).toMatchObject({
      title: 'Hire a designer',
      owner_id: yuki,
      source: 'modal',
      checkin_cadence: 'weekly',
    });
  });

  it.each([
    ['a bot as owner', { title: 'Fix CI', owner: otherBot }, 'owner', /bot/],
    ['a deactivated owner', { title: 'Fix CI', owner: former }, 'owner', /deactivated/],
    ['a due date in the past', { title: 'Fix CI', due_date: '2020-05-01' }, 'due_date', /past/],
    ['a title over 200 characters', { title: 'y'.repeat(201) }, 'title', /200/],
  ])('answers %s with an error on the field and stores nothing', async (_, fields, field, message) => {
    const { slack, emulator, baton } = await startTestBaton();
    await slack.command({ user: lena, text: '' });
    const view = await viewOpenedFor(emulator, lena);
    const res = await slack.viewSubmission({ user: lena, view: view.id, values: formValues(fields) });
    const body = res.json as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors?.[field]).toMatch(message);
    expect(await tasksOf(baton.db, team)).toHaveLength(0);
  });

  it('opens prefilled from the "Delegate this" message shortcut, with a link to the message', async () => {
    const { slack, emulator, baton } = await startTestBaton();
    const message = emulator.postAsUser({
      teamId: team,
      channel: DEMO.channels.general,
      user: marcus,
      text: 'Can someone update the onboarding doc?\nIt still mentions the old VPN.',
    });
    await slack.messageAction({
      user: lena,
      callbackId: 'delegate_message',
      channel: DEMO.channels.general,
      message,
    });
    const view = await viewOpenedFor(emulator, lena);
    expect(JSON.stringify(view.view)).toContain('Can someone update the onboarding doc?');
    await emulator.waitForCall((c) => c.method === 'views.update');
    const updated = emulator.view(view.id);
    expect(JSON.stringify(updated?.view)).toMatch(/archives/);

    await slack.viewSubmission({
      user: lena,
      view: view.id,
      values: formValues({ title: 'Update the onboarding doc', owner: marcus }),
    });
    await expect.poll(async () => (await tasksOf(baton.db, team)).length).toBe(1);
    const [task] = await tasksOf(baton.db, team);
    expect(task).toMatchObject({ source: 'shortcut', title: 'Update the onboarding doc' });
    expect(task?.source_permalink).toMatch(/archives/);
  });
});

/** state.values of the capture form: block id = action id = field id. */
function formValues(fields: Record<string, string>): Record<string, Record<string, unknown>> {
  const kinds: Record<string, (v: string) => Record<string, unknown>> = {
    title: (v) => ({ type: 'plain_text_input', value: v }),
    details: (v) => ({ type: 'plain_text_input', value: v }),
    owner: (v) => ({ type: 'users_select', selected_user: v }),
    due_date: (v) => ({ type: 'datepicker', selected_date: v }),
    due_time: (v) => ({ type: 'timepicker', selected_time: v }),
    channel: (v) => ({ type: 'conversations_select', selected_conversation: v }),
    cadence: (v) => ({ type: 'static_select', selected_option: { value: v } }),
  };
  return Object.fromEntries(
    Object.entries(fields).map(([id, value]) => [id, { [id]: kinds[id]?.(value) ?? { value } }]),
  );
}
