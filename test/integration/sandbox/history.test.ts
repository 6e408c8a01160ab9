import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO, type Emulator, OTHER, type SeedUser, startEmulator } from '../../../src/sandbox/index';

let t = 1_700_000_000_000;
const clock = () => t;
let emu: Emulator;

function client(token: string = DEMO.botToken, api = emu.apiUrl): WebClient {
  return new WebClient(token, { slackApiUrl: api, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}

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

type Msg = { text?: string; ts?: string; metadata?: unknown; thread_ts?: string; reply_count?: number };

beforeAll(async () => {
  emu = await startEmulator({ now: clock, rateLimits: false });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  t += 1000;
});

const meta = { event_type: 'task_created', event_payload: { task_id: 't-1', n: 2 } };

describe('message metadata', () => {
  it('chat.postMessage stores metadata (object or JSON string) and returns it in the message', async () => {
    const c = client();
    const res = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'with meta', metadata: meta });
    expect(res.message?.metadata).toEqual(meta);
    expect(emu.messages()[0]?.metadata).toEqual(meta);

    const raw = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO.botToken}` },
      body: JSON.stringify({ channel: DEMO.channels.general, text: 'string meta', metadata: JSON.stringify(meta) }),
    });
    expect(((await raw.json()) as { message: Msg }).message.metadata).toEqual(meta);
  });

  it('rejects malformed metadata with invalid_metadata_format and posts nothing', async () => {
    const c = client();
    const bad: unknown[] = [
      '{not json',
      '[]',
      { event_type: 'x' },
      { event_payload: {} },
      { event_type: '', event_payload: {} },
      { event_type: 'x', event_payload: 'nope' },
      { event_type: 7, event_payload: {} },
      {},
    ];
    for (const metadata of bad) {
      const args = { channel: DEMO.channels.general, text: 'x', metadata } as never;
      expect(await errorCode(c.chat.postMessage(args))).toBe('invalid_metadata_format');
    }
    expect(emu.messages()).toHaveLength(0);
  });

  it('chat.update replaces metadata, keeps it when absent, and removes it with {}', async () => {
    const c = client();
    const { ts } = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'v1', metadata: meta });
    const next = { event_type: 'task_done', event_payload: { task_id: 't-1' } };
    const upd = await c.chat.update({ channel: DEMO.channels.general, ts: ts ?? '', text: 'v2', metadata: next });
    expect(upd.message?.metadata).toEqual(next);
    const kept = await c.chat.update({ channel: DEMO.channels.general, ts: ts ?? '', text: 'v3' });
    expect(kept.message?.metadata).toEqual(next);
    expect(emu.messages()[0]).toMatchObject({ text: 'v3', metadata: next });
    const bad = c.chat.update({ channel: DEMO.channels.general, ts: ts ?? '', text: 'v4', metadata: '{' } as never);
    expect(await errorCode(bad)).toBe('invalid_metadata_format');
    expect(emu.messages()[0]?.text).toBe('v3');
    const removed = await c.chat.update({ channel: DEMO.channels.general, ts: ts ?? '', metadata: {} } as never);
    expect(removed.message?.metadata).toBeUndefined();
    expect(emu.messages()[0]?.metadata).toBeUndefined();
    expect(emu.messages()[0]?.text).toBe('v3');
  });
});

describe('conversations.history', () => {
  async function seed(n: number, channel: string = DEMO.channels.general): Promise<string[]> {
    const c = client();
    const ts: string[] = [];
    for (let i = 0; i < n; i++) {
      t += 1000;
      const res = await c.chat.postMessage({ channel, text: `m${i}`, metadata: { ...meta, event_payload: { i } } });
      ts.push(res.ts ?? '');
    }
    return ts;
  }

  it('returns top-level messages newest first, without replies, deleted ones or ephemerals', async () => {
    const c = client();
    const [a, b] = await seed(2);
    await c.chat.postMessage({ channel: DEMO.channels.general, thread_ts: a ?? '', text: 'reply' });
    await c.chat.postMessage({
      channel: DEMO.channels.general,
      thread_ts: a ?? '',
      text: 'broadcast',
      reply_broadcast: true,
    });
    await c.chat.postEphemeral({ channel: DEMO.channels.general, user: DEMO.users.lena, text: 'psst' });
    const gone = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'gone' });
    await c.chat.delete({ channel: DEMO.channels.general, ts: gone.ts ?? '' });
    emu.postAsUser({ teamId: DEMO.teamId, channel: DEMO.channels.general, user: DEMO.users.lena, text: 'human' });

    const res = await c.conversations.history({ channel: DEMO.channels.general });
    expect(res).toMatchObject({ ok: true, has_more: false, pin_count: 0, response_metadata: { next_cursor: '' } });
    const msgs = res.messages as Msg[];
    // A reply sent to the channel too (reply_broadcast) is part of the channel's timeline.
    expect(msgs.map((m) => m.text)).toEqual(['human', 'broadcast', 'm1', 'm0']);
    expect(msgs[2]).toMatchObject({ type: 'message', user: DEMO.botUserId, bot_id: DEMO.botId, ts: b, blocks: [] });
    expect(msgs[3]).toMatchObject({ ts: a, thread_ts: a, reply_count: 2 });
    expect(msgs[0]).toMatchObject({ user: DEMO.users.lena, blocks: [] });
    expect(msgs[0]).not.toHaveProperty('bot_id');
    // metadata only with include_all_metadata
    expect(msgs.some((m) => 'metadata' in m)).toBe(false);
    const withMeta = await c.conversations.history({ channel: DEMO.channels.general, include_all_metadata: true });
    expect((withMeta.messages as Msg[]).find((m) => m.text === 'm1')?.metadata).toEqual({
      ...meta,
      event_payload: { i: 1 },
    });
  });

  it('paginates with limit, cursor and has_more until every message is seen once', async () => {
    const ts = await seed(7);
    const c = client();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await c.conversations.history({
        channel: DEMO.channels.general,
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      pages += 1;
      seen.push(...(res.messages as Msg[]).map((m) => m.ts ?? ''));
      expect(res.has_more).toBe(Boolean(res.response_metadata?.next_cursor));
      cursor = res.response_metadata?.next_cursor || undefined;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ts].reverse());
    expect(await errorCode(c.conversations.history({ channel: DEMO.channels.general, cursor: 'garbage' }))).toBe(
      'invalid_cursor',
    );
    // WebClient's own paginate() works against it.
    const all: string[] = [];
    for await (const page of c.paginate('conversations.history', { channel: DEMO.channels.general, limit: 2 })) {
      all.push(...((page as { messages?: Msg[] }).messages ?? []).map((m) => m.ts ?? ''));
    }
    expect(all).toEqual([...ts].reverse());
  });

  it('filters by oldest/latest, exclusive unless inclusive; limit defaults to 100 and caps at 999', async () => {
    const ts = await seed(5);
    const c = client();
    const texts = async (args: Record<string, unknown>) =>
      ((await c.conversations.history({ channel: DEMO.channels.general, ...args })).messages as Msg[]).map(
        (m) => m.text,
      );
    expect(await texts({ oldest: ts[1], latest: ts[3] })).toEqual(['m2']);
    expect(await texts({ oldest: ts[1], latest: ts[3], inclusive: true })).toEqual(['m3', 'm2', 'm1']);
    expect(await texts({ oldest: ts[3] })).toEqual(['m4']);
    expect(await texts({ latest: ts[1] })).toEqual(['m0']);
    expect(await errorCode(c.conversations.history({ channel: DEMO.channels.general, oldest: 'yesterday' }))).toBe(
      'invalid_ts_oldest',
    );
    expect(await errorCode(c.conversations.history({ channel: DEMO.channels.general, latest: 'x' }))).toBe(
      'invalid_ts_latest',
    );

    for (let i = 0; i < 1100; i++) {
      emu.postAsUser({ teamId: DEMO.teamId, channel: DEMO.channels.leads, user: DEMO.users.lena, text: `b${i}` });
    }
    const first = await c.conversations.history({ channel: DEMO.channels.leads });
    expect(first.messages).toHaveLength(100);
    expect(first.has_more).toBe(true);
    const big = await c.conversations.history({ channel: DEMO.channels.leads, limit: 5000 });
    expect(big.messages).toHaveLength(999);
    expect((big.messages as Msg[])[0]?.text).toBe('b1099');
  });

  it('reads DMs the bot has; gives channel_not_found and not_in_channel like Slack', async () => {
    const c = client();
    const dm = await c.chat.postMessage({ channel: DEMO.users.lena, text: 'hello lena' });
    const res = await c.conversations.history({ channel: dm.channel ?? '' });
    expect((res.messages as Msg[]).map((m) => m.text)).toEqual(['hello lena']);

    expect(await errorCode(c.conversations.history({ channel: 'C0NOPE0000' }))).toBe('channel_not_found');
    expect(await errorCode(c.conversations.history({ channel: DEMO.users.lena }))).toBe('channel_not_found');
    expect(await errorCode(c.conversations.history({ channel: 'DNOTOPENED0' }))).toBe('channel_not_found');
    // Another workspace's DM is not ours.
    expect(await errorCode(client(OTHER.botToken).conversations.history({ channel: dm.channel ?? '' }))).toBe(
      'channel_not_found',
    );
    // Public but the bot is not in it: not_in_channel; private without the bot: invisible.
    expect(await errorCode(c.conversations.history({ channel: DEMO.channels.random }))).toBe('not_in_channel');
    expect(await errorCode(c.conversations.history({ channel: DEMO.channels.secret }))).toBe('channel_not_found');
    expect(await errorCode(c.conversations.replies({ channel: DEMO.channels.random, ts: '1.000001' }))).toBe(
      'not_in_channel',
    );
    emu.removeBotFromChannel(DEMO.teamId, DEMO.channels.general);
    expect(await errorCode(c.conversations.history({ channel: DEMO.channels.general }))).toBe('not_in_channel');
  });
});

describe('conversations.replies', () => {
  it('returns the parent then its replies oldest first, from the parent’s or a reply’s ts', async () => {
    const c = client();
    const parent = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'parent', metadata: meta });
    const r1 = await c.chat.postMessage({ channel: DEMO.channels.general, thread_ts: parent.ts ?? '', text: 'r1' });
    emu.postAsUser({
      teamId: DEMO.teamId,
      channel: DEMO.channels.general,
      user: DEMO.users.lena,
      text: 'r2',
      threadTs: parent.ts ?? '',
    });
    const gone = await c.chat.postMessage({ channel: DEMO.channels.general, thread_ts: parent.ts ?? '', text: 'x' });
    await c.chat.delete({ channel: DEMO.channels.general, ts: gone.ts ?? '' });
    await c.chat.postMessage({ channel: DEMO.channels.general, text: 'unrelated' });

    const res = await c.conversations.replies({ channel: DEMO.channels.general, ts: parent.ts ?? '' });
    expect(res.ok).toBe(true);
    expect(res.has_more).toBe(false);
    const msgs = res.messages as Msg[];
    expect(msgs.map((m) => m.text)).toEqual(['parent', 'r1', 'r2']);
    expect(msgs[0]).toMatchObject({ ts: parent.ts, thread_ts: parent.ts, reply_count: 3 });
    expect(msgs[1]).toMatchObject({ ts: r1.ts, thread_ts: parent.ts });
    expect(msgs[0]).not.toHaveProperty('metadata');

    const viaReply = await c.conversations.replies({
      channel: DEMO.channels.general,
      ts: r1.ts ?? '',
      include_all_metadata: true,
    });
    expect((viaReply.messages as Msg[]).map((m) => m.text)).toEqual(['parent', 'r1', 'r2']);
    expect((viaReply.messages as Msg[])[0]?.metadata).toEqual(meta);

    const page1 = await c.conversations.replies({ channel: DEMO.channels.general, ts: parent.ts ?? '', limit: 2 });
    expect((page1.messages as Msg[]).map((m) => m.text)).toEqual(['parent', 'r1']);
    expect(page1.has_more).toBe(true);
    const page2 = await c.conversations.replies({
      channel: DEMO.channels.general,
      ts: parent.ts ?? '',
      limit: 2,
      cursor: page1.response_metadata?.next_cursor ?? '',
    });
    expect((page2.messages as Msg[]).map((m) => m.text)).toEqual(['r2']);
    expect(page2.has_more).toBe(false);

    const onlyNew = await c.conversations.replies({
      channel: DEMO.channels.general,
      ts: parent.ts ?? '',
      oldest: r1.ts,
    });
    expect((onlyNew.messages as Msg[]).map((m) => m.text)).toEqual(['parent', 'r2']);
  });

  it('thread_not_found for unknown or deleted ts; a message without replies is a thread of one', async () => {
    const c = client();
    expect(await errorCode(c.conversations.replies({ channel: DEMO.channels.general, ts: '1.000001' }))).toBe(
      'thread_not_found',
    );
    const lone = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'lone' });
    const res = await c.conversations.replies({ channel: DEMO.channels.general, ts: lone.ts ?? '' });
    expect((res.messages as Msg[]).map((m) => m.text)).toEqual(['lone']);
    await c.chat.delete({ channel: DEMO.channels.general, ts: lone.ts ?? '' });
    expect(await errorCode(c.conversations.replies({ channel: DEMO.channels.general, ts: lone.ts ?? '' }))).toBe(
      'thread_not_found',
    );
    expect(await errorCode(c.conversations.replies({ channel: 'C0NOPE0000', ts: lone.ts ?? '' }))).toBe(
      'channel_not_found',
    );
  });

  it('history and replies are Tier 3 (50/min per workspace)', async () => {
    const limited = await startEmulator({ now: clock });
    try {
      const c = client(DEMO.botToken, limited.apiUrl);
      for (let i = 0; i < 50; i++) await c.conversations.history({ channel: DEMO.channels.general });
      const err = await c.conversations.history({ channel: DEMO.channels.general }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: ErrorCode.RateLimitedError });
      expect(
        await errorCode(
          client(OTHER.botToken, limited.apiUrl).conversations.history({ channel: OTHER.channels.general }),
        ),
      ).not.toBe(ErrorCode.RateLimitedError);
    } finally {
      await limited.close();
    }
  });
});

describe('bulk users', () => {
  it('setUser and addUsers add thousands of users; users.list pages through them', async () => {
    for (let i = 0; i < 500; i++) emu.setUser(DEMO.teamId, { id: `ULOADA${String(i).padStart(5, '0')}` });
    const bulk: SeedUser[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `ULOADB${String(i).padStart(5, '0')}`,
      name: `load${i}`,
      realName: `Load ${i}`,
      tz: i % 2 ? 'Europe/Berlin' : 'America/New_York',
    }));
    const total = emu.addUsers(DEMO.teamId, bulk);
    const before = emu.workspace(DEMO.teamId).users.size;
    expect(total).toBe(before);
    expect(emu.user(DEMO.teamId, 'ULOADB04999')).toMatchObject({ realName: 'Load 4999', tz: 'Europe/Berlin' });
    // addUsers patches existing ones
    emu.addUsers(DEMO.teamId, [{ id: 'ULOADB00001', deleted: true }]);
    expect(emu.user(DEMO.teamId, 'ULOADB00001')).toMatchObject({ deleted: true, realName: 'Load 1' });
    expect(emu.workspace(DEMO.teamId).users.size).toBe(before);

    const c = client();
    const ids: string[] = [];
    for await (const page of c.paginate('users.list', { limit: 1000 })) {
      ids.push(...((page as { members?: { id: string }[] }).members ?? []).map((m) => m.id));
    }
    expect(ids).toHaveLength(before);
    expect(new Set(ids).size).toBe(before);
    expect((await c.users.info({ user: 'ULOADA00499' })).user?.id).toBe('ULOADA00499');
    emu.reset();
    expect(emu.workspace(DEMO.teamId).users.has('ULOADB00000')).toBe(false);
  });
});

describe('faults and limits for load tests', () => {
  it('drop: the message is recorded, then the socket is destroyed without a response', async () => {
    const c = client();
    emu.faults.inject({ method: 'chat.postMessage', kind: 'drop', teamId: DEMO.teamId });
    const err = await c.chat
      .postMessage({ channel: DEMO.channels.general, text: 'lost reply', metadata: meta })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.RequestError });
    const stored = emu.messages();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ text: 'lost reply', channel: DEMO.channels.general, metadata: meta });
    const call = emu.calls.at(-1);
    expect(call).toMatchObject({ method: 'chat.postMessage', dropped: true, status: 200 });
    expect((call?.response as { ts?: string } | undefined)?.ts).toBe(stored[0]?.ts);
    // No idempotency: the app's retry posts a second copy, which history shows.
    await c.chat.postMessage({ channel: DEMO.channels.general, text: 'lost reply' });
    const hist = await c.conversations.history({ channel: DEMO.channels.general });
    expect((hist.messages as Msg[]).map((m) => m.text)).toEqual(['lost reply', 'lost reply']);
  });

  it('a ratelimited fault with teamId hits only that workspace, `times` times', async () => {
    emu.faults.inject({
      method: 'chat.postMessage',
      kind: 'ratelimited',
      retryAfterSec: 2,
      teamId: OTHER.teamId,
      times: 2,
    });
    const demo = client();
    const other = client(OTHER.botToken);
    expect(await errorCode(demo.chat.postMessage({ channel: DEMO.channels.general, text: 'demo ok' }))).toBe('ok');
    for (let i = 0; i < 2; i++) {
      const err = await other.chat.postMessage({ channel: OTHER.channels.general, text: 'o' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 2 });
    }
    expect(await errorCode(demo.chat.postMessage({ channel: DEMO.channels.general, text: 'demo ok 2' }))).toBe('ok');
    expect(await errorCode(other.chat.postMessage({ channel: OTHER.channels.general, text: 'o3' }))).toBe('ok');
    expect(emu.calls.filter((c) => c.status === 429).map((c) => c.teamId)).toEqual([OTHER.teamId, OTHER.teamId]);
    expect(emu.faults.list()).toHaveLength(0);
  });

  it('rateLimits can raise chat.postMessage to 6000/min per workspace (and drop the per-channel limit)', async () => {
    const load = await startEmulator({
      now: clock,
      rateLimits: { 'chat.postMessage': { perMinute: 6000, perChannelPerSecond: false } },
    });
    try {
      const c = client(DEMO.botToken, load.apiUrl);
      const batch = 200;
      for (let sent = 0; sent < 6000; sent += batch) {
        await Promise.all(
          Array.from({ length: batch }, (_, i) =>
            c.chat.postMessage({ channel: DEMO.channels.general, text: `load ${sent + i}` }),
          ),
        );
      }
      const err = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'one too many' }).catch((e) => e);
      expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 60 });
      // Per workspace: the other team has its own budget.
      const other = client(OTHER.botToken, load.apiUrl);
      expect(await errorCode(other.chat.postMessage({ channel: OTHER.channels.general, text: 'fine' }))).toBe('ok');
      expect(load.messages((m) => m.teamId === DEMO.teamId)).toHaveLength(6000);
      t += 60_001;
      expect(await errorCode(c.chat.postMessage({ channel: DEMO.channels.general, text: 'next minute' }))).toBe('ok');
    } finally {
      await load.close();
    }
  }, 60_000);

  it('a perMinute-only override keeps the default per-channel limit (~1/s after a burst of 3)', async () => {
    const load = await startEmulator({ now: clock, rateLimits: { 'chat.postMessage': { perMinute: 6000 } } });
    try {
      const c = client(DEMO.botToken, load.apiUrl);
      for (let i = 0; i < 3; i++) await c.chat.postMessage({ channel: DEMO.channels.general, text: `m${i}` });
      const err = await c.chat.postMessage({ channel: DEMO.channels.general, text: 'm3' }).catch((e) => e);
      expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });
    } finally {
      await load.close();
    }
  });
});
