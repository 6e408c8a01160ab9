import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/sandbox';
import { startTestBaton, type TestBaton } from '../support/baton';
import { settled } from '../support/settled';
import { viewOpenedFor } from '../support/slack';
import { tasksOf } from '../support/tasks';

const { lena, marcus, yuki, sofia } = DEMO.users;
const team = DEMO.teamId;

function openHome(t: TestBaton, user: string, tab = 'home') {
  return t.slack.event({ event: { type: 'app_home_opened', user, channel: 'D0HOME0001', tab } });
}

const publishesFor = (t: TestBaton, user: string) =>
  t.emulator.calls.filter((c) => c.method === 'views.publish' && c.params.user_id === user && c.status === 200);

/** The Home Baton last published for `user`, as text (waits for one whose text matches `until`). */
async function homeOf(t: TestBaton, user: string, until: RegExp = /./): Promise<string> {
  await expect.poll(() => JSON.stringify(t.emulator.homeView(team, user)?.view.blocks ?? null)).toMatch(until);
  return JSON.stringify(t.emulator.homeView(team, user)?.view.blocks);
}

function homeId(t: TestBaton, user: string): string {
  const id = t.emulator.homeView(team, user)?.id;
  if (!id) throw new Error(`no Home published for ${user}`);
  return id;
}

describe('the App Home', () => {
  it('welcomes a first-time user with what Baton does and how to start', async () => {
    const t = await startTestBaton();
    const res = await openHome(t, sofia);
    expect(res.status).toBe(200);
    const home = await homeOf(t, sofia, /Welcome to Baton/);
    expect(home).toContain('/delegate settings');
    expect(home).toContain('home_settings');
    expect(publishesFor(t, sofia)).toHaveLength(1);
  });

  it('shows a lead their impact, what they hold with the prompt’s actions, and what they delegated; the actions work from the Home', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Renew the domain' });
    await t.slack.command({ user: lena, text: `Write the launch memo <@${marcus}>` });
    const offer = await t.emulator.waitFor((m) => m.dmUser === marcus && JSON.stringify(m.blocks).includes('Accept'));
    await t.slack.click({ user: marcus, message: offer, buttonText: 'Accept' });
    await t.emulator.waitFor((m) => m.dmUser === lena && /accepted/.test(m.text));
    await settled(t.baton);

    await openHome(t, lena);
    const home = await homeOf(t, lena, /Your impact/);
    expect(home).toMatch(/You hold \(1\)/);
    expect(home).toContain('Renew the domain');
    expect(home).toMatch(/Delegated \(1\)/);
    expect(home).toMatch(new RegExp(`<@${marcus}> · 1 open`));
    expect(home).toContain('prompt_hand_to');

    // "Hand to…" from the Home: the task is offered, and the Home shows it delegated.
    const [held] = (await tasksOf(t.baton.db, team)).filter((row) => row.status === 'held');
    await t.slack.blockActions({
      user: lena,
      view: homeId(t, lena),
      actions: [{ action_id: 'prompt_hand_to', block_id: `task:${held?.id}`, selected_user: yuki }],
    });
    await t.emulator.waitFor((m) => m.dmUser === yuki && m.text.includes('Renew the domain'));
    expect(await homeOf(t, lena, /Delegated \(2\)/)).toMatch(/You hold \(0\)/);

    // Settings from the Home open the settings form.
    await t.slack.blockActions({
      user: lena,
      view: homeId(t, lena),
      actions: [{ action_id: 'home_settings', block_id: 'home', value: 'settings' }],
    });
    const modal = await viewOpenedFor(t.emulator, lena);
    expect(modal.view.callback_id).toBe('settings_modal');
    expect(JSON.stringify(modal.view.blocks)).toContain('digest_day');
  });

  it('snoozes, keeps and drops held tasks from the Home, with the prompt’s actions', async () => {
    const t = await startTestBaton();
    for (const title of ['Snooze me', 'Keep me', 'Drop me']) await t.slack.command({ user: lena, text: title });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && m.text.includes('Drop me'));
    await openHome(t, lena);
    await homeOf(t, lena, /You hold \(3\)/);
    // Each /delegate is saved after its ack, so the three may be numbered in any order.
    const byTitle = new Map((await tasksOf(t.baton.db, team)).map((row) => [row.title, row]));
    const [snooze, keep, drop] = ['Snooze me', 'Keep me', 'Drop me'].map((title) => byTitle.get(title));

    await t.slack.blockActions({
      user: lena,
      view: homeId(t, lena),
      actions: [{ action_id: 'prompt_snooze', block_id: `task:${snooze?.id}`, selected_option: { value: 'tomorrow' } }],
    });
    await t.slack.blockActions({
      user: lena,
      view: homeId(t, lena),
      actions: [{ action_id: 'prompt_drop', block_id: `task:${drop?.id}`, value: String(drop?.id) }],
    });
    await t.slack.blockActions({
      user: lena,
      view: homeId(t, lena),
      actions: [{ action_id: 'prompt_keep', block_id: `task:${keep?.id}`, value: String(keep?.id) }],
    });
    const modal = await viewOpenedFor(t.emulator, lena);
    await t.slack.viewSubmission({
      user: lena,
      view: modal.id,
      values: { keep_reason: { keep_reason: { type: 'plain_text_input', value: 'Needs my signature' } } },
    });
    await expect
      .poll(async () => {
        const rows = await tasksOf(t.baton.db, team);
        return ['Snooze me', 'Keep me', 'Drop me'].map((title) => {
          const row = rows.find((r) => r.title === title);
          return [title, row?.status, row?.snoozed_until != null, row?.kept_until != null];
        });
      })
      .toEqual([
        ['Snooze me', 'held', true, false],
        ['Keep me', 'held', false, true],
        ['Drop me', 'dropped', false, false],
      ]);
    await settled(t.baton);
    expect(await homeOf(t, lena)).toMatch(/You hold \(2\)/);
  });

  it('shows an owner what they own with Done and Add a note, then what they finished', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: `Write the launch memo <@${marcus}>` });
    const offer = await t.emulator.waitFor((m) => m.dmUser === marcus && JSON.stringify(m.blocks).includes('Accept'));
    await t.slack.click({ user: marcus, message: offer, buttonText: 'Accept' });
    await settled(t.baton);
    await openHome(t, marcus);
    const home = await homeOf(t, marcus, /You own \(1\)/);
    expect(home).toContain('Write the launch memo');
    expect(home).toContain('task_done');
    expect(home).toContain('task_add_note');
    const [task] = await tasksOf(t.baton.db, team);

    await t.slack.blockActions({
      user: marcus,
      view: homeId(t, marcus),
      actions: [{ action_id: 'task_add_note', block_id: `task:${task?.id}`, value: String(task?.id) }],
    });
    const note = await viewOpenedFor(t.emulator, marcus);
    // Never asked about: the check-in comes with the note, so a cancelled form leaves none behind.
    expect(await t.baton.db.selectFrom('checkins').select('id').execute()).toEqual([]);
    await t.slack.viewSubmission({
      user: marcus,
      view: note.id,
      values: { checkin_note_text: { checkin_note_text: { type: 'plain_text_input', value: 'Draft is out' } } },
    });
    await expect
      .poll(async () =>
        (
          await t.baton.db
            .selectFrom('checkins')
            .select('note')
            .where('task_id', '=', task?.id ?? 0)
            .execute()
        ).map((c) => c.note),
      )
      .toEqual(['Draft is out']);

    await t.slack.blockActions({
      user: marcus,
      view: homeId(t, marcus),
      actions: [{ action_id: 'task_done', block_id: `task:${task?.id}`, value: String(task?.id) }],
    });
    await t.emulator.waitFor((m) => m.dmUser === lena && /finished/.test(m.text));
    const after = await homeOf(t, marcus, /You finished recently/);
    expect(after).toMatch(/You own \(0\)/);
  });

  it('reopens a finished task with /delegate reopen: the lead holds it again, and their Home shows it', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: `Write the launch memo <@${marcus}>` });
    await t.emulator.waitFor((m) => m.dmUser === marcus && JSON.stringify(m.blocks).includes('Accept'));
    await t.slack.command({ user: marcus, text: 'done #1' });
    await t.emulator.waitFor((m) => m.dmUser === lena && /finished/.test(m.text));
    await openHome(t, lena);
    expect(await homeOf(t, lena, /You hold \(0\)/)).toMatch(
      new RegExp(`Finished by your team\\* \\(7 days\\)\\\\n🏁 \\*#1\\* Write the launch memo — <@${marcus}>`),
    );

    await t.slack.command({ user: marcus, text: 'reopen #1' });
    await t.emulator.waitFor((m) => m.ephemeralTo === marcus && /Only the lead/.test(m.text));
    await t.slack.command({ user: lena, text: 'reopen #1' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && /Reopened \*#1\*/.test(m.text));
    const [task] = await tasksOf(t.baton.db, team);
    expect([task?.status, task?.owner_id, task?.done_at]).toEqual(['held', null, null]);
    expect(await homeOf(t, lena, /You hold \(1\)/)).toContain('Write the launch memo');
    await t.slack.command({ user: lena, text: 'reopen #1' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && /still open/.test(m.text));
  });

  it('is republished debounced: many opens and task events make few publishes, the last one current', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Task zero' });
    await settled(t.baton);
    await Promise.all(Array.from({ length: 10 }, () => openHome(t, lena)));
    await settled(t.baton);
    expect(publishesFor(t, lena).length).toBeGreaterThanOrEqual(1);
    expect(publishesFor(t, lena).length).toBeLessThanOrEqual(2);

    const before = publishesFor(t, lena).length;
    for (let i = 1; i <= 8; i++) await t.slack.command({ user: lena, text: `Task number ${i}` });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && m.text.includes('Task number 8'));
    await settled(t.baton);
    const more = publishesFor(t, lena).length - before;
    expect(more).toBeGreaterThanOrEqual(1);
    expect(more).toBeLessThan(8);
    expect(await homeOf(t, lena)).toMatch(/You hold \(9\)/);
    // Nobody else opened a Home: nobody else's is published.
    expect(t.emulator.calls.filter((c) => c.method === 'views.publish' && c.params.user_id !== lena)).toHaveLength(0);
  });

  it('ignores other tabs and refuses junk app_home_opened events without publishing anything', async () => {
    const t = await startTestBaton();
    expect((await openHome(t, lena, 'messages')).status).toBe(200);
    const junk: Array<Record<string, unknown>> = [
      { type: 'app_home_opened' },
      { type: 'app_home_opened', user: 'not a user', tab: 'home' },
      { type: 'app_home_opened', user: { id: lena }, tab: 'home' },
      { type: 'app_home_opened', user: lena, tab: 'x'.repeat(100_000) },
      { type: 'app_home_opened', user: lena, tab: ['home'] },
      { type: 'app_home_opened', user: `${lena}'; drop table users; --`, tab: 'home' },
    ];
    for (const event of junk) {
      const res = await t.slack.event({ event });
      expect(res.status, JSON.stringify(event).slice(0, 80)).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
    }
    await settled(t.baton);
    expect(t.emulator.calls.filter((c) => c.method === 'views.publish')).toHaveLength(0);
  });
});
