import { describe, expect, it } from 'vitest';
import { Faults } from '../../../src/sandbox/emulator/faults';
import { RateLimiter } from '../../../src/sandbox/emulator/rate-limits';
import { EmulatorState } from '../../../src/sandbox/emulator/state';
import { demoWorkspaces } from '../../../src/sandbox/seed';

function clock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RateLimiter', () => {
  it('applies tier limits per method and workspace, with Retry-After from the window', () => {
    const c = clock();
    const limiter = new RateLimiter(undefined, c.now);
    for (let i = 0; i < 20; i++) expect(limiter.check('users.list', 'T1').ok).toBe(true);
    const denied = limiter.check('users.list', 'T1');
    expect(denied).toEqual({ ok: false, retryAfterSec: 60 });
    expect(limiter.check('users.list', 'T2').ok).toBe(true);
    expect(limiter.check('users.info', 'T1').ok).toBe(true);
    c.advance(45_000);
    expect(limiter.check('users.list', 'T1')).toEqual({ ok: false, retryAfterSec: 15 });
    c.advance(15_001);
    expect(limiter.check('users.list', 'T1').ok).toBe(true);
  });

  it('limits chat.postMessage per channel to ~1/s after a burst of 3', () => {
    const c = clock();
    const limiter = new RateLimiter(undefined, c.now);
    for (let i = 0; i < 3; i++) expect(limiter.check('chat.postMessage', 'T1', 'C1').ok).toBe(true);
    expect(limiter.check('chat.postMessage', 'T1', 'C1')).toEqual({ ok: false, retryAfterSec: 1 });
    expect(limiter.check('chat.postMessage', 'T1', 'C2').ok).toBe(true);
    c.advance(1000);
    expect(limiter.check('chat.postMessage', 'T1', 'C1').ok).toBe(true);
    expect(limiter.check('chat.postMessage', 'T1', 'C1').ok).toBe(false);
  });

  it('can be disabled entirely or per method, and overridden', () => {
    const c = clock();
    const off = new RateLimiter(false, c.now);
    for (let i = 0; i < 200; i++) expect(off.check('users.list', 'T1').ok).toBe(true);
    const custom = new RateLimiter({ 'users.list': false, 'users.info': { perMinute: 2 } }, c.now);
    for (let i = 0; i < 50; i++) expect(custom.check('users.list', 'T1').ok).toBe(true);
    expect(custom.check('users.info', 'T1').ok).toBe(true);
    expect(custom.check('users.info', 'T1').ok).toBe(true);
    expect(custom.check('users.info', 'T1').ok).toBe(false);
  });
});

describe('Faults', () => {
  it('hits matching calls the given number of times, optionally per team', () => {
    const faults = new Faults();
    faults.inject({ method: 'chat.postMessage', kind: 'http5xx', times: 2, teamId: 'T1' });
    expect(faults.take('chat.postMessage', 'T2')).toBeUndefined();
    expect(faults.take('users.info', 'T1')).toBeUndefined();
    expect(faults.take('chat.postMessage', 'T1')?.status).toBe(503);
    expect(faults.take('chat.postMessage', 'T1')?.kind).toBe('http5xx');
    expect(faults.take('chat.postMessage', 'T1')).toBeUndefined();
    faults.inject({ method: '*', kind: 'latency', ms: 5, times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 10; i++) expect(faults.take('auth.test', undefined)?.ms).toBe(5);
    faults.clear();
    expect(faults.take('auth.test', undefined)).toBeUndefined();
  });
});

describe('EmulatorState.nextTs', () => {
  it('produces unique, strictly increasing Slack-style ts even when the clock stands still', () => {
    const c = clock();
    const state = new EmulatorState(demoWorkspaces(), c.now);
    const a = state.nextTs();
    const b = state.nextTs();
    expect(a).toMatch(/^1700000000\.\d{6}$/);
    expect(Number(b)).toBeGreaterThan(Number(a));
    c.advance(2000);
    expect(state.nextTs().startsWith('1700000002.')).toBe(true);
  });
});
