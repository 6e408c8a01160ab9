import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseFlags } from '../../src/config';

describe('loadConfig', () => {
  it('defaults to the local services and the sandbox when no Slack credentials are set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/baton');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.slack).toEqual({ kind: 'sandbox' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ['one workspace', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, 'single'],
    ['Socket Mode', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, 'socket'],
    [
      'many workspaces',
      {
        SLACK_CLIENT_ID: 'c',
        SLACK_CLIENT_SECRET: 'cs',
        SLACK_STATE_SECRET: 'st',
        SLACK_SIGNING_SECRET: 's',
        ENCRYPTION_KEY: 'e'.repeat(32),
      },
      'oauth',
    ],
    ['empty values as unset', { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: ' ' }, 'sandbox'],
  ])('picks the %s mode from what is set', (_, env, kind) => {
    expect(loadConfig(env).slack.kind).toBe(kind);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres:\/\/ URL/],
    [{ REDIS_URL: 'localhost' }, /REDIS_URL/],
    [{ SLACK_BOT_TOKEN: 'xoxp-1', SLACK_SIGNING_SECRET: 's' }, /SLACK_BOT_TOKEN must start with xoxb-/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is required/],
    [{ SLACK_SIGNING_SECRET: 's' }, /SLACK_BOT_TOKEN is required/],
    [{ SLACK_CLIENT_ID: 'c', SLACK_SIGNING_SECRET: 's' }, /SLACK_CLIENT_SECRET is required/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ ENCRYPTION_KEY: 'short' }, /ENCRYPTION_KEY must be at least 32 characters/],
    [{ ENCRYPTION_KEY_PREVIOUS: `${'o'.repeat(32)},short` }, /ENCRYPTION_KEY_PREVIOUS/],
    [
      { SLACK_CLIENT_ID: 'c', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'st', SLACK_SIGNING_SECRET: 's' },
      /ENCRYPTION_KEY is required/,
    ],
    [{ PURGE_AFTER_DAYS: '0' }, /PURGE_AFTER_DAYS/],
  ])('stops with one line naming the bad variable: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    ['JSON for a pipe', {}, {}, false, false],
    ['readable lines for a terminal', {}, {}, true, true],
    ['JSON on a terminal when LOG_FORMAT says so', { LOG_FORMAT: 'json' }, {}, true, false],
    ['readable lines into a pipe when LOG_FORMAT says so', { LOG_FORMAT: 'pretty' }, {}, false, true],
    ['readable lines with --pretty', { LOG_FORMAT: 'json' }, { pretty: true }, false, true],
  ])('writes %s', (_, env, flags, terminal, pretty) => {
    expect(loadConfig(env, flags, terminal).prettyLogs).toBe(pretty);
  });

  it('refuses an unknown LOG_FORMAT', () => {
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('reads older encryption keys as a list and keeps uninstalled workspaces 30 days by default', () => {
    const config = loadConfig({ ENCRYPTION_KEY_PREVIOUS: ` ${'a'.repeat(32)} ,${'b'.repeat(32)},` });
    expect(config.previousEncryptionKeys).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
    expect(config.purgeAfterDays).toBe(30);
    expect(loadConfig({ PURGE_AFTER_DAYS: '7' }).purgeAfterDays).toBe(7);
  });

  it('normalises the Web API base URL to end with a slash', () => {
    expect(loadConfig({ SLACK_API_URL: 'http://127.0.0.1:9/api' }).slackApiUrl).toBe('http://127.0.0.1:9/api/');
  });
});

describe('parseFlags', () => {
  it.each([
    [[], {}],
    [['--role', 'web'], { role: 'web' }],
    [['--role=worker'], { role: 'worker' }],
    [['--pretty'], { pretty: true }],
  ])('%o', (argv, flags) => {
    expect(parseFlags(argv)).toEqual(flags);
  });

  it('refuses an unknown role', () => {
    expect(() => parseFlags(['--role', 'boss'])).toThrow(/--role must be web, worker or all/);
  });
});
