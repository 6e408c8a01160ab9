/**
 * The baseline of the ack bench, run as a child process: a bare Bolt app whose `/delegate` only
 * acks. Bolt's own HTTP receiver checks the signature, as Baton's does. Prints `{"url": …}` once
 * listening. Env: SIGNING_SECRET.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  signingSecret: process.env.SIGNING_SECRET ?? '',
  // Who the bot is, known without asking Slack (Baton reads it from Postgres per request).
  authorize: async () => ({ botToken: 'xoxb-bare-bolt', botId: 'B0BAREBOLT', botUserId: 'U0BAREBOLT' }),
  logLevel: process.env.BOLT_DEBUG ? LogLevel.DEBUG : LogLevel.ERROR,
});
app.command('/delegate', async ({ ack }) => {
  await ack();
});
const server = (await app.start(0)) as { address(): AddressInfo | string | null };
const { port } = server.address() as AddressInfo;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
