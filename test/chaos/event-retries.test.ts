import { describe, expect, it } from 'vitest';
import { DEMO, SlackDriver } from '../../src/sandbox';
import { SIGNING_SECRET } from '../support/baton';
import { startWorld } from '../support/chaos';

const { lena, marcus } = DEMO.users;

describe('Slack delivering one event again and again', () => {
  it('a thread reply sent 4 times (X-Slack-Retry-Num 1–3, two of them at once) is one note', async () => {
    const world = await startWorld();
    const baton = await world.start('all');
    const slack = new SlackDriver({ emulator: world.emulator, appUrl: baton.url, signingSecret: SIGNING_SECRET });

    // A task in #general that marcus accepted: its parent message is the thread he replies in.
    await slack.command({ user: lena, text: `Book the venue <@${marcus}> <#${DEMO.channels.general}|general>` });
    const offer = await world.emulator.waitFor((m) => m.dmUser === marcus && /Book the venue/.test(m.text));
    await slack.click({ user: marcus, message: offer, buttonText: 'Accept' });
    await expect
      .poll(async () => (await world.db.selectFrom('tasks').select(['status', 'thread_ts']).executeTakeFirst()) ?? null)
      .toMatchObject({ status: 'accepted', thread_ts: expect.any(String) });
    const task = await world.db.selectFrom('tasks').selectAll().executeTakeFirstOrThrow();
    // A check-in to answer: the next working morning of marcus's.
    await world.db
      .insertInto('checkins')
      .values({ team_id: DEMO.teamId, task_id: task.id, local_date: '2026-12-01', kind: 'checkin' })
      .execute();

    const reply = world.emulator.postAsUser({
      teamId: DEMO.teamId,
      channel: DEMO.channels.general,
      user: marcus,
      text: 'Venue booked, contract on its way',
      threadTs: task.thread_ts ?? '',
    });
    const event = {
      type: 'message',
      channel: DEMO.channels.general,
      user: marcus,
      text: reply.text,
      ts: reply.ts,
      thread_ts: task.thread_ts,
      channel_type: 'channel',
    };
    const eventId = 'Ev0RETRY0001';
    const first = await slack.event({ event, eventId });
    const retries = await Promise.all([
      slack.event({ event, eventId, retryNum: 1, retryReason: 'http_timeout' }),
      slack.event({ event, eventId, retryNum: 2, retryReason: 'http_timeout' }),
    ]);
    const last = await slack.event({ event, eventId, retryNum: 3, retryReason: 'http_error' });
    for (const res of [first, ...retries, last]) expect(res.status).toBe(200);

    await expect
      .poll(async () => (await world.db.selectFrom('checkins').select('note').executeTakeFirst())?.note)
      .toBe('Venue booked, contract on its way');
    await world.drained();
    const notes = await world.db
      .selectFrom('task_events')
      .select('payload')
      .where('kind', '=', 'checkin')
      .where('task_id', '=', task.id)
      .execute();
    expect(notes).toHaveLength(1);
    expect((await world.db.selectFrom('checkins').select('note').executeTakeFirstOrThrow()).note).toBe(
      'Venue booked, contract on its way',
    );
  });
});
