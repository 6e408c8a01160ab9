import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type Emulator, SlackDriver, startEmulator } from '../../../src/sandbox/index';

const SECRET = 'sandbox-signing-secret';

interface Captured {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A fake app that records what it receives and answers 200 `{}`. */
async function captureServer(): Promise<{ server: Server; url: string; received: Captured[] }> {
  const received: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function verifies(c: Captured, secret = SECRET): boolean {
  try {
    verifySlackRequest({
      signingSecret: secret,
      body: c.body,
      headers: {
        'x-slack-signature': String(c.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(c.headers['x-slack-request-timestamp']),
      },
    });
    return true;
  } catch {
    return false;
  }
}

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ rateLimits: false });
});
afterAll(async () => {
  await emu.close();
});

describe('SlackDriver signing', () => {
  it('signs like Slack: Bolt’s verifySlackRequest accepts it, and rejects bad, missing and stale signatures', async () => {
    const fake = await captureServer();
    try {
      const driver = new SlackDriver({ emulator: emu, appUrl: fake.url, signingSecret: SECRET });
      await driver.command({ team: DEMO.teamId, user: DEMO.users.lena, text: 'write the report' });
      await driver.command({ user: DEMO.users.lena, text: 'x', signature: 'bad' });
      await driver.command({ user: DEMO.users.lena, text: 'x', signature: 'none' });
      await driver.command({ user: DEMO.users.lena, text: 'x', timestampOffsetSec: -600 });
      await driver.event({
        event: { type: 'app_home_opened', user: DEMO.users.lena },
        retryNum: 2,
        retryReason: 'http_timeout',
      });
      const [good, bad, none, stale, event] = fake.received;
      expect(good && verifies(good)).toBe(true);
      expect(good && verifies(good, 'another-secret')).toBe(false);
      expect(bad && verifies(bad)).toBe(false);
      expect(none?.headers['x-slack-signature']).toBeUndefined();
      expect(stale && verifies(stale)).toBe(false);
      expect(event && verifies(event)).toBe(true);
      expect(event?.headers['x-slack-retry-num']).toBe('2');
      expect(event?.headers['x-slack-retry-reason']).toBe('http_timeout');

      const form = new URLSearchParams(good?.body ?? '');
      expect(form.get('team_id')).toBe(DEMO.teamId);
      expect(form.get('user_id')).toBe(DEMO.users.lena);
      expect(form.get('command')).toBe('/delegate');
      expect(form.get('text')).toBe('write the report');
      expect(form.get('channel_id')).toBe(emu.openDm(DEMO.teamId, DEMO.users.lena));
      expect(form.get('response_url')).toMatch(new RegExp(`^${emu.url}/response/`));
      const ev = JSON.parse(event?.body ?? '{}') as Record<string, unknown>;
      expect(ev).toMatchObject({
        type: 'event_callback',
        team_id: DEMO.teamId,
        authorizations: [{ team_id: DEMO.teamId, user_id: DEMO.botUserId, is_bot: true }],
      });
      expect(ev.event_id).toMatch(/^Ev/);
    } finally {
      fake.server.close();
    }
  });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('a real Bolt app against the emulator', () => {
  it('handles a command, a button click and a modal submission over Slack’s HTTP protocol', async () => {
    const port = await freePort();
    const app = new App({
      token: DEMO.botToken,
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/delegate', async ({ ack, command, client, respond }) => {
      await ack();
      await client.views.open({
        trigger_id: command.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'capture',
          title: { type: 'plain_text', text: 'Delegate' },
          submit: { type: 'plain_text', text: 'Save' },
          blocks: [
            {
              type: 'input',
              block_id: 'task',
              label: { type: 'plain_text', text: 'Task' },
              element: { type: 'plain_text_input', action_id: 'text' },
            },
          ],
        },
      });
      await client.chat.postMessage({
        channel: command.user_id,
        text: `Holding: ${command.text}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `Holding: ${command.text}` } },
          {
            type: 'actions',
            block_id: 'task-1',
            elements: [
              { type: 'button', action_id: 'drop', value: 'task-1', text: { type: 'plain_text', text: 'Drop' } },
            ],
          },
        ],
      });
      await respond('Captured.');
    });
    app.action('drop', async ({ ack, respond, body }) => {
      await ack();
      const value = body.type === 'block_actions' && body.actions[0]?.type === 'button' ? body.actions[0].value : '';
      await respond({ replace_original: true, text: `Dropped ${value}` });
    });
    app.view('capture', async ({ ack, view }) => {
      const text = view.state.values.task?.text?.value ?? '';
      if (text.length < 3) await ack({ response_action: 'errors', errors: { task: 'Too short' } });
      else await ack();
    });
    await app.start(port);
    try {
      const driver = new SlackDriver({ emulator: emu, appUrl: `http://127.0.0.1:${port}`, signingSecret: SECRET });
      const res = await driver.command({ user: DEMO.users.lena, text: 'quarterly report' });
      expect(res.status).toBe(200);
      const dm = await emu.waitFor((m) => m.text === 'Holding: quarterly report');
      expect(dm.dmUser).toBe(DEMO.users.lena);
      const ack = await emu.waitFor((m) => m.text === 'Captured.');
      expect(ack.ephemeralTo).toBe(DEMO.users.lena);
      const modal = emu.views((v) => v.view.callback_id === 'capture')[0];
      expect(modal?.userId).toBe(DEMO.users.lena);

      const click = await driver.click({ user: DEMO.users.lena, message: dm, buttonText: 'Drop' });
      expect(click.status).toBe(200);
      const dropped = await emu.waitFor((m) => m.ts === dm.ts && m.text === 'Dropped task-1');
      expect(dropped.edited).toHaveLength(1);

      const short = await driver.viewSubmission({
        user: DEMO.users.lena,
        view: modal?.id ?? '',
        values: { task: { text: { type: 'plain_text_input', value: 'x' } } },
      });
      expect(short.json).toEqual({ response_action: 'errors', errors: { task: 'Too short' } });
      const ok = await driver.viewSubmission({
        user: DEMO.users.lena,
        view: modal?.id ?? '',
        values: { task: { text: { type: 'plain_text_input', value: 'long enough' } } },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toBe('');

      const unsigned = await driver.command({ user: DEMO.users.lena, text: 'x', signature: 'bad' });
      expect(unsigned.status).toBe(401);
      expect(() => driver.click({ user: DEMO.users.lena, message: dm, buttonText: 'Nope' })).toThrow(/"Drop" \(drop\)/);
    } finally {
      await app.stop();
    }
  });
});
