import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, type Emulator, OTHER, startEmulator } from '../../../src/sandbox/index';

let t = 1_700_000_000_000;
const clock = () => t;
let emu: Emulator;

/** A WebClient for the emulator; `null` sends no token at all. */
function client(token: string | null = DEMO.botToken): WebClient {
  return new WebClient(token ?? undefined, {
    slackApiUrl: emu.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
}

/** The Slack error code a call fails with (or 'ok'). */
async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as { code?: string; data?: { error?: string } };
    if (err.code === ErrorCode.PlatformError) return err.data?.error ?? 'platform error without code';
    return `${err.code}`;
  }
}

beforeAll(async () => {
  emu = await startEmulator({ now: clock, rateLimits: false });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
});

describe('auth and identity', () => {
  it('auth.test answers for the token’s workspace and bot', async () => {
    const res = await client().auth.test();
    expect(res).toMatchObject({ ok: true, team_id: DEMO.teamId, user_id: DEMO.botUserId, bot_id: DEMO.botId });
    expect(res.url).toBe('https://baton-sandbox.slack.com/');
    const other = await client(OTHER.botToken).auth.test();
    expect(other.team_id).toBe(OTHER.teamId);
  });

  it('rejects missing, unknown and revoked tokens', async () => {
    expect(await errorCode(client(null).auth.test())).toBe('not_authed');
    expect(await errorCode(client('xoxb-nope').auth.test())).toBe('invalid_auth');
    emu.revokeToken(DEMO.botToken);
    expect(await errorCode(client().auth.test())).toBe('token_revoked');
    expect(emu.calls.map((c) => c.response)).toContainEqual({ ok: false, error: 'token_revoked' });
  });

  it('accepts JSON bodies with a bearer token, and answers unknown methods with unknown_method', async () => {
    const res = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO.botToken}` },
      body: JSON.stringify({ channel: DEMO.channels.general, text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; ts: string };
    expect(body.ok).toBe(true);
    expect(emu.messages()[0]?.blocks).toEqual([{ type: 'divider' }]);
    const unknown = await fetch(`${emu.apiUrl}chat.fly`, { method: 'POST', headers: { authorization: 'Bearer x' } });
    expect(await unknown.json()).toMatchObject({ ok: false, error: 'unknown_method' });
  });
});

describe('users', () => {
  it('users.info returns tz data and Slack’s user shape; other workspaces’ users are not found', async () => {
    const res = await client().users.info({ user: DEMO.users.yuki });
    expect(res.user).toMatchObject({
      id: DEMO.users.yuki,
      team_id: DEMO.teamId,
      tz: 'Asia/Tokyo',
      tz_offset: 9 * 3600,
      is_bot: false,
      deleted: false,
      profile: { display_name: 'yuki', real_name: 'Yuki Tanaka' },
    });
    expect(res.user?.tz_label).toBe('Japan Standard Time');
    expect(await errorCode(client().users.info({ user: OTHER.users.olga }))).toBe('user_not_found');
  });

  it('users.list paginates with limit and next_cursor', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await client().users.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.members?.length).toBeLessThanOrEqual(3);
      for (const m of res.members ?? []) ids.push(m.id ?? '');
      cursor = res.response_metadata?.next_cursor || undefined;
      pages += 1;
    } while (cursor && pages < 10);
    const expected = [...emu.workspace(DEMO.teamId).users.keys()];
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 3));
    expect(ids).toContain(DEMO.users.former);
    expect(ids).toContain('USLACKBOT');
    expect(await errorCode(client().users.list({ cursor: 'garbage' }))).toBe('invalid_cursor');
  });
});

describe('chat.postMessage', () => {
  it('posting to a user id goes to the app’s DM, returns a stable D channel and records dmUser', async () => {
    const first = await client().chat.postMessage({ channel: DEMO.users.marcus, text: 'hello' });
    const second = await client().chat.postMessage({ channel: DEMO.users.marcus, text: 'again' });
    expect(first.channel).toMatch(/^D[A-Z0-9]{10}$/);
    expect(second.channel).toBe(first.channel);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.message).toMatchObject({ text: 'hello', user: DEMO.botUserId, bot_id: DEMO.botId, ts: first.ts });
    const opened = await client().conversations.open({ users: DEMO.users.marcus });
    expect(opened.channel?.id).toBe(first.channel);
    const recorded = await emu.waitFor((m) => m.ts === first.ts);
    expect(recorded).toMatchObject({ teamId: DEMO.teamId, channel: first.channel, dmUser: DEMO.users.marcus });
  });

  it('gives not_in_channel, channel_not_found and is_archived like Slack', async () => {
    const c = client();
    expect(await errorCode(c.chat.postMessage({ channel: DEMO.channels.random, text: 'x' }))).toBe('not_in_channel');
    expect(await errorCode(c.chat.postMessage({ channel: DEMO.channels.secret, text: 'x' }))).toBe('channel_not_found');
    expect(await errorCode(c.chat.postMessage({ channel: 'C0NOPE0000', text: 'x' }))).toBe('channel_not_found');
    expect(await errorCode(c.chat.postMessage({ channel: OTHER.channels.general, text: 'x' }))).toBe(
      'channel_not_found',
    );
    expect(await errorCode(c.chat.postMessage({ channel: DEMO.channels.oldProject, text: 'x' }))).toBe('is_archived');
    expect(emu.messages()).toHaveLength(0);
    await c.conversations.join({ channel: DEMO.channels.random });
    expect(await errorCode(c.chat.postMessage({ channel: DEMO.channels.random, text: 'x' }))).toBe('ok');
    emu.removeBotFromChannel(DEMO.teamId, DEMO.channels.general);
    expect(await errorCode(c.chat.postMessage({ channel: DEMO.channels.general, text: 'x' }))).toBe('not_in_channel');
  });

  it('rejects 51 blocks and a 3001-character section with invalid_blocks; truncates long text', async () => {
    const c = client();
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    const blocks = Array.from({ length: 51 }, (_, i) => section(`row ${i}`));
    expect(await errorCode(c.chat.postMessage({ channel: DEMO.channels.general, text: 'x', blocks }))).toBe(
      'invalid_blocks',
    );
    expect(
      await errorCode(
        c.chat.postMessage({ channel: DEMO.channels.general, text: 'x', blocks: [section('a'.repeat(3001))] }),
      ),
    ).toBe('invalid_blocks');
    expect(
      await errorCode(
        c.apiCall('chat.postMessage', { channel: DEMO.channels.general, text: 'x', blocks: '[{"type":' }),
      ),
    ).toBe('invalid_blocks');
    expect(emu.messages()).toHaveLength(0);
    const long = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'y'.repeat(40_010) });
    expect(long.message?.text).toHaveLength(40_000);
  });

  it('thread replies update the parent’s reply_count', async () => {
    const c = client();
    const parent = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'parent' });
    await c.chat.postMessage({ channel: DEMO.channels.general, text: 'r1', thread_ts: parent.ts ?? '' });
    await c.chat.postMessage({ channel: DEMO.channels.general, text: 'r2', thread_ts: parent.ts ?? '' });
    const stored = emu.messages((m) => m.ts === parent.ts)[0];
    expect(stored?.replyCount).toBe(2);
    expect(emu.messages((m) => m.threadTs === parent.ts).map((m) => m.text)).toEqual(['r1', 'r2']);
    expect(
      await errorCode(c.chat.postMessage({ channel: DEMO.channels.general, text: 'r', thread_ts: '1.000001' })),
    ).toBe('thread_not_found');
  });

  it("a bot token's post is the bot user's message (bot_id, app_id, no subtype); replies name the parent's author", async () => {
    const c = client();
    const parent = emu.postAsUser({
      teamId: DEMO.teamId,
      channel: DEMO.channels.general,
      user: DEMO.users.yuki,
      text: 'p',
    });
    const reply = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'r', thread_ts: parent.ts });
    expect(reply.message).toMatchObject({ user: DEMO.botUserId, bot_id: DEMO.botId, parent_user_id: DEMO.users.yuki });
    expect(reply.message).not.toHaveProperty('subtype');
    const own = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'own' });
    emu.postAsUser({
      teamId: DEMO.teamId,
      channel: DEMO.channels.general,
      user: DEMO.users.yuki,
      text: 'r2',
      threadTs: own.ts ?? '',
    });
    const replies = await c.conversations.replies({ channel: DEMO.channels.general, ts: own.ts ?? '' });
    expect(replies.messages?.[1]).toMatchObject({ user: DEMO.users.yuki, parent_user_id: DEMO.botUserId });
  });
});

describe('chat.update / delete / permalink / ephemeral', () => {
  it('chat.update edits the bot’s own messages, keeps history and refuses missing ones', async () => {
    const c = client();
    const posted = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'v1' });
    const updated = await c.chat.update({ channel: DEMO.channels.general, ts: posted.ts ?? '', text: 'v2' });
    expect(updated).toMatchObject({ ok: true, channel: DEMO.channels.general, ts: posted.ts, text: 'v2' });
    const m = emu.messages()[0];
    expect(m?.text).toBe('v2');
    expect(m?.edited?.map((e) => e.text)).toEqual(['v1']);
    expect(await errorCode(c.chat.update({ channel: DEMO.channels.general, ts: '1700000000.999999', text: 'x' }))).toBe(
      'message_not_found',
    );
    const human = emu.postAsUser({
      teamId: DEMO.teamId,
      channel: DEMO.channels.general,
      user: DEMO.users.lena,
      text: 'hi',
    });
    expect(await errorCode(c.chat.update({ channel: DEMO.channels.general, ts: human.ts, text: 'x' }))).toBe(
      'cant_update_message',
    );
    await c.chat.delete({ channel: DEMO.channels.general, ts: posted.ts ?? '' });
    expect(emu.messages()[0]?.deleted).toBe(true);
    expect(await errorCode(c.chat.update({ channel: DEMO.channels.general, ts: posted.ts ?? '', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('chat.getPermalink builds Slack’s archive link', async () => {
    const c = client();
    const posted = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'link me' });
    const res = await c.chat.getPermalink({ channel: DEMO.channels.general, message_ts: posted.ts ?? '' });
    expect(res.permalink).toBe(
      `https://baton-sandbox.slack.com/archives/${DEMO.channels.general}/p${(posted.ts ?? '').replace('.', '')}`,
    );
  });

  it('chat.postEphemeral records the target user and needs them in the channel', async () => {
    const c = client();
    const res = await c.chat.postEphemeral({ channel: DEMO.channels.general, user: DEMO.users.yuki, text: 'psst' });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(emu.messages()[0]).toMatchObject({ ephemeralTo: DEMO.users.yuki, text: 'psst' });
    expect(
      await errorCode(c.chat.postEphemeral({ channel: DEMO.channels.leads, user: DEMO.users.yuki, text: 'x' })),
    ).toBe('user_not_in_channel');
  });
});

describe('conversations', () => {
  it('join works for public channels only and members paginate', async () => {
    const c = client();
    expect(await errorCode(c.conversations.join({ channel: DEMO.channels.leads }))).toBe(
      'method_not_supported_for_channel_type',
    );
    expect(await errorCode(c.conversations.join({ channel: DEMO.channels.oldProject }))).toBe('is_archived');
    const joined = await c.conversations.join({ channel: DEMO.channels.random });
    expect(joined.channel?.is_member).toBe(true);
    const page1 = await c.conversations.members({ channel: DEMO.channels.general, limit: 4 });
    expect(page1.members).toHaveLength(4);
    const page2 = await c.conversations.members({
      channel: DEMO.channels.general,
      limit: 4,
      cursor: page1.response_metadata?.next_cursor ?? '',
    });
    expect(page2.members).toHaveLength(3);
    expect(page2.response_metadata?.next_cursor).toBe('');
    const info = await c.conversations.info({ channel: DEMO.channels.leads });
    expect(info.channel).toMatchObject({ is_private: true, is_group: true, is_member: true, name: 'leads' });
    expect(await errorCode(c.conversations.open({ users: DEMO.users.former }))).toBe('user_disabled');
  });
});

describe('views and triggers', () => {
  const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Delegate' }, blocks: [] };

  it('opens with a fresh trigger, rejects one older than 3 s and a reused one', async () => {
    const c = client();
    const trigger = emu.newTriggerId({ teamId: DEMO.teamId, userId: DEMO.users.lena });
    const opened = await c.views.open({ trigger_id: trigger, view: { ...modal, callback_id: 'delegate' } });
    expect(opened.view?.id).toMatch(/^V/);
    expect(emu.view(opened.view?.id ?? '')?.userId).toBe(DEMO.users.lena);
    expect(await errorCode(c.views.open({ trigger_id: trigger, view: modal }))).toBe('exchanged_trigger_id');
    const old = emu.newTriggerId({ teamId: DEMO.teamId });
    t += 3100;
    expect(await errorCode(c.views.open({ trigger_id: old, view: modal }))).toBe('expired_trigger_id');
    expect(await errorCode(c.views.open({ trigger_id: 'made-up', view: modal }))).toBe('invalid_trigger_id');
  });

  it('views.update checks the hash; private_metadata over 3000 chars is rejected', async () => {
    const c = client();
    const opened = await c.views.open({ trigger_id: emu.newTriggerId(), view: modal });
    const id = opened.view?.id ?? '';
    const hash = opened.view?.hash ?? '';
    const updated = await c.views.update({ view_id: id, hash, view: { ...modal, private_metadata: 'x' } });
    expect(updated.view?.hash).not.toBe(hash);
    expect(await errorCode(c.views.update({ view_id: id, hash, view: modal }))).toBe('hash_conflict');
    expect(
      await errorCode(
        c.views.open({ trigger_id: emu.newTriggerId(), view: { ...modal, private_metadata: 'p'.repeat(3001) } }),
      ),
    ).toBe('invalid_arguments');
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' as const }));
    expect(await errorCode(c.views.publish({ user_id: DEMO.users.lena, view: { type: 'home', blocks } }))).toBe(
      'invalid_blocks',
    );
    await c.views.publish({ user_id: DEMO.users.lena, view: { type: 'home', blocks: blocks.slice(0, 100) } });
    expect(emu.homeView(DEMO.teamId, DEMO.users.lena)?.view.blocks).toHaveLength(100);
  });
});

describe('view_submission acks', () => {
  const modal = (title: string) => ({
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: title },
    blocks: [],
  });
  const open = async () => {
    const opened = await client().views.open({
      trigger_id: emu.newTriggerId({ teamId: DEMO.teamId, userId: DEMO.users.lena }),
      view: modal('First'),
    });
    return opened.view?.id ?? '';
  };

  it('errors keep the modal open with the messages; a later plain ack closes it', async () => {
    const id = await open();
    emu.applyViewSubmissionAck(id, { response_action: 'errors', errors: { title: 'Give it a title.' } });
    expect(emu.view(id)?.errors).toEqual({ title: 'Give it a title.' });
    expect(emu.view(id)?.closed).toBeFalsy();
    emu.applyViewSubmissionAck(id, undefined);
    expect(emu.view(id)?.closed).toBe(true);
  });

  it('update replaces the view, push stacks one on it, clear closes the stack', async () => {
    const id = await open();
    const hash = emu.view(id)?.hash;
    emu.applyViewSubmissionAck(id, { response_action: 'update', view: modal('Second') });
    expect(emu.view(id)?.view.title).toEqual({ type: 'plain_text', text: 'Second' });
    expect(emu.view(id)?.hash).not.toBe(hash);
    const pushed = emu.applyViewSubmissionAck(id, { response_action: 'push', view: modal('Third') });
    expect(pushed).toMatchObject({ rootViewId: id, previousViewId: id, userId: DEMO.users.lena });
    emu.applyViewSubmissionAck(pushed.id, { response_action: 'clear' });
    expect([emu.view(id)?.closed, emu.view(pushed.id)?.closed]).toEqual([true, true]);
  });

  it('refuses an update whose view is not a valid modal', async () => {
    const id = await open();
    expect(() => emu.applyViewSubmissionAck(id, { response_action: 'update', view: { type: 'home' } })).toThrow(
      /invalid_arguments/,
    );
  });
});

describe('rate limits and faults', () => {
  it('answers 429 with Retry-After, which WebClient surfaces as a rate-limited error', async () => {
    const limited = await startEmulator({ now: clock, rateLimits: { 'users.info': { perMinute: 2 } } });
    try {
      const c = new WebClient(DEMO.botToken, {
        slackApiUrl: limited.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      });
      await c.users.info({ user: DEMO.users.lena });
      await c.users.info({ user: DEMO.users.lena });
      const err = await c.users.info({ user: DEMO.users.lena }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 60 });
      expect(limited.calls.at(-1)).toMatchObject({ status: 429, response: { ok: false, error: 'ratelimited' } });
      t += 60_001;
      expect((await c.users.info({ user: DEMO.users.lena })).ok).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it('by default limits chat.postMessage per channel (burst of 3, then ~1/s) but not across channels', async () => {
    const limited = await startEmulator({ now: clock });
    try {
      const c = new WebClient(DEMO.botToken, {
        slackApiUrl: limited.apiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      });
      for (let i = 0; i < 3; i++) await c.chat.postMessage({ channel: DEMO.channels.general, text: `m${i}` });
      const err = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'm3' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
      expect((await c.chat.postMessage({ channel: DEMO.channels.leads, text: 'elsewhere' })).ok).toBe(true);
      t += 1000;
      expect((await c.chat.postMessage({ channel: DEMO.channels.general, text: 'm4' })).ok).toBe(true);
      expect(limited.messages().map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'elsewhere', 'm4']);
    } finally {
      await limited.close();
    }
  });

  it('setUser deactivates a user: DMs can no longer be opened', async () => {
    expect(await errorCode(client().conversations.open({ users: DEMO.users.chloe }))).toBe('ok');
    emu.setUser(DEMO.teamId, { id: DEMO.users.chloe, deleted: true });
    expect(await errorCode(client().conversations.open({ users: DEMO.users.chloe }))).toBe('user_disabled');
    expect((await client().users.info({ user: DEMO.users.chloe })).user?.deleted).toBe(true);
  });

  it('injects 5xx, forced 429 and latency', async () => {
    const c = client();
    emu.faults.inject({ method: 'chat.postMessage', kind: 'http5xx', status: 502 });
    const err = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 502 });
    expect(emu.messages()).toHaveLength(0);
    expect(await errorCode(c.chat.postMessage({ channel: DEMO.channels.general, text: 'x' }))).toBe('ok');
    emu.faults.inject({ method: 'auth.test', kind: 'ratelimited', retryAfterSec: 7 });
    expect(await c.auth.test().catch((e: unknown) => e)).toMatchObject({ retryAfter: 7 });
    emu.faults.inject({ method: 'auth.test', kind: 'latency', ms: 150 });
    const started = performance.now();
    await c.auth.test();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(emu.calls.at(-1)?.ms).toBeGreaterThanOrEqual(140);
  });

  it('drop performs the effect but the client sees a network error', async () => {
    const c = client();
    emu.faults.inject({ method: 'chat.postMessage', kind: 'drop' });
    const err = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'lost' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.RequestError });
    expect(emu.messages().map((m) => m.text)).toEqual(['lost']);
    expect(emu.calls.at(-1)).toMatchObject({ method: 'chat.postMessage', dropped: true });
    expect(emu.calls.at(-1)?.ms).toBeGreaterThanOrEqual(0);
  });

  it('a fault for one channel leaves posts elsewhere alone', async () => {
    const c = client();
    emu.faults.inject({ method: 'chat.postMessage', kind: 'http5xx', channel: DEMO.users.marcus });
    expect(await errorCode(c.chat.postMessage({ channel: DEMO.channels.general, text: 'fine' }))).toBe('ok');
    const err = await c.chat.postMessage({ channel: DEMO.users.marcus, text: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    expect(emu.faults.list()).toHaveLength(0);
  });
});

describe('response_url', () => {
  async function post(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  }

  it('records ephemeral and in_channel posts, replaces the original, and rejects the 6th post', async () => {
    const url = emu.newResponseUrl({ teamId: DEMO.teamId, channel: DEMO.channels.random, user: DEMO.users.sofia });
    expect((await post(url, { text: 'only you' })).status).toBe(200);
    expect(emu.messages()[0]).toMatchObject({ ephemeralTo: DEMO.users.sofia, via: 'response_url', text: 'only you' });
    await post(url, { text: 'replaced', replace_original: true });
    expect(emu.messages()).toHaveLength(1);
    expect(emu.messages()[0]?.text).toBe('replaced');
    await post(url, { text: 'everyone', response_type: 'in_channel' });
    const inChannel = emu.messages()[1];
    expect(inChannel?.ephemeralTo).toBeUndefined();
    expect(inChannel?.channel).toBe(DEMO.channels.random);
    await post(url, { delete_original: true });
    expect(emu.messages()[1]?.deleted).toBe(true);
    expect((await post(url, { text: 'fifth' })).status).toBe(200);
    const sixth = await post(url, { text: 'sixth' });
    expect(sixth).toEqual({ status: 404, json: { ok: false, error: 'used_url' } });
    expect(emu.messages().map((m) => m.text)).not.toContain('sixth');
  });

  it('expires after 30 minutes', async () => {
    const url = emu.newResponseUrl({ teamId: DEMO.teamId, channel: DEMO.channels.general, user: DEMO.users.lena });
    t += 30 * 60 * 1000 + 1;
    expect(await post(url, { text: 'late' })).toEqual({ status: 404, json: { ok: false, error: 'expired_url' } });
  });
});

describe('waitFor', () => {
  it('resolves on a future message and times out with the last messages listed', async () => {
    const waiting = emu.waitFor((m) => m.text === 'later', { timeoutMs: 2000 });
    await client().chat.postMessage({ channel: DEMO.channels.general, text: 'later' });
    expect((await waiting).channel).toBe(DEMO.channels.general);
    await expect(emu.waitFor((m) => m.text === 'never', { timeoutMs: 50 })).rejects.toThrow(/"later"/);
  });
});

describe('oauth.v2.access', () => {
  it('exchanges an issued code once for the workspace’s bot token', async () => {
    const code = emu.issueOAuthCode(OTHER.teamId);
    const creds = emu.oauthCredentials;
    const anon = client(null);
    const res = await anon.oauth.v2.access({ client_id: creds.clientId, client_secret: creds.clientSecret, code });
    expect(res).toMatchObject({
      ok: true,
      access_token: OTHER.botToken,
      token_type: 'bot',
      bot_user_id: OTHER.botUserId,
      team: { id: OTHER.teamId, name: 'Other Co' },
      authed_user: { id: OTHER.users.olga },
    });
    expect(
      await errorCode(anon.oauth.v2.access({ client_id: creds.clientId, client_secret: creds.clientSecret, code })),
    ).toBe('invalid_code');
    expect(
      await errorCode(
        anon.oauth.v2.access({
          client_id: creds.clientId,
          client_secret: 'wrong',
          code: emu.issueOAuthCode(OTHER.teamId),
        }),
      ),
    ).toBe('bad_client_secret');
  });
});

describe('token rotation and uninstalling', () => {
  const creds = () => emu.oauthCredentials;
  afterAll(() => emu.setTokenRotation(undefined));

  it('issues expiring tokens with a refresh token, refreshes once per refresh token, and refuses an expired token', async () => {
    emu.setTokenRotation({ expiresInSec: 3600 });
    const anon = client(null);
    const installed = await anon.oauth.v2.access({
      client_id: creds().clientId,
      client_secret: creds().clientSecret,
      code: emu.issueOAuthCode(OTHER.teamId),
    });
    expect(installed).toMatchObject({ ok: true, expires_in: 3600, token_type: 'bot' });
    const token = installed.access_token ?? '';
    const refresh = installed.refresh_token ?? '';
    expect(token).toMatch(/^xoxe\.xoxb-/);
    expect(refresh).toMatch(/^xoxe-1-/);
    expect(await errorCode(client(token).auth.test())).toBe('ok');

    t += 1800 * 1000;
    const refreshed = await anon.oauth.v2.access({
      client_id: creds().clientId,
      client_secret: creds().clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refresh,
    });
    expect(refreshed.access_token).not.toBe(token);
    expect(refreshed.refresh_token).not.toBe(refresh);
    const again = anon.oauth.v2.access({
      client_id: creds().clientId,
      client_secret: creds().clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refresh,
    });
    expect(await errorCode(again)).toBe('invalid_refresh_token');

    t += 1801 * 1000;
    expect(await errorCode(client(token).auth.test())).toBe('token_expired');
    expect(await errorCode(client(refreshed.access_token ?? '').auth.test())).toBe('ok');
  });

  it('an uninstall revokes every token of the workspace and its refresh tokens, and no other', async () => {
    emu.setTokenRotation({ expiresInSec: 3600 });
    const installed = await client(null).oauth.v2.access({
      client_id: creds().clientId,
      client_secret: creds().clientSecret,
      code: emu.issueOAuthCode(OTHER.teamId),
    });
    emu.uninstall(OTHER.teamId);
    expect(await errorCode(client(installed.access_token ?? '').auth.test())).toBe('token_revoked');
    expect(await errorCode(client(OTHER.botToken).auth.test())).toBe('token_revoked');
    expect(await errorCode(client(DEMO.botToken).auth.test())).toBe('ok');
    const refresh = client(null).oauth.v2.access({
      client_id: creds().clientId,
      client_secret: creds().clientSecret,
      grant_type: 'refresh_token',
      refresh_token: installed.refresh_token ?? '',
    });
    expect(await errorCode(refresh)).toBe('invalid_refresh_token');
  });
});
