import { describe, expect, it } from 'vitest';
import { tsMicros } from '../../../src/sandbox/emulator/methods/conversations';
import { RateLimiter } from '../../../src/sandbox/emulator/rate-limits';
import { EmulatorState } from '../../../src/sandbox/emulator/state';
import type { PostedMessage } from '../../../src/sandbox/emulator/types';
import { DEMO, demoWorkspaces } from '../../../src/sandbox/seed';

describe('tsMicros', () => {
  it('parses Slack ts strings, with or without a fraction, and rejects the rest', () => {
    expect(tsMicros('1700000000.000100')).toBe(1_700_000_000_000_100);
    expect(tsMicros('1700000000')).toBe(1_700_000_000_000_000);
    expect(tsMicros('1700000000.5')).toBe(1_700_000_000_500_000);
    expect(tsMicros('0')).toBe(0);
    expect(tsMicros('yesterday')).toBeUndefined();
    expect(tsMicros('-1')).toBeUndefined();
    expect(tsMicros('')).toBeUndefined();
  });
});

describe('EmulatorState message index', () => {
  it('finds messages by team/channel/ts and lists a channel in ts order; reset clears it', () => {
    let t = 1_700_000_000_000;
    const state = new EmulatorState(demoWorkspaces(), () => t);
    const msg = (channel: string, text: string): PostedMessage => ({
      teamId: DEMO.teamId,
      channel,
      ts: state.nextTs(),
      text,
      blocks: [],
      user: DEMO.botUserId,
      replyCount: 0,
      replyUsers: [],
      via: 'api',
      postedAt: t,
    });
    const added: PostedMessage[] = [];
    for (let i = 0; i < 2000; i++) {
      t += 1;
      added.push(state.addMessage(msg(i % 2 ? DEMO.channels.general : DEMO.channels.leads, `m${i}`)));
    }
    const m1999 = added[1999];
    expect(m1999 && state.findMessage(DEMO.teamId, DEMO.channels.general, m1999.ts)).toBe(m1999);
    expect(m1999 && state.findMessage(DEMO.teamId, DEMO.channels.leads, m1999.ts)).toBeUndefined();
    expect(m1999 && state.findMessage('T0OTHER01', DEMO.channels.general, m1999.ts)).toBeUndefined();
    const general = state.channelMessages(DEMO.teamId, DEMO.channels.general);
    expect(general).toHaveLength(1000);
    expect(general.map((m) => tsMicros(m.ts) ?? 0)).toEqual(
      [...general].map((m) => tsMicros(m.ts) ?? 0).sort((a, b) => a - b),
    );
    state.reset();
    expect(state.channelMessages(DEMO.teamId, DEMO.channels.general)).toHaveLength(0);
    expect(m1999 && state.findMessage(DEMO.teamId, DEMO.channels.general, m1999.ts)).toBeUndefined();
  });
});

describe('RateLimiter for load tests', () => {
  it('counts 6000/min per workspace over a sliding window, and perChannelPerSecond: false lifts the channel limit', () => {
    let t = 1_700_000_000_000;
    const limiter = new RateLimiter({ 'chat.postMessage': { perMinute: 6000, perChannelPerSecond: false } }, () => t);
    // 6000 calls spread over 59.98 s, all into one channel.
    for (let i = 0; i < 6000; i++) {
      expect(limiter.check('chat.postMessage', 'T1', 'C1').ok).toBe(true);
      t += 10;
    }
    t -= 10;
    expect(limiter.check('chat.postMessage', 'T1', 'C1')).toEqual({ ok: false, retryAfterSec: 1 });
    expect(limiter.check('chat.postMessage', 'T2', 'C1').ok).toBe(true);
    // After the oldest call leaves the window, one more fits; then it is full again.
    t += 10;
    expect(limiter.check('chat.postMessage', 'T1', 'C1').ok).toBe(true);
    expect(limiter.check('chat.postMessage', 'T1', 'C1').ok).toBe(false);
    // A minute later the whole window is free.
    t += 60_000;
    for (let i = 0; i < 6000; i++) expect(limiter.check('chat.postMessage', 'T1', 'C1').ok).toBe(true);
    expect(limiter.check('chat.postMessage', 'T1', 'C1')).toEqual({ ok: false, retryAfterSec: 60 });
  });

  it('a perMinute-only override keeps the default per-channel burst', () => {
    const t = 1_700_000_000_000;
    const limiter = new RateLimiter({ 'chat.postMessage': { perMinute: 6000 } }, () => t);
    for (let i = 0; i < 3; i++) expect(limiter.check('chat.postMessage', 'T1', 'C1').ok).toBe(true);
    expect(limiter.check('chat.postMessage', 'T1', 'C1')).toEqual({ ok: false, retryAfterSec: 1 });
    expect(limiter.check('chat.postMessage', 'T1', 'C2').ok).toBe(true);
  });
});
