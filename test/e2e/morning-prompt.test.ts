import { describe, expect, it } from 'vitest';
import { DEMO, type PostedMessage } from '../../src/sandbox';
import { startTestBaton } from '../support/baton';
import { nextPromptOf, promptTime, tickAt } from '../support/mornings';
import { settled } from '../support/settled';
import { blockIdOf, viewOpenedFor } from '../support/slack';
import { tasksOf } from '../support/tasks';

const { lena, marcus, yuki } = DEMO.users;
const team = DEMO.teamId;

const isPrompt = (m: PostedMessage) => m.dmUser === lena && /You're holding/.test(m.text);

describe('the morning prompt', () => {
  it('asks a lead who holds tasks once on their working morning, oldest first, by posting to the user id', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Renew the domain' });
    await t.slack.command({ user: lena, text: 'Order new badges' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && m.text.includes('Order new badges'));
    const at = await promptTime(t, team, lena);

    await tickAt(t, at);
    await tickAt(t, new Date(at.getTime() + 60_000));
    await tickAt(t, at);
    const prompt = await t.emulator.waitFor(isPrompt);
    expect(prompt.text).toMatch(/You're holding 2 tasks/);
    expect(JSON.stringify(prompt.blocks)).toMatch(/Renew the domain[\s\S]*Order new badges/);
    await settled(t.baton);
    expect(t.emulator.messages().filter(isPrompt)).toHaveLength(1);
    expect(t.emulator.calls.filter((c) => c.method === 'conversations.open')).toHaveLength(0);
    // The next one is the next working morning.
    expect((await nextPromptOf(t, team, lena))?.getTime()).toBeGreaterThan(at.getTime());
  });

  it('does not prompt a lead who holds nothing, and stops scheduling them', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Renew the domain' });
    const held = await t.emulator.waitFor((m) => m.ephemeralTo === lena);
    const at = await promptTime(t, team, lena);
    await t.slack.click({ user: lena, message: held, buttonText: 'Drop' });
    await expect.poll(async () => (await tasksOf(t.baton.db, team))[0]?.status).toBe('dropped');
    await tickAt(t, at);
    await expect.poll(() => nextPromptOf(t, team, lena)).toBeNull();
    expect(t.emulator.messages().filter(isPrompt)).toHaveLength(0);
  });

  it('hands a task off from the prompt and shows what was done, and by whom, in place', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Renew the domain' });
    await t.slack.command({ user: lena, text: 'Order new badges' });
    // Each /delegate is saved after its ack: the two may be numbered in either order.
    await expect
      .poll(() => t.emulator.messages((m) => m.ephemeralTo === lena && /Captured/.test(m.text)).length)
      .toBe(2);
    await tickAt(t, await promptTime(t, team, lena));
    const prompt = await t.emulator.waitFor(isPrompt);
    const first = (await tasksOf(t.baton.db, team)).find((row) => row.title === 'Renew the domain');

    await t.slack.blockActions({
      user: lena,
      message: prompt,
      actions: [{ action_id: 'prompt_hand_to', block_id: `task:${first?.id}`, selected_user: yuki }],
    });
    await t.emulator.waitFor((m) => m.dmUser === yuki && m.text.includes('Renew the domain'));
    await expect
      .poll(() => JSON.stringify(t.emulator.messages().find((m) => m.ts === prompt.ts)?.blocks))
      .toMatch(new RegExp(`Renew the domain.*handed to <@${yuki}> by <@${lena}>`));
    const updated = t.emulator.messages().find((m) => m.ts === prompt.ts);
    expect(JSON.stringify(updated?.blocks)).toContain('Order new badges');
    expect(t.emulator.calls.some((c) => c.method === 'chat.update')).toBe(true);
  });

  it('suggests who finished similar work for this lead, and hands off with one click', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: `Write the launch memo <@${marcus}>` });
    const offer = await t.emulator.waitFor((m) => m.dmUser === marcus && JSON.stringify(m.blocks).includes('Accept'));
    await t.slack.click({ user: marcus, message: offer, buttonText: 'Accept' });
    await t.emulator.waitFor((m) => m.dmUser === lena && /accepted/.test(m.text));
    await t.slack.command({ user: marcus, text: 'done #1' });
    await t.emulator.waitFor((m) => m.dmUser === lena && /finished/.test(m.text));

    await t.slack.command({ user: lena, text: 'Write the release memo' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && m.text.includes('release memo'));
    await tickAt(t, await promptTime(t, team, lena));
    const prompt = await t.emulator.waitFor(isPrompt);
    expect(JSON.stringify(prompt.blocks)).toMatch(/finished 1 similar task/);

    const suggestion = (prompt.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id?.startsWith('prompt_suggest'));
    expect(suggestion?.value).toMatch(new RegExp(`:${marcus}$`));
    await t.slack.blockActions({
      user: lena,
      message: prompt,
      actions: [
        {
          action_id: suggestion?.action_id ?? '',
          block_id: blockIdOf(prompt, 'prompt_hand_to'),
          value: suggestion?.value,
        },
      ],
    });
    await t.emulator.waitFor((m) => m.dmUser === marcus && m.text.includes('Write the release memo'));
  });

  it('keeps a task with "Only I can do this" and leaves it out of the next prompts', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Sign the lease' });
    await t.slack.command({ user: lena, text: 'Plan the party' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && m.text.includes('Plan the party'));
    const at = await promptTime(t, team, lena);
    await tickAt(t, at);
    const prompt = await t.emulator.waitFor(isPrompt);

    await t.slack.click({ user: lena, message: prompt, buttonText: 'Only I can do this' });
    const modal = await viewOpenedFor(t.emulator, lena);
    await t.slack.viewSubmission({
      user: lena,
      view: modal.id,
      values: { keep_reason: { keep_reason: { type: 'plain_text_input', value: 'Needs my signature' } } },
    });
    await expect
      .poll(() => JSON.stringify(t.emulator.messages().find((m) => m.ts === prompt.ts)?.blocks))
      .toMatch(/Sign the lease.*kept by.*Needs my signature/);

    await tickAt(t, await promptTime(t, team, lena));
    await expect.poll(() => t.emulator.messages().filter(isPrompt).length).toBe(2);
    const second = t.emulator.messages().filter(isPrompt)[1];
    expect(second?.text).toMatch(/You're holding 1 task/);
    expect(JSON.stringify(second?.blocks)).not.toContain('Sign the lease');
  });

  it('snoozes to a picked date from the prompt', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Sign the lease' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena);
    await tickAt(t, await promptTime(t, team, lena));
    const prompt = await t.emulator.waitFor(isPrompt);
    await t.slack.blockActions({
      user: lena,
      message: prompt,
      actions: [
        {
          action_id: 'prompt_snooze',
          block_id: blockIdOf(prompt, 'prompt_snooze'),
          selected_option: { value: 'date' },
        },
      ],
    });
    const modal = await viewOpenedFor(t.emulator, lena);
    await t.slack.viewSubmission({
      user: lena,
      view: modal.id,
      values: { snooze_until: { snooze_until: { type: 'datepicker', selected_date: '2099-06-01' } } },
    });
    await expect
      .poll(async () => (await tasksOf(t.baton.db, team))[0]?.snoozed_until?.toISOString())
      .toBe('2099-05-31T22:00:00.000Z');
  });
});

describe('settings', () => {
  it('changes prompt time, working days and pause, and reschedules the next prompt', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Renew the domain' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena);
    await t.slack.command({ user: lena, text: 'settings' });
    const modal = await viewOpenedFor(t.emulator, lena);
    expect(modal.view.callback_id).toBe('settings_modal');

    const days = ['7', '1', '2', '3', '4'].map((value) => ({ value }));
    await t.slack.viewSubmission({
      user: lena,
      view: modal.id,
      values: {
        prompt_time: { prompt_time: { type: 'timepicker', selected_time: '07:30' } },
        working_days: { working_days: { type: 'checkboxes', selected_options: days } },
        paused_until: { paused_until: { type: 'datepicker', selected_date: null } },
      },
    });
    const saved = await t.emulator.waitFor((m) => m.dmUser === lena && /Saved/.test(m.text));
    expect(saved.text).toMatch(/07:30 on Sun–Thu/);
    const user = await t.baton.db
      .selectFrom('users')
      .selectAll()
      .where('team_id', '=', team)
      .where('user_id', '=', lena)
      .executeTakeFirstOrThrow();
    expect(user.prompt_time).toBe('07:30');
    expect(user.working_days).toEqual([1, 2, 3, 4, 7]);
    // 07:30 in Berlin is 06:30Z (winter) or 05:30Z (summer), on a Sunday to Thursday.
    expect(user.next_prompt_at?.toISOString()).toMatch(/T0[56]:30:00.000Z$/);
    expect([0, 1, 2, 3, 4]).toContain(user.next_prompt_at?.getUTCDay());
  });

  it('refuses a form with no working day, on the field', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'settings' });
    const modal = await viewOpenedFor(t.emulator, lena);
    const res = await t.slack.viewSubmission({
      user: lena,
      view: modal.id,
      values: {
        prompt_time: { prompt_time: { type: 'timepicker', selected_time: '09:00' } },
        working_days: { working_days: { type: 'checkboxes', selected_options: [] } },
      },
    });
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { working_days: expect.any(String) } });
  });
});

describe('rate limits', () => {
  it('waits out a 429 for the workspace without burning the job’s attempts, losing nothing', async () => {
    const t = await startTestBaton();
    for (const lead of [lena, marcus, yuki]) await t.slack.command({ user: lead, text: `Task held by ${lead}` });
    await expect.poll(async () => (await tasksOf(t.baton.db, team)).length).toBe(3);
    // Each at their own next prompt time: one instant for all three could fall on a day already
    // over for one of them (their zones are far apart), whose prompt would then rightly not go out.
    const times = await Promise.all([lena, marcus, yuki].map((u) => promptTime(t, team, u)));
    t.emulator.faults.inject({ method: 'chat.postMessage', kind: 'ratelimited', retryAfterSec: 2, teamId: team });
    for (const at of times.sort((a, b) => a.getTime() - b.getTime())) await tickAt(t, at);

    const prompts = () => t.emulator.messages().filter((m) => /You're holding/.test(m.text));
    await expect.poll(() => prompts().length, { timeout: 15_000 }).toBe(3);
    const limited = t.emulator.calls.find((c) => c.method === 'chat.postMessage' && c.status === 429);
    expect(limited).toBeDefined();
    // A post already on its way when the 429 came back can't be called back; every later one waits.
    const inFlightMs = 100;
    const later = t.emulator.calls.filter(
      (c) => c.method === 'chat.postMessage' && c.at > (limited?.at ?? 0) + inFlightMs,
    );
    expect(later.length).toBeGreaterThan(0);
    expect(Math.min(...later.map((c) => c.at)) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1_900);
    const promptJobs = async () => (await t.baton.queue.getJobs(['completed'])).filter((j) => j.name === 'prompt');
    await expect.poll(async () => (await promptJobs()).length).toBe(3);
    // The limited job waited (moved to delayed) rather than failing: one attempt each.
    expect((await promptJobs()).map((j) => j.attemptsMade)).toEqual([1, 1, 1]);
  });
});
