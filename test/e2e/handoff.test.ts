import { describe, expect, it } from 'vitest';
import { DEMO, OTHER, type PostedMessage } from '../../src/sandbox';
import { startTestBaton, type TestBaton } from '../support/baton';
import { blockIdOf, viewOpenedFor } from '../support/slack';
import { eventsOf, tasksOf } from '../support/tasks';

const { lena, marcus, yuki, sofia } = DEMO.users;
const team = DEMO.teamId;

/** Lena hands "Write launch memo" to Marcus; returns the offer Marcus got. */
async function handOff(t: TestBaton, title = 'Write launch memo', owner: string = marcus): Promise<PostedMessage> {
  await t.slack.command({ user: lena, text: `${title} <@${owner}> by Friday` });
  return t.emulator.waitFor(
    (m) => m.dmUser === owner && m.text.includes(title) && JSON.stringify(m.blocks).includes('Accept'),
  );
}

describe('the owner answers', () => {
  it('accepts: the offer loses its buttons and the lead is told', async () => {
    const t = await startTestBaton();
    const offer = await handOff(t);
    const res = await t.slack.click({ user: marcus, message: offer, buttonText: 'Accept' });
    expect(res.status).toBe(200);
    const told = await t.emulator.waitFor((m) => m.dmUser === lena && /accepted/.test(m.text));
    expect(told.text).toContain(`<@${marcus}>`);
    await expect.poll(() => t.emulator.messages().find((m) => m.ts === offer.ts)?.text).toMatch(/You accepted/);
    const [task] = await tasksOf(t.baton.db, team);
    expect(task?.status).toBe('accepted');
    expect((await eventsOf(t.baton.db, team, task?.id ?? 0)).map((e) => [e.kind, e.actor_id])).toEqual([
      ['captured', lena],
      ['offered', lena],
      ['accepted', marcus],
    ]);
  });

  it('hands back with a reason: the task is held again, the reason in its history and in the lead’s DM', async () => {
    const t = await startTestBaton();
    const offer = await handOff(t);
    await t.slack.click({ user: marcus, message: offer, buttonText: 'Hand back' });
    const modal = await viewOpenedFor(t.emulator, marcus);
    expect(modal.view.callback_id).toBe('hand_back_modal');
    await t.slack.viewSubmission({
      user: marcus,
      view: modal.id,
      values: { reason: { reason: { type: 'plain_text_input', value: 'I am out next week & swamped' } } },
    });
    const told = await t.emulator.waitFor((m) => m.dmUser === lena && /handed back/.test(m.text));
    expect(told.text).toContain('I am out next week &amp; swamped');
    const [task] = await tasksOf(t.baton.db, team);
    expect(task).toMatchObject({ status: 'held', owner_id: null });
    const events = await eventsOf(t.baton.db, team, task?.id ?? 0);
    expect(events.at(-1)).toMatchObject({ kind: 'handed_back', actor_id: marcus });
    expect(events.at(-1)?.payload).toMatchObject({ reason: 'I am out next week & swamped' });
    await expect.poll(() => t.emulator.messages().find((m) => m.ts === offer.ts)?.text).toMatch(/handed/i);
  });

  it('refuses anyone but the owner, changing nothing', async () => {
    const t = await startTestBaton();
    const offer = await handOff(t);
    await t.slack.click({ user: yuki, message: offer, buttonText: 'Accept' });
    const refusal = await t.emulator.waitFor((m) => m.ephemeralTo === yuki);
    expect(refusal.text).toMatch(/only|isn't offered to you|owner/i);
    expect((await tasksOf(t.baton.db, team))[0]?.status).toBe('offered');
  });
});

describe('the lead changes tasks', () => {
  it('reassigns: the new owner gets the offer, the former owner is told', async () => {
    const t = await startTestBaton();
    const offer = await handOff(t);
    await t.slack.click({ user: marcus, message: offer, buttonText: 'Accept' });
    await t.emulator.waitFor((m) => m.dmUser === lena && /accepted/.test(m.text));

    await t.slack.command({ user: lena, text: 'list' });
    const list = await t.emulator.waitFor((m) => m.ephemeralTo === lena && /delegated \d/i.test(m.text));
    await t.slack.click({ user: lena, message: list, buttonText: 'Reassign' });
    const modal = await viewOpenedFor(t.emulator, lena);
    await t.slack.viewSubmission({
      user: lena,
      view: modal.id,
      values: { new_owner: { new_owner: { type: 'users_select', selected_user: sofia } } },
    });
    await t.emulator.waitFor((m) => m.dmUser === sofia && m.text.includes('Write launch memo'));
    await t.emulator.waitFor((m) => m.dmUser === marcus && /reassigned/.test(m.text));
    expect((await tasksOf(t.baton.db, team))[0]).toMatchObject({ owner_id: sofia, status: 'offered' });
  });

  it('lists what the lead holds, delegated and owns, with the actions each may take', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Renew the domain' });
    await handOff(t, 'Write launch memo', marcus);
    await t.slack.command({ user: marcus, text: `Review the deck <@${lena}>` });
    await t.emulator.waitFor((m) => m.dmUser === lena && m.text.includes('Review the deck'));

    await t.slack.command({ user: lena, text: 'list' });
    const list = await t.emulator.waitFor((m) => m.ephemeralTo === lena && /delegated \d/i.test(m.text));
    const all = JSON.stringify(list.blocks);
    expect(all).toMatch(/Renew the domain[\s\S]*Write launch memo[\s\S]*Review the deck/);
    expect(list.blocks.length).toBeLessThanOrEqual(50);
    const buttons = (list.blocks as Array<{ elements?: Array<{ text?: { text: string } }> }>).flatMap((b) =>
      (b.elements ?? []).map((e) => e.text?.text),
    );
    expect(buttons).toEqual(expect.arrayContaining(['Done', 'Reassign', 'Drop', 'Accept']));
  });

  it('keeps a long list within 50 blocks and says how many more', async () => {
    const t = await startTestBaton();
    for (let i = 1; i <= 30; i++) await t.slack.command({ user: lena, text: `Chore number ${i}` });
    await expect.poll(async () => (await tasksOf(t.baton.db, team)).length, { timeout: 15_000 }).toBe(30);
    await t.slack.command({ user: lena, text: 'list' });
    const list = await t.emulator.waitFor((m) => m.ephemeralTo === lena && /hold 30/i.test(m.text));
    expect(list.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(list.blocks)).toMatch(/and \d+ more/);
  });

  it('marks done by number (owner or lead) and drops by number (lead only)', async () => {
    const t = await startTestBaton();
    await handOff(t, 'First thing');
    await handOff(t, 'Second thing');

    await t.slack.command({ user: marcus, text: 'drop #2' });
    expect((await t.emulator.waitFor((m) => m.ephemeralTo === marcus)).text).toMatch(/only the lead/i);

    await t.slack.command({ user: marcus, text: 'done #1' });
    await t.emulator.waitFor((m) => m.dmUser === lena && /finished/.test(m.text));
    await t.slack.command({ user: lena, text: 'drop #2' });
    await t.emulator.waitFor((m) => m.dmUser === marcus && /dropped/.test(m.text));

    await t.slack.command({ user: yuki, text: 'done #1' });
    const refusal = await t.emulator.waitFor((m) => m.ephemeralTo === yuki);
    expect(refusal.text).toMatch(/already done|only the lead or the owner/i);
    expect((await tasksOf(t.baton.db, team)).map((x) => x.status)).toEqual(['done', 'dropped']);
  });

  it('refuses a stranger who clicks Done, changing nothing', async () => {
    const t = await startTestBaton();
    await handOff(t);
    await t.slack.command({ user: lena, text: 'list' });
    const list = await t.emulator.waitFor((m) => m.ephemeralTo === lena && /delegated \d/i.test(m.text));
    await t.slack.click({ user: yuki, message: list, buttonText: 'Done' });
    expect((await t.emulator.waitFor((m) => m.ephemeralTo === yuki)).text).toMatch(/only the lead or the owner/i);
    expect((await tasksOf(t.baton.db, team))[0]?.status).toBe('offered');
  });

  it('snoozes a held task from its confirmation', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Clean up the wiki' });
    const held = await t.emulator.waitFor((m) => m.ephemeralTo === lena);
    await t.slack.blockActions({
      user: lena,
      message: held,
      actions: [
        {
          action_id: 'task_snooze',
          block_id: blockIdOf(held, 'task_snooze'),
          selected_option: { value: 'next_week' },
        },
      ],
    });
    await expect.poll(async () => (await tasksOf(t.baton.db, team))[0]?.snoozed_until).not.toBeNull();
  });
});

describe('workspaces are sealed off from each other', () => {
  it('a forged click or command from a workspace Baton is not installed in changes nothing and learns nothing', async () => {
    const t = await startTestBaton();
    const offer = await handOff(t);
    const [task] = await tasksOf(t.baton.db, team);
    const click = await t.slack.blockActions({
      team: OTHER.teamId,
      user: OTHER.users.olga,
      actions: [{ action_id: 'task_accept', block_id: 'offer', value: String(task?.id) }],
    });
    expect(click.status).toBe(200);
    const done = await t.slack.command({ team: OTHER.teamId, user: OTHER.users.olga, text: 'done #1' });
    expect(done.status).toBe(200);
    expect(done.json).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(/isn't installed in this workspace/),
    });
    // Refused in the HTTP answer, before any listener ran: there is no work under way to wait for.
    expect(t.emulator.messages((m) => m.teamId === OTHER.teamId)).toEqual([]);
    expect((await tasksOf(t.baton.db, team))[0]?.status).toBe('offered');
    expect(offer.text).toContain('Write launch memo');
  });
});

describe('acks come before any Slack call', () => {
  it('acks every interaction while Slack is slow', async () => {
    const t = await startTestBaton();
    const offer = await handOff(t);
    await t.slack.command({ user: lena, text: 'list' });
    const list = await t.emulator.waitFor((m) => m.ephemeralTo === lena && /delegated \d/i.test(m.text));
    t.emulator.faults.inject({ method: '*', kind: 'latency', ms: 4_000, times: Number.POSITIVE_INFINITY });
    for (const res of [
      await t.slack.click({ user: marcus, message: offer, buttonText: 'Hand back' }),
      await t.slack.click({ user: lena, message: list, buttonText: 'Reassign' }),
      await t.slack.click({ user: marcus, message: offer, buttonText: 'Accept' }),
      await t.slack.click({ user: lena, message: list, buttonText: 'Done' }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(3_000);
    }
  });
});
