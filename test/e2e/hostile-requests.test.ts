import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/sandbox';
import { startTestBaton, type TestBaton } from '../support/baton';
import { viewOpenedFor } from '../support/slack';
import { tasksOf } from '../support/tasks';

const { lena, marcus, former, otherBot } = DEMO.users;
const team = DEMO.teamId;

/** Error-level lines the app logged: a hostile request may earn a warning, never an error. */
function errorsLogged(t: TestBaton) {
  return t.logs.filter((l) => typeof l.level === 'number' && l.level >= 50).map((l) => l.msg);
}

/** A body signed the way Slack signs it, posted to /slack/events. */
function postSigned(t: TestBaton, body: string, contentType = 'application/x-www-form-urlencoded') {
  return t.slack.rawPost(body, { 'content-type': contentType, ...t.slack.sign(body) });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (p: unknown) => form({ payload: JSON.stringify(p) });

async function expectAlive(t: TestBaton) {
  const res = await fetch(`${t.baton.url}/healthz`);
  expect(res.status).toBe(200);
}

describe('paths and methods Slack never calls', () => {
  it('answers 404 for unknown paths and 405 with Allow for wrong methods, and keeps serving', async () => {
    const t = await startTestBaton();
    const ts = String(Math.floor(Date.now() / 1000));
    const cases: Array<[string, string, number, string | null]> = [
      ['GET', '/nope', 404, null],
      ['GET', '/', 404, null],
      ['GET', '/favicon.ico', 404, null],
      ['GET', '/.env', 404, null],
      ['POST', '/slack/events/', 404, null],
      ['POST', '/SLACK/EVENTS', 404, null],
      ['GET', '/slack/install', 404, null],
      ['GET', '/slack/oauth_redirect', 404, null],
      ['GET', '/sandbox', 404, null],
      ['POST', '/healthz', 405, 'GET'],
      ['DELETE', '/healthz', 405, 'GET'],
      ['POST', '/metrics', 405, 'GET'],
      ...(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const).map(
        (method): [string, string, number, string] => [method, '/slack/events', 405, 'POST'],
      ),
    ];
    for (const [method, path, status, allow] of cases) {
      const res = await fetch(`${t.baton.url}${path}`, { method, headers: { 'x-slack-request-timestamp': ts } });
      expect({ method, path, status: res.status }).toEqual({ method, path, status });
      if (allow) expect(res.headers.get('allow')).toBe(allow);
    }
    await expectAlive(t);
    expect(errorsLogged(t)).toEqual([]);
  });
});

describe('signed bodies that are not payloads', () => {
  it.each([
    ['a form whose payload is null', form({ payload: 'null' }), 'application/x-www-form-urlencoded'],
    ['a JSON body that is null', 'null', 'application/json'],
    ['a JSON body that is a number', '42', 'application/json'],
    ['a JSON body that is a list', '[{"type":"event_callback"}]', 'application/json'],
    ['a JSON body that is cut off', '{"type":"event_callback","event":{', 'application/json'],
    ['a form whose payload is not JSON', form({ payload: '{nope' }), 'application/x-www-form-urlencoded'],
  ])('refuses %s with 400', async (_, body, type) => {
    const t = await startTestBaton();
    const res = await postSigned(t, body, type);
    expect(res.status).toBe(400);
    await expectAlive(t);
    expect(errorsLogged(t)).toEqual([]);
  });

  it('refuses a body sent in chunks, with no length declared, once it goes over the limit', async () => {
    const t = await startTestBaton();
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 64)
          controller.enqueue(chunk); // 4 MB in all
        else controller.close();
      },
    });
    const res = await fetch(`${t.baton.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    await expectAlive(t);
  });

  it('refuses a body over the limit with 413 before reading it whole, and stays responsive', async () => {
    const t = await startTestBaton();
    const body = form({ command: '/delegate', text: 'x'.repeat(3_900_000), team_id: team, user_id: lena });
    const [big, health] = await Promise.all([postSigned(t, body), fetch(`${t.baton.url}/healthz`)]);
    expect(big.status).toBe(413);
    expect(health.status).toBe(200);
    expect(t.logs.some((l) => l.msg === 'refused a Slack request: body too large')).toBe(true);
  });
});

const user = { id: lena, team_id: team };
const teamRef = { id: team, domain: 'baton-sandbox' };
const viewOf = (callbackId: string, extra: Record<string, unknown> = {}) => ({
  id: 'V0123456789',
  type: 'modal',
  callback_id: callbackId,
  private_metadata: '',
  state: { values: {} },
  ...extra,
});

describe('signed payloads missing what Baton reads', () => {
  const malformed: Array<[string, string]> = [
    ['an action without its fields', payload({ type: 'block_actions', team: teamRef, user, actions: [{}] })],
    ['a view submission with nothing in it', payload({ type: 'view_submission' })],
    [
      'a view submission without a user',
      payload({ type: 'view_submission', team: teamRef, view: viewOf('capture_modal') }),
    ],
    ['a view submission without a view', payload({ type: 'view_submission', team: teamRef, user })],
    [
      'a message shortcut whose channel is null',
      payload({
        type: 'message_action',
        team: teamRef,
        user,
        channel: null,
        callback_id: 'delegate_message',
        trigger_id: '1.2.3',
        response_url: 'https://hooks.slack.com/x',
        message: { ts: '1700000000.000100', text: 'hi' },
      }),
    ],
    [
      'settings whose days are not a list',
      payload({
        type: 'view_submission',
        team: teamRef,
        user,
        view: viewOf('settings_modal', {
          state: { values: { working_days: { working_days: { type: 'checkboxes', selected_options: 'all' } } } },
        }),
      }),
    ],
    [
      'the settings form without its state',
      payload({ type: 'view_submission', team: teamRef, user, view: viewOf('settings_modal', { state: undefined }) }),
    ],
    [
      'the capture form without its state',
      payload({ type: 'view_submission', team: teamRef, user, view: viewOf('capture_modal', { state: undefined }) }),
    ],
    [
      'a capture form whose title is a number',
      payload({
        type: 'view_submission',
        team: teamRef,
        user,
        view: viewOf('capture_modal', {
          state: { values: { title: { title: { type: 'plain_text_input', value: 42 } } } },
        }),
      }),
    ],
    [
      'a command without its name',
      form({ text: 'help', team_id: team, user_id: lena, channel_id: 'D0123', trigger_id: '1.2.3' }),
    ],
    [
      'a command without a response_url',
      form({
        command: '/delegate',
        text: 'list',
        team_id: team,
        user_id: lena,
        channel_id: 'D0123456',
        trigger_id: '1.2.3',
      }),
    ],
  ];
  const events: Array<[string, unknown]> = [
    ['an event that is null', null],
    ['an event that is a string', 'user_change'],
    ['a user_change whose user is null', { type: 'user_change', user: null }],
    ['a message event without its channel', { type: 'message', ts: '1700000000.000100', user: lena, text: 'hi' }],
  ];

  it('refuses each with 400 at once, logging one warning each and no error', async () => {
    const t = await startTestBaton();
    for (const [what, body] of malformed) {
      const res = await postSigned(t, body);
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect(res.ms).toBeLessThan(3_000);
    }
    for (const [what, event] of events) {
      const body = JSON.stringify({
        type: 'event_callback',
        team_id: team,
        api_app_id: DEMO.appId,
        event_id: 'Ev0MALFORM1',
        event_time: 1_700_000_000,
        event,
      });
      const res = await postSigned(t, body, 'application/json');
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
    }
    const warnings = t.logs.filter((l) => l.msg === 'refused a malformed Slack request');
    expect(warnings).toHaveLength(malformed.length + events.length);
    expect(errorsLogged(t)).toEqual([]);
    await expectAlive(t);
  });

  it('acks at once, with nothing done, what Baton has no listener for', async () => {
    const t = await startTestBaton();
    const held = await t.slack.command({ user: lena, text: 'help' });
    expect(held.status).toBe(200);
    const responses = [
      await t.slack.blockActions({ user: lena, actions: [{ action_id: 'no_such_action', value: '1' }] }),
      await t.slack.viewSubmission({ user: lena, view: viewOf('no_such_form'), values: {} }),
      await t.slack.shortcut({ user: lena, callbackId: 'no_such_shortcut' }),
      await t.slack.event({ event: { type: 'reaction_added', user: lena, reaction: 'tada' } }),
      await postSigned(
        t,
        JSON.stringify({ type: 'app_rate_limited', team_id: team, minute_rate_limited: 1 }),
        'application/json',
      ),
    ];
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(1_000);
    }
    expect(errorsLogged(t)).toEqual([]);
  });
});

describe('what a user types reaches Slack escaped', () => {
  it.each([
    ['done #<!channel>', /not a task number/],
    ['drop -&lt;!here&gt;', /not a task number/],
    ['Tell <!everyone> about the <!here|here> launch', /Captured/],
  ])('answers `/delegate %s` without pinging anyone', async (text, expected) => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text });
    const reply = await t.emulator.waitFor((m) => m.ephemeralTo === lena);
    expect(reply.text).toMatch(expected);
    const sent = JSON.stringify({ text: reply.text, blocks: reply.blocks });
    expect(sent).not.toMatch(/<!(channel|here|everyone)>/);
  });
});

describe('values that would reach Postgres unchecked', () => {
  it('says there is no task #2147483648, as for any task that does not exist', async () => {
    const t = await startTestBaton();
    for (const number of ['2147483647', '2147483648', '99999999999999999999']) {
      await t.slack.command({ user: lena, text: `done #${number}` });
    }
    await expect.poll(() => t.emulator.messages((m) => m.ephemeralTo === lena).length).toBe(3);
    // Each reply comes after its command's ack, so they may arrive in any order.
    const replies = t.emulator.messages((m) => m.ephemeralTo === lena).map((m) => m.text);
    for (const reply of [/There is no task #2147483647/, /There is no task #2147483648/, /not a task number/]) {
      expect(
        replies.filter((text) => reply.test(text)),
        String(reply),
      ).toHaveLength(1);
    }
    expect(errorsLogged(t)).toEqual([]);
  });

  it('strips control characters from what it stores, and refuses a title that is empty after that', async () => {
    const t = await startTestBaton();
    await t.slack.command({ user: lena, text: 'Fix \u0000 the\u0007 bug\u001b' });
    await t.emulator.waitFor((m) => m.ephemeralTo === lena && /Captured/.test(m.text));
    expect((await tasksOf(t.baton.db, team)).map((task) => task.title)).toEqual(['Fix the bug']);

    await t.slack.command({ user: lena, text: '' });
    const form = await viewOpenedFor(t.emulator, lena);
    const res = await t.slack.viewSubmission({
      user: lena,
      view: form.id,
      values: { title: { title: { type: 'plain_text_input', value: '\u0000\u0001 \u0002' } } },
    });
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { title: expect.any(String) } });
    expect(await tasksOf(t.baton.db, team)).toHaveLength(1);
    expect(errorsLogged(t)).toEqual([]);
  });

  it('ignores form metadata Baton did not write (a check-in id of 1.5), with a warning', async () => {
    const t = await startTestBaton();
    const res = await t.slack.viewSubmission({
      user: lena,
      view: viewOf('checkin_note_modal', { private_metadata: JSON.stringify({ checkinId: 1.5 }) }),
      values: { checkin_note_text: { checkin_note_text: { type: 'plain_text_input', value: 'hi' } } },
    });
    expect(res.status).toBe(200);
    await expect
      .poll(() => t.logs.some((l) => l.msg === 'ignored a note form with metadata Baton did not write'))
      .toBe(true);
    expect(errorsLogged(t)).toEqual([]);
  });

  it('stores no one from a profile change about someone Slack does not know, nor from another workspace', async () => {
    const t = await startTestBaton();
    const users = () => t.baton.db.selectFrom('users').select(['team_id', 'user_id']).orderBy('user_id').execute();
    const before = await users();
    const profile = (id: string) => ({ id, name: 'ghost', real_name: 'Ghost', tz: 'Europe/Paris', profile: {} });
    await t.slack.event({ event: { type: 'user_change', user: profile('U0NOBODY01') } });
    for (const fakeTeam of ['T0EVIL', 'T0FUZZ123']) {
      const body = JSON.stringify({
        type: 'event_callback',
        team_id: fakeTeam,
        event_id: `Ev${fakeTeam}`,
        event_time: 1_700_000_000,
        event: { type: 'user_change', user: profile('U0GHOST001') },
      });
      const res = await postSigned(t, body, 'application/json');
      expect(res.status).toBe(200);
      expect(res.headers['x-slack-no-retry']).toBe('1');
    }
    await expect.poll(() => t.logs.some((l) => /someone Slack does not know/.test(String(l.msg)))).toBe(true);
    expect(await users()).toEqual(before);
  });
});

describe('identities Baton refuses', () => {
  it.each([
    ['a workspace it is not installed in', 'T0EVIL', 200],
    ['an empty team id', '', 400],
    ['a 10,000-character team id', `T${'A'.repeat(9_999)}`, 400],
  ])('takes nothing from %s', async (_, teamId, status) => {
    const t = await startTestBaton();
    const body = form({
      command: '/delegate',
      text: 'Order chairs',
      team_id: teamId,
      user_id: lena,
      channel_id: 'D0123456',
      response_url: 'https://hooks.slack.com/commands/1',
      trigger_id: '1.2.3',
    });
    const res = await postSigned(t, body);
    expect(res.status).toBe(status);
    if (status === 200) expect(res.json).toMatchObject({ text: expect.stringMatching(/isn't installed/) });
    for (const table of ['tasks', 'pending_captures', 'processed_requests'] as const) {
      expect(await t.baton.db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
  });

  it.each([
    ['a bot', otherBot, /Bots can't lead tasks/],
    ['a deactivated account', former, /deactivated/],
    ['someone who is not a member', 'U0NOBODY01', /members of this workspace/],
  ])('answers %s leading a task clearly, and stores nothing', async (_, userId, answer) => {
    const t = await startTestBaton();
    const body = form({
      command: '/delegate',
      text: `Order chairs <@${marcus}>`,
      team_id: team,
      user_id: userId,
      channel_id: 'D0123456',
      response_url: t.emulator.newResponseUrl({ teamId: team, channel: 'D0123456', user: lena }),
      trigger_id: t.emulator.newTriggerId({ teamId: team, userId: lena }),
    });
    expect((await postSigned(t, body)).status).toBe(200);
    const reply = await t.emulator.waitForCall((c) => c.method === 'response_url');
    expect(String(reply.params.text)).toMatch(answer);
    expect(await tasksOf(t.baton.db, team)).toEqual([]);
    expect(await t.baton.db.selectFrom('pending_captures').selectAll().execute()).toEqual([]);
    expect(
      await t.baton.db.selectFrom('users').select('user_id').where('user_id', '=', 'U0NOBODY01').execute(),
    ).toEqual([]);
  });
});
