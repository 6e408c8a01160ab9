/** `npm run emulator -- [--port 3001]`: the Slack emulator alone, for pointing SLACK_API_URL at by hand. */
import { DEMO, startEmulator } from '../sandbox';

function parsePort(argv: readonly string[]): number {
  const index = argv.indexOf('--port');
  const port = index === -1 ? 3001 : Number(argv[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be a port number');
  return port;
}

const emulator = await startEmulator({ port: parsePort(process.argv.slice(2)) });
process.stdout.write(
  [
    `Slack emulator at ${emulator.apiUrl}`,
    `Start Baton against it: SLACK_API_URL=${emulator.apiUrl} SLACK_BOT_TOKEN=${DEMO.botToken} SLACK_SIGNING_SECRET=<any> npm start`,
    '',
  ].join('\n'),
);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
