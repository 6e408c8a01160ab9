import { describe, expect, it } from 'vitest';
import { digestSlotAt, digestWeekday, nextDigestAt } from '../../../src/domain/digest-schedule';
import type { IsoWeekday, PromptPrefs } from '../../../src/domain/person';

// Calendar: 2026-12-03 Thu, 2026-12-04 Fri, 2026-12-11 Fri; 2027-01-01 Fri (ISO 2026-W53).
// Offsets: Berlin CET +1 / CEST +2 (2026-10-25, 2027-03-28); New York EST −5 / EDT −4
// (2026-11-01, 2027-03-14); Auckland NZST +12 / NZDT +13 (from 2026-09-27, until 2027-04-04);
// Kolkata +5:30 (no DST).

const MON_FRI: IsoWeekday[] = [1, 2, 3, 4, 5];
const SUN_THU: IsoWeekday[] = [7, 1, 2, 3, 4];
const EVERY_DAY: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

function prefs(over: Partial<PromptPrefs> = {}): PromptPrefs {
  return { timeZone: 'Europe/Berlin', promptTime: '09:00', workingDays: MON_FRI, pausedUntil: null, ...over };
}

describe('digestWeekday: the chosen day, or the nearest working day before it', () => {
  it.each([
    ['default: Friday', {}, 5],
    ['Monday chosen', { digestDay: 1 as IsoWeekday }, 1],
    ['Saturday chosen, Mon–Fri week: Friday', { digestDay: 6 as IsoWeekday }, 5],
    ['Sun–Thu week, default Friday: Thursday', { workingDays: SUN_THU }, 4],
    ['Sun–Thu week, Saturday chosen: Thursday', { workingDays: SUN_THU, digestDay: 6 as IsoWeekday }, 4],
    [
      'Tue–Sat week, Monday chosen: Saturday (the week wraps)',
      { workingDays: [2, 3, 4, 5, 6] as IsoWeekday[], digestDay: 1 as IsoWeekday },
      6,
    ],
    ['no working days: none', { workingDays: [] as IsoWeekday[] }, null],
  ])('%s', (_, over, expected) => {
    expect(digestWeekday(prefs(over))).toBe(expected);
  });
});

describe('digestSlotAt: from an instant alone, the slot it falls in', () => {
  type Row = [
    name: string,
    over: Partial<PromptPrefs>,
    at: string,
    expected: [weekKey: string, localDate: string, slotAt: string] | null,
  ];
  const rows: Row[] = [
    ['Berlin Friday at 09:00 CET', {}, '2026-12-04T08:00Z', ['2026-W49', '2026-12-04', '2026-12-04T08:00Z']],
    ['Berlin Friday a minute early', {}, '2026-12-04T07:59Z', null],
    [
      'Berlin Friday late the same day: still that slot',
      {},
      '2026-12-04T22:59Z',
      ['2026-W49', '2026-12-04', '2026-12-04T08:00Z'],
    ],
    ['Berlin Saturday: the slot has passed, skipped', {}, '2026-12-05T08:00Z', null],
    ['Berlin Thursday: not the day', {}, '2026-12-03T08:00Z', null],
    [
      'New York Friday 09:00 EST',
      { timeZone: 'America/New_York' },
      '2026-12-04T14:00Z',
      ['2026-W49', '2026-12-04', '2026-12-04T14:00Z'],
    ],
    [
      'New York: Friday 08:00Z is still Friday 03:00 local, before the slot',
      { timeZone: 'America/New_York' },
      '2026-12-04T08:00Z',
      null,
    ],
    [
      'Kolkata Friday 09:00 IST',
      { timeZone: 'Asia/Kolkata' },
      '2026-12-04T03:30Z',
      ['2026-W49', '2026-12-04', '2026-12-04T03:30Z'],
    ],
    [
      'Auckland Friday 09:00 NZDT is Thursday 20:00Z',
      { timeZone: 'Pacific/Auckland' },
      '2026-12-03T20:00Z',
      ['2026-W49', '2026-12-04', '2026-12-03T20:00Z'],
    ],
    [
      'Auckland Friday 23:59 NZDT',
      { timeZone: 'Pacific/Auckland' },
      '2026-12-04T10:59Z',
      ['2026-W49', '2026-12-04', '2026-12-03T20:00Z'],
    ],
    ['Auckland Saturday 00:00 NZDT: skipped', { timeZone: 'Pacific/Auckland' }, '2026-12-04T11:00Z', null],
    [
      'Berlin Friday after spring-forward: 09:00 CEST',
      {},
      '2027-04-02T07:00Z',
      ['2027-W13', '2027-04-02', '2027-04-02T07:00Z'],
    ],
    [
      'Berlin Friday after fall-back: 09:00 CET',
      {},
      '2026-10-30T08:00Z',
      ['2026-W44', '2026-10-30', '2026-10-30T08:00Z'],
    ],
    ['Berlin Friday after fall-back, 07:00Z is 08:00 CET: early', {}, '2026-10-30T07:00Z', null],
    [
      'New York Friday after spring-forward: 09:00 EDT',
      { timeZone: 'America/New_York' },
      '2027-03-19T13:00Z',
      ['2027-W11', '2027-03-19', '2027-03-19T13:00Z'],
    ],
    [
      'Auckland Friday after DST ends: 09:00 NZST',
      { timeZone: 'Pacific/Auckland' },
      '2027-04-08T21:00Z',
      ['2027-W14', '2027-04-09', '2027-04-08T21:00Z'],
    ],
    [
      'Berlin Sunday 02:30 on spring-forward day: the gap moves it to 03:30 CEST',
      { workingDays: EVERY_DAY, digestDay: 7, promptTime: '02:30' },
      '2027-03-28T01:30Z',
      ['2027-W12', '2027-03-28', '2027-03-28T01:30Z'],
    ],
    [
      'Sun–Thu week: Thursday',
      { workingDays: SUN_THU },
      '2026-12-03T08:00Z',
      ['2026-W49', '2026-12-03', '2026-12-03T08:00Z'],
    ],
    ['Sun–Thu week: not Friday', { workingDays: SUN_THU }, '2026-12-04T08:00Z', null],
    ['Monday chosen', { digestDay: 1 }, '2026-11-30T10:00Z', ['2026-W49', '2026-11-30', '2026-11-30T08:00Z']],
    [
      'another prompt time',
      { promptTime: '16:30' },
      '2026-12-04T15:30Z',
      ['2026-W49', '2026-12-04', '2026-12-04T15:30Z'],
    ],
    ['paused through Friday: none that week', { pausedUntil: '2026-12-04' }, '2026-12-04T08:00Z', null],
    [
      'paused through Thursday: Friday as usual',
      { pausedUntil: '2026-12-03' },
      '2026-12-04T08:00Z',
      ['2026-W49', '2026-12-04', '2026-12-04T08:00Z'],
    ],
    ['paused for weeks: none', { pausedUntil: '2027-01-15' }, '2026-12-04T08:00Z', null],
    [
      'New Year’s Day 2027 is a Friday of ISO week 2026-W53',
      {},
      '2027-01-01T08:00Z',
      ['2026-W53', '2027-01-01', '2027-01-01T08:00Z'],
    ],
    ['no working days', { workingDays: [] }, '2026-12-04T08:00Z', null],
  ];
  it.each(rows)('%s', (_, over, at, expected) => {
    const slot = digestSlotAt(prefs(over), new Date(at));
    expect(slot && [slot.weekKey, slot.localDate, slot.slotAt.toISOString()]).toEqual(
      expected && [expected[0], expected[1], new Date(expected[2]).toISOString()],
    );
  });
});

describe('nextDigestAt: the first slot strictly after an instant', () => {
  type Row = [name: string, over: Partial<PromptPrefs>, after: string, expected: string | null];
  const rows: Row[] = [
    ['Berlin Thursday → Friday 09:00', {}, '2026-12-03T10:00Z', '2026-12-04T08:00Z'],
    ['Berlin Friday exactly at the slot → next Friday', {}, '2026-12-04T08:00Z', '2026-12-11T08:00Z'],
    ['Berlin Friday a millisecond before → that slot', {}, '2026-12-04T07:59:59.999Z', '2026-12-04T08:00Z'],
    ['Berlin Saturday → next Friday', {}, '2026-12-05T08:00Z', '2026-12-11T08:00Z'],
    ['Berlin Friday CET → Friday CEST', {}, '2027-03-26T09:00Z', '2027-04-02T07:00Z'],
    ['Berlin Friday CEST → Friday CET', {}, '2026-10-23T08:00Z', '2026-10-30T08:00Z'],
    ['New York Friday EST → Friday EDT', { timeZone: 'America/New_York' }, '2027-03-12T15:00Z', '2027-03-19T13:00Z'],
    ['New York Friday EDT → Friday EST', { timeZone: 'America/New_York' }, '2026-10-30T14:00Z', '2026-11-06T14:00Z'],
    ['Auckland Friday NZDT → Friday NZST', { timeZone: 'Pacific/Auckland' }, '2027-04-01T21:00Z', '2027-04-08T21:00Z'],
    ['Auckland Friday NZST → Friday NZDT', { timeZone: 'Pacific/Auckland' }, '2026-09-24T21:00Z', '2026-10-01T20:00Z'],
    ['Kolkata Thursday → Friday 09:00 IST', { timeZone: 'Asia/Kolkata' }, '2026-12-03T10:00Z', '2026-12-04T03:30Z'],
    ['Sun–Thu week: Friday → next Thursday', { workingDays: SUN_THU }, '2026-12-04T10:00Z', '2026-12-10T08:00Z'],
    [
      'paused through next Friday → the Friday after',
      { pausedUntil: '2026-12-11' },
      '2026-12-03T10:00Z',
      '2026-12-18T08:00Z',
    ],
    [
      'paused through this Friday → next Friday',
      { pausedUntil: '2026-12-04' },
      '2026-12-03T10:00Z',
      '2026-12-11T08:00Z',
    ],
    ['paused through Thursday → this Friday', { pausedUntil: '2026-12-03' }, '2026-12-03T10:00Z', '2026-12-04T08:00Z'],
    ['a pause in the past changes nothing', { pausedUntil: '2026-11-01' }, '2026-12-03T10:00Z', '2026-12-04T08:00Z'],
    ['no working days: none', { workingDays: [] }, '2026-12-03T10:00Z', null],
  ];
  it.each(rows)('%s', (_, over, after, expected) => {
    const p = prefs(over);
    const next = nextDigestAt(p, new Date(after));
    expect(next?.toISOString() ?? null).toBe(expected && new Date(expected).toISOString());
    if (next) {
      // The instant it names is a slot, and the first instant of it.
      expect(digestSlotAt(p, next)?.slotAt).toEqual(next);
      expect(digestSlotAt(p, new Date(next.getTime() - 1))).toBeNull();
    }
  });

  it.each([
    ['Europe/Berlin', MON_FRI],
    ['America/New_York', MON_FRI],
    ['Pacific/Auckland', MON_FRI],
    ['Asia/Kolkata', SUN_THU],
  ] as const)('%s: over a year of DST changes, one slot per ISO week, none skipped', (timeZone, workingDays) => {
    const p = prefs({ timeZone, workingDays });
    const keys: string[] = [];
    let at: Date | null = new Date('2026-09-01T00:00Z');
    for (let i = 0; i < 60 && at; i++) {
      at = nextDigestAt(p, at);
      if (at) keys.push(digestSlotAt(p, at)?.weekKey ?? 'none');
    }
    expect(new Set(keys).size).toBe(60);
    expect(keys[0]).toBe('2026-W36');
    expect(keys[59]).toBe('2027-W42');
  });
});

it('malformed prefs are programming errors', () => {
  expect(() => digestSlotAt(prefs({ timeZone: 'Mars/Olympus' }), new Date('2026-12-04T08:00Z'))).toThrow(RangeError);
  expect(() => digestSlotAt(prefs({ pausedUntil: '4 Dec' }), new Date('2026-12-04T08:00Z'))).toThrow(RangeError);
  expect(() => nextDigestAt(prefs({ promptTime: '9' }), new Date('2026-12-03T08:00Z'))).toThrow(RangeError);
});
