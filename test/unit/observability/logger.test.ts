import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { boltLogger } from '../../../src/observability/bolt-logger';
import { createLogger } from '../../../src/observability/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

const token = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';

it('never writes a Slack token, whichever way it travels', () => {
  const { lines, logger } = capture();
  logger.info({ token, botToken: token, config: { appToken: 'xapp-1-A0-1-abc' } }, 'fields');
  logger.info({ req: { headers: { authorization: `Bearer ${token}` } } }, 'headers');
  logger.info(`a message that quotes ${token} in its text`);
  logger.error({ err: new Error(`invalid_auth for ${token}`) }, 'an error');
  boltLogger(logger).debug('http request body:', { token, channel: 'C1' });
  const output = lines.join('');
  expect(lines).toHaveLength(5);
  expect(output).not.toContain('AbCdEfGhIjKlMnOpQrStUvWx');
  expect(output).not.toContain('xapp-1-A0-1-abc');
  expect(output).toContain('[redacted]');
});

it('redacts secrets by name', () => {
  const { lines, logger } = capture();
  logger.info({ slack: { signingSecret: 'shh-123', clientSecret: 'cs-456' }, encryptionKey: 'k'.repeat(32) }, 'x');
  expect(lines.join('')).not.toMatch(/shh-123|cs-456|kkkkkkkk/);
});

it('writes structured JSON lines', () => {
  const { lines, logger } = capture();
  logger.info({ team: 'T1', user: 'U1', task: 12 }, 'captured');
  expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 30, team: 'T1', user: 'U1', task: 12, msg: 'captured' });
});

it('redacts installations and OAuth fields, whatever the token looks like', () => {
  const { lines, logger } = capture();
  logger.info({ installation: { bot: { token: 'opaque-bot-1' } } }, 'installation');
  logger.info(
    { bot: { token: 'opaque-bot-2', refreshToken: 'opaque-refresh-3' }, user: { token: 'opaque-user-4' } },
    'parts',
  );
  logger.info(
    { response: { access_token: 'opaque-5', refresh_token: 'opaque-6' }, client_secret: 'opaque-7' },
    'oauth',
  );
  logger.info(`refreshed: xoxe-1-My0xLTEtMTIz in text`);
  expect(lines.join('')).not.toMatch(/opaque-|My0xLTEtMTIz/);
});
