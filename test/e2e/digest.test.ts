import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEMO, type PostedMessage } from '../../src/sandbox';
import { startTestBaton, type TestBaton } from '../support/baton';
import { tickAt as tickProcessed } from '../support/mornings';
import { settled } from '../support/settled';
import { viewOpenedFor } from '../support/slack';
import { tasksOf } from '../support/tasks';

const { lena, marcus, yuki } = DEMO.users;
const team = DEMO.teamId;
const BERLIN = 'Europe/Berlin';
const MINUTE = 60_000;
const DAY = 86_400_000;

async function nextDigestOf(t: TestBaton, userId: string): Promise<Date | null> {
  const row = await t.baton.db
    .selectFrom('users')
    .select('next_digest_at')
    .where('team_id', '=', team)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.next_digest_at ?? null;
}

async function setNextDigest(t: TestBaton, userId: string, at: Date): Promise<void> {
  await t.baton.db
    .updateTable('users')
    .set({ next_digest_at: at })
    .where('team_id', '=', team)
    .where('user_id', '=', userId)
    .execute();
}

/** Runs the scheduler tick at an instant and waits until it and the jobs it enqueued are done. */
async function tickAt(t: TestBaton, at: Date): Promise<void> {
  await tickProcessed(t, at);
  await settled(t.baton);
}

const isDigest = (m: PostedMessage) => m.dmUser === lena && /^Your week/.test(m.text);

/** Lena hands a memo to Marcus in #general; he accepts and finishes it. */
async function teamFinishesOne(t: TestBaton): Promise<void> {
  await t.slack.command({ user: lena, text: `Write the launch memo <@${marcus}> <#${DEMO.channels.general}|general>` });
  const offer = await t.emulator.waitFor((m) => m.dmUser === marcus && JSON.stringify(m.blocks).includes('Accept'));
  await t.slack.click({ user: marcus, message: offer, buttonText: 'Accept' });
  await t.emulator.waitFor((m) => m.dmUser === lena && /accepted/.test(m.text));
  await t.slack.command({ user: marcus, text: 'done #1' });
  await t.emulator.waitFor((m) => m.dmUser === lena && /finished/.test(m.text));
  await settled(t.baton);
}

describe('the weekly digest', () => {
  it('comes on the lead’s digest day at their prompt time only, once: two ticks, a stale early instant, a restarted worker', async () => {
    const t = await startTestBaton();
    await teamFinishesOne(t);
    await expect.poll(() => nextDigestOf(t, lena)).not.toBeNull();
    const friday = (await nextDigestOf(t, lena)) as Date;
    const local = DateTime.fromJSDate(friday, { zone: BERLIN });
    expect([local.weekday, local.toFormat('HH:mm')]).toEqual([5, '09:00']);

    // A stale instant a day early: the job finds no digest slot on Thursday and moves on to Friday.
    const thursday = new Date(friday.getTime() - DAY);
    await setNextDigest(t, lena, thursday);
    await tickAt(t, new Date(thursday.getTime() + 5 * MINUTE));
    expect(t.emulator.messages().filter(isDigest)).toHaveLength(0);
    expect(await nextDigestOf(t, lena)).toEqual(friday);

    const at = new Date(friday.getTime() + 5 * MINUTE);
    await tickAt(t, at);
    await tickAt(t, new Date(at.getTime() + MINUTE));
    const digest = await t.emulator.waitFor(isDigest);
    expect(digest.text).toBe('Your week: the team finished 1 task; you still hold 0.');
    expect(JSON.stringify(digest.blocks)).toMatch(new RegExp(`Write the launch memo.*<@${marcus}>`));
    expect(JSON.stringify(digest.blocks)).toContain('digest_thank');
    const nextWeek = await nextDigestOf(t, lena);
    expect(nextWeek?.getTime()).toBe(DateTime.fromJSDate(friday, { zone: BERLIN }).plus({ weeks: 1 }).toMillis());

    // Another worker, after a crash that lost the stored next instant: the week's digest is not sent again.
    await t.baton.stop();
    const again = await startTestBaton({ emulator: t.emulator, databaseUrl: t.baton.config.databaseUrl });
    await setNextDigest(again, lena, friday);
    await tickAt(again, new Date(at.getTime() + 2 * MINUTE));
    expect(t.emulator.messages().filter(isDigest)).toHaveLength(1);
    expect(await nextDigestOf(again, lena)).toEqual(nextWeek);
  });

  it('is not sent for a week without activity, nor to a paused lead', async () => {
    const t = await startTestBaton();
    await teamFinishesOne(t);
    await expect.poll(() => nextDigestOf(t, lena)).not.toBeNull();
    const friday = (await nextDigestOf(t, lena)) as Date;

    // Two weeks on, nothing happened in the week before.
    const later = DateTime.fromJSDate(friday, { zone: BERLIN }).plus({ weeks: 2 }).toJSDate();
    await setNextDigest(t, lena, later);
    await tickAt(t, new Date(later.getTime() + 5 * MINUTE));
    expect(t.emulator.messages().filter(isDigest)).toHaveLength(0);
    expect(await nextDigestOf(t, lena)).toEqual(
      DateTime.fromJSDate(later, { zone: BERLIN }).plus({ weeks: 1 }).toJSDate(),
    );

    // Paused through this Friday: no digest this week, and the next one after the pause.
    const fridayDate = DateTime.fromJSDate(friday, { zone: BERLIN }).toISODate();
    await t.baton.db
      .updateTable('users')
      .set({ paused_until: fridayDate })
      .where('team_id', '=', team)
      .where('user_id', '=', lena)
      .execute();
    await setNextDigest(t, lena, friday);
    await tickAt(t, new Date(friday.getTime() + 5 * MINUTE));
    expect(t.emulator.messages().filter(isDigest)).toHaveLength(0);
    expect((await nextDigestOf(t, lena))?.getTime()).toBeGreaterThan(friday.getTime());
  });

  it('goes out on the day picked in /delegate settings; a new day or prompt time moves the next one', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Renew the domain' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena);
    await expect.poll(() => nextDigestOf(t, lena)).not.toBeNull();

    await t.slack.command({ user: lena, text: 'settings' });
    const modal = await viewOpenedFor(t.emulator, lena);
    expect(JSON.stringify(modal.view.blocks)).toMatch(
      /"initial_option":\{"text":\{"type":"plain_text","text":"Friday"/,
    );
    const days = ['1', '2', '3', '4', '5'].map((value) => ({ value }));
    await t.slack.viewSubmission({
      user: lena,
      view: modal.id,
      values: {
        prompt_time: { prompt_time: { type: 'timepicker', selected_time: '07:30' } },
        working_days: { working_days: { type: 'checkboxes', selected_options: days } },
        digest_day: { digest_day: { type: 'static_select', selected_option: { value: '3' } } },
      },
    });
    await expect
      .poll(async () => {
        const next = await nextDigestOf(t, lena);
        const local = next && DateTime.fromJSDate(next, { zone: BERLIN });
        return local && [local.weekday, local.toFormat('HH:mm')];
      })
      .toEqual([3, '07:30']);
    const saved = await t.emulator.waitFor((m) => m.dmUser === lena && /Saved/.test(m.text));
    expect(saved.text).toMatch(/Your weekly digest: at 07:30 (on Wed|tomorrow|today)/);
    const row = await t.baton.db
      .selectFrom('users')
      .select('digest_day')
      .where('team_id', '=', team)
      .where('user_id', '=', lena)
      .executeTakeFirst();
    expect(row?.digest_day).toBe(3);
  });

  it('covers the week across a DST change (Europe/Berlin, end of March) and keeps the local time', async () => {
    const t = await startTestBaton();
    const { deps } = t.baton;
    // History in the weeks around the change to summer time (Sunday 28 March 2027).
    const at = (iso: string) => new Date(iso);
    const make = async (title: string, capturedAt: Date, finishedAt: Date, by: string) => {
      const { task } = await deps.tasks.insert({
        teamId: team,
        title,
        details: null,
        leadId: lena,
        ownerId: by,
        status: 'done',
        dueAt: null,
        dueHasTime: false,
        channelId: null,
        source: 'command',
        sourcePermalink: null,
        checkinCadence: 'none',
        delegatedAt: capturedAt,
        createdAt: capturedAt,
        idempotencyKey: null,
      });
      await deps.tasks.update(team, task.id, { doneAt: finishedAt });
      const event = { teamId: team, taskId: task.id, payload: {} };
      await deps.tasks.appendEvent({ ...event, actorId: lena, kind: 'captured', at: capturedAt });
      await deps.tasks.appendEvent({
        ...event,
        actorId: lena,
        kind: 'offered',
        payload: { ownerId: by },
        at: capturedAt,
      });
      await deps.tasks.appendEvent({ ...event, actorId: by, kind: 'done', at: finishedAt });
    };
    await make('Before the change', at('2027-03-22T10:00:00Z'), at('2027-03-24T15:00:00Z'), marcus);
    // Captured Friday 26 March 09:30 CET, after that day's digest (09:00 CET = 08:00Z): next week's.
    await make('Across the change', at('2027-03-26T08:30:00Z'), at('2027-03-31T12:00:00Z'), yuki);

    const firstSlot = at('2027-03-26T08:00:00Z'); // Friday 09:00 CET
    await setNextDigest(t, lena, firstSlot);
    await tickAt(t, new Date(firstSlot.getTime() + 5 * MINUTE));
    const first = await t.emulator.waitFor(isDigest);
    expect(JSON.stringify(first.blocks)).toContain('Before the change');
    expect(JSON.stringify(first.blocks)).not.toContain('Across the change');

    const secondSlot = at('2027-04-02T07:00:00Z'); // Friday 09:00 CEST
    expect(await nextDigestOf(t, lena)).toEqual(secondSlot);
    await tickAt(t, new Date(secondSlot.getTime() + 5 * MINUTE));
    await expect.poll(() => t.emulator.messages().filter(isDigest).length).toBe(2);
    const second = t.emulator.messages().filter(isDigest)[1];
    expect(JSON.stringify(second?.blocks)).toContain('Across the change');
    expect(JSON.stringify(second?.blocks)).not.toContain('Before the change');
    const keys = await t.baton.db
      .selectFrom('deliveries')
      .select('key')
      .where('team_id', '=', team)
      .where('kind', '=', 'digest')
      .orderBy('key')
      .execute();
    expect(keys.map((k) => k.key)).toEqual([`digest-${lena}-2027-W12`, `digest-${lena}-2027-W13`]);
  });

  it('posts the thanks once in the task’s thread (by DM without one), and marks the task thanked in the digest', async () => {
    const t = await startTestBaton();
    await teamFinishesOne(t);
    await t.slack.command({ user: lena, text: `Order the badges <@${yuki}>` });
    await t.emulator.waitFor((m) => m.dmUser === yuki && m.text.includes('Order the badges'));
    await t.slack.command({ user: yuki, text: 'done #2' });
    await t.emulator.waitFor(
      (m) => m.dmUser === lena && /finished/.test(m.text) && m.text.includes('Order the badges'),
    );
    const friday = (await nextDigestOf(t, lena)) as Date;
    await tickAt(t, new Date(friday.getTime() + 5 * MINUTE));
    const digest = await t.emulator.waitFor(isDigest);
    const [task] = await tasksOf(t.baton.db, team);
    const isThanks = (m: PostedMessage) => /thanks/.test(m.text) && m.text.includes(`<@${marcus}>`);

    const thankFor = (id: number | undefined) =>
      t.slack.blockActions({
        user: lena,
        message: digest,
        actions: [{ action_id: 'digest_thank', block_id: `task:${id}`, value: String(id) }],
      });
    await thankFor(task?.id);
    await thankFor(task?.id);
    const thanks = await t.emulator.waitFor(isThanks);
    expect(thanks.channel).toBe(DEMO.channels.general);
    expect(thanks.threadTs).toBe(task?.thread_ts);
    await settled(t.baton);
    expect(t.emulator.messages().filter(isThanks)).toHaveLength(1);
    await expect
      .poll(() => JSON.stringify(t.emulator.messages().find((m) => m.ts === digest.ts)?.blocks))
      .toContain('thanked');

    // The badges have no channel: Yuki is thanked by DM.
    const [, badges] = await tasksOf(t.baton.db, team);
    await thankFor(badges?.id);
    const dm = await t.emulator.waitFor((m) => /thanks/.test(m.text) && m.text.includes(`<@${yuki}>`));
    expect(dm.dmUser).toBe(yuki);
    expect(dm.text).toContain('Order the badges');
  });

  it('answers a forged or foreign task id as an unknown task, and thanks nobody', async () => {
    const t = await startTestBaton();
    await teamFinishesOne(t);
    const friday = (await nextDigestOf(t, lena)) as Date;
    await tickAt(t, new Date(friday.getTime() + 5 * MINUTE));
    const digest = await t.emulator.waitFor(isDigest);
    const [task] = await tasksOf(t.baton.db, team);

    // Marcus is not the lead of #1; 999999 is nobody's; junk is not a task id at all.
    for (const [user, value] of [
      [marcus, String(task?.id)],
      [lena, '999999'],
      [lena, 'x'.repeat(5000)],
      [lena, '-1'],
    ] as const) {
      const res = await t.slack.blockActions({
        user,
        message: digest,
        actions: [{ action_id: 'digest_thank', block_id: `task:${task?.id}x`, value }],
      });
      expect(res.status).toBeLessThan(500);
    }
    await t.emulator.waitFor((m) => m.ephemeralTo === marcus && /no longer exists/.test(m.text));
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && /no longer exists/.test(m.text));
    await settled(t.baton);
    expect(t.emulator.messages().filter((m) => /thanks/.test(m.text))).toHaveLength(0);
  });
});
