import { describe, expect, it } from 'vitest';
import type { PromptPrefs } from '../../../../src/domain/person';
import { SandboxClock } from '../../../../src/sandbox/web/clock';
import { type Jump, jumpTarget } from '../../../../src/sandbox/web/jumps';

const berlin: PromptPrefs = {
  timeZone: 'Europe/Berlin',
  promptTime: '09:00',
  workingDays: [1, 2, 3, 4, 5],
  pausedUntil: null,
};
const telAviv: PromptPrefs = {
  timeZone: 'Asia/Jerusalem',
  promptTime: '08:30',
  workingDays: [7, 1, 2, 3, 4],
  pausedUntil: null,
};

describe('jumpTarget', () => {
  it.each<[string, Jump, PromptPrefs, string, string]>([
    ['the next working morning', 'morning', berlin, '2026-12-01T15:00:00Z', '2026-12-02T08:00:00.000Z'],
    ['this morning when it has not come yet', 'morning', berlin, '2026-12-01T06:00:00Z', '2026-12-01T08:00:00.000Z'],
    ['Monday morning from a Friday afternoon', 'morning', berlin, '2026-12-04T15:00:00Z', '2026-12-07T08:00:00.000Z'],
    [
      'Sunday morning after a Thursday, on a Sun–Thu week',
      'morning',
      telAviv,
      '2026-12-03T12:00:00Z',
      '2026-12-06T06:30:00.000Z',
    ],
    [
      'the same time on the next working day',
      'working_day',
      berlin,
      '2026-12-01T15:00:00Z',
      '2026-12-02T15:00:00.000Z',
    ],
    ['over the weekend from a Friday', 'working_day', berlin, '2026-12-04T10:30:00Z', '2026-12-07T10:30:00.000Z'],
    [
      'Sunday after a Thursday on a Sun–Thu week',
      'working_day',
      telAviv,
      '2026-12-03T10:00:00Z',
      '2026-12-06T10:00:00.000Z',
    ],
    ['the coming Friday at the prompt time', 'friday', berlin, '2026-12-01T15:00:00Z', '2026-12-04T08:00:00.000Z'],
    ['a week on, once Friday morning has passed', 'friday', berlin, '2026-12-04T09:00:00Z', '2026-12-11T08:00:00.000Z'],
    ['even when Friday is not a working day', 'friday', telAviv, '2026-12-01T15:00:00Z', '2026-12-04T06:30:00.000Z'],
  ])('lands on %s', (_, jump, prefs, now, expected) => {
    expect(jumpTarget(jump, prefs, new Date(now)).toISOString()).toBe(expected);
  });

  it('keeps the local wall time across a DST change', () => {
    const at = jumpTarget('working_day', berlin, new Date('2026-10-23T07:00:00Z'));
    expect(at.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('ignores a pause: the morning still comes, Baton just says nothing', () => {
    const paused = { ...berlin, pausedUntil: '2026-12-31' };
    expect(jumpTarget('morning', paused, new Date('2026-12-01T15:00:00Z')).toISOString()).toBe(
      '2026-12-02T08:00:00.000Z',
    );
  });
});

describe('SandboxClock', () => {
  it('runs with real time, jumps forward only, and goes back to real time on request', () => {
    let real = 1_000_000;
    const clock = new SandboxClock(() => real);
    expect(clock.now().getTime()).toBe(1_000_000);
    clock.jumpTo(new Date(5_000_000));
    real += 10;
    expect(clock.nowMs()).toBe(5_000_010);
    expect(clock.aheadMs).toBe(4_000_000);
    expect(() => clock.jumpTo(new Date(2_000_000))).toThrow(RangeError);
    clock.backToRealTime();
    expect(clock.nowMs()).toBe(real);
  });

  it('lets the emulator replay a past moment while Baton keeps the present', async () => {
    const clock = new SandboxClock(() => 1_000_000);
    const seen = await clock.replaying(new Date(500), async () => [clock.slackNowMs(), clock.nowMs()]);
    expect(seen).toEqual([500, 1_000_000]);
    expect(clock.slackNowMs()).toBe(1_000_000);
  });
});
