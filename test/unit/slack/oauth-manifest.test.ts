import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { authorizeUrlBeside, BOT_SCOPES, REDIRECT_PATH } from '../../../src/slack/receiver/oauth';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../../manifest.json'), 'utf8')) as {
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] } };
};

it('asks at install for the bot scopes the manifest lists, and redirects where the manifest says', () => {
  expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  expect(manifest.oauth_config.redirect_urls.map((u) => new URL(u).pathname)).toEqual([REDIRECT_PATH]);
  expect(manifest.settings.event_subscriptions.bot_events).toEqual(
    expect.arrayContaining(['app_uninstalled', 'tokens_revoked']),
  );
});

it('finds Slack’s authorize page beside the Web API, the emulator’s too', () => {
  expect(authorizeUrlBeside('https://slack.com/api/')).toBe('https://slack.com/oauth/v2/authorize');
  expect(authorizeUrlBeside('http://127.0.0.1:4000/api/')).toBe('http://127.0.0.1:4000/oauth/v2/authorize');
});
