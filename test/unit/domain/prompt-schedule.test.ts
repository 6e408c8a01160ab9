import { describe, expect, it } from 'vitest';
import type { IsoWeekday, PromptPrefs } from '../../../src/domain/person';
import {
  addWorkingDays,
  isoWeekKey,
  isWorkingDate,
  isWorkingDay,
  localDateOf,
  localTimeToInstant,
  localWeekOf,
  nextPromptAt,
  parsePromptTime,
  promptSlotAt,
  workingDaysBetween,
} from '../../../src/domain/prompt-schedule';

// Calendar (checked by hand): 2026-11-30 Mon, 2026-12-03 Thu, 2026-12-04 Fri, 2026-12-07 Mon.
// Offsets: Berlin CET +1 / CEST +2 (2027-03-28, 2026-10-25); New York EST −5 / EDT −4 (2027-03-14,
// 2026-11-01); LA PST −8 / PDT −7; Sydney AEST +10 / AEDT +11 (from 2026-10-04, until 2027-04-04);
// Auckland NZST +12 / NZDT +13 (from 2026-09-27, until 2027-04-04); Chatham +12:45 / +13:45;
// Jerusalem IST +2 / IDT +3 (from Fri 2027-03-26); Kolkata +5:30; Kathmandu +5:45; Tokyo +9.

const MON_FRI: IsoWeekday[] = [1, 2, 3, 4, 5];
const EVERY_DAY: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];
const SUN_THU: IsoWeekday[] = [7, 1, 2, 3, 4];

function prefs(over: Partial<PromptPrefs> = {}): PromptPrefs {
  return { timeZone: 'UTC', promptTime: '09:00', workingDays: MON_FRI, pausedUntil: null, ...over };
}

type NextRow = [name: string, over: Partial<PromptPrefs>, after: string, expected: string];

const nextRows: NextRow[] = [
  // Europe/Berlin
  ['Friday 10:00 in Berlin → Monday 09:00', { timeZone: 'Europe/Berlin' }, '2026-12-04T09:00Z', '2026-12-07T08:00Z'],
  ['Berlin Thursday 08:00 → same day 09:00', { timeZone: 'Europe/Berlin' }, '2026-12-03T07:00Z', '2026-12-03T08:00Z'],
  [
    'Berlin exactly at the prompt time → next day',
    { timeZone: 'Europe/Berlin' },
    '2026-12-03T08:00Z',
    '2026-12-04T08:00Z',
  ],
  [
    'Berlin one millisecond before → that slot',
    { timeZone: 'Europe/Berlin' },
    '2026-12-03T07:59:59.999Z',
    '2026-12-03T08:00Z',
  ],
  ['Berlin Saturday → Monday', { timeZone: 'Europe/Berlin' }, '2026-12-05T12:00Z', '2026-12-07T08:00Z'],
  ['Berlin Friday CET → Monday CEST', { timeZone: 'Europe/Berlin' }, '2027-03-26T09:00Z', '2027-03-29T07:00Z'],
  ['Berlin Friday CEST → Monday CET', { timeZone: 'Europe/Berlin' }, '2026-10-23T08:00Z', '2026-10-26T08:00Z'],
  [
    'Berlin 02:30 in the spring-forward gap → 03:30 CEST',
    { timeZone: 'Europe/Berlin', promptTime: '02:30', workingDays: EVERY_DAY },
    '2027-03-27T12:00Z',
    '2027-03-28T01:30Z',
  ],
  [
    'Berlin ambiguous 02:30 on fall-back day → first occurrence (CEST)',
    { timeZone: 'Europe/Berlin', promptTime: '02:30', workingDays: EVERY_DAY },
    '2026-10-24T12:00Z',
    '2026-10-25T00:30Z',
  ],
  [
    'Berlin after the first 02:30 of fall-back day → next day, not the repeat',
    { timeZone: 'Europe/Berlin', promptTime: '02:30', workingDays: EVERY_DAY },
    '2026-10-25T00:30Z',
    '2026-10-26T01:30Z',
  ],
  // America/New_York
  [
    'US spring-forward Sunday → Monday 09:00 EDT',
    { timeZone: 'America/New_York' },
    '2027-03-14T12:00Z',
    '2027-03-15T13:00Z',
  ],
  ['NY Friday EST → Monday EDT', { timeZone: 'America/New_York' }, '2027-03-12T15:00Z', '2027-03-15T13:00Z'],
  [
    'NY 02:30 on spring-forward Sunday → 03:30 EDT',
    { timeZone: 'America/New_York', promptTime: '02:30', workingDays: EVERY_DAY },
    '2027-03-13T12:00Z',
    '2027-03-14T07:30Z',
  ],
  [
    'NY ambiguous 01:30 on fall-back day → 01:30 EDT',
    { timeZone: 'America/New_York', promptTime: '01:30', workingDays: EVERY_DAY },
    '2026-10-31T12:00Z',
    '2026-11-01T05:30Z',
  ],
  ['NY Friday EDT → Monday EST', { timeZone: 'America/New_York' }, '2026-10-30T14:00Z', '2026-11-02T14:00Z'],
  // America/Los_Angeles
  ['LA Friday PDT → Monday PST', { timeZone: 'America/Los_Angeles' }, '2026-10-30T17:00Z', '2026-11-02T17:00Z'],
  [
    'LA Thursday 23:00 (Friday in UTC) → Friday 09:00',
    { timeZone: 'America/Los_Angeles' },
    '2026-12-04T07:00Z',
    '2026-12-04T17:00Z',
  ],
  // Australia/Sydney (southern hemisphere)
  ['Sydney Friday AEST → Monday AEDT', { timeZone: 'Australia/Sydney' }, '2026-10-02T00:00Z', '2026-10-04T22:00Z'],
  ['Sydney Friday AEDT → Monday AEST', { timeZone: 'Australia/Sydney' }, '2027-04-01T23:00Z', '2027-04-04T23:00Z'],
  [
    'Sydney Wednesday noon → Thursday 09:00 (Wednesday in UTC)',
    { timeZone: 'Australia/Sydney' },
    '2026-12-02T01:00Z',
    '2026-12-02T22:00Z',
  ],
  // Asia/Kolkata, Asia/Kathmandu
  ['Kolkata Monday 05:30 → Monday 09:00', { timeZone: 'Asia/Kolkata' }, '2026-11-30T00:00Z', '2026-11-30T03:30Z'],
  ['Kolkata Friday 09:30 → Monday 09:00', { timeZone: 'Asia/Kolkata' }, '2026-12-04T04:00Z', '2026-12-07T03:30Z'],
  ['Kathmandu Tuesday 05:45 → Tuesday 09:00', { timeZone: 'Asia/Kathmandu' }, '2026-12-01T00:00Z', '2026-12-01T03:15Z'],
  // Pacific/Auckland
  [
    'Auckland exactly Friday 09:00 → Monday 09:00',
    { timeZone: 'Pacific/Auckland' },
    '2026-12-03T20:00Z',
    '2026-12-06T20:00Z',
  ],
  ['Auckland Friday NZDT → Monday NZST', { timeZone: 'Pacific/Auckland' }, '2027-04-01T21:00Z', '2027-04-04T21:00Z'],
  ['Auckland Friday NZST → Monday NZDT', { timeZone: 'Pacific/Auckland' }, '2026-09-24T22:00Z', '2026-09-27T20:00Z'],
  // Asia/Tokyo
  ['Tokyo Friday 08:59 → Friday 09:00', { timeZone: 'Asia/Tokyo' }, '2026-12-03T23:59Z', '2026-12-04T00:00Z'],
  [
    'Tokyo prompt 23:59, Saturday 00:00 → Monday 23:59',
    { timeZone: 'Asia/Tokyo', promptTime: '23:59' },
    '2026-12-04T15:00Z',
    '2026-12-07T14:59Z',
  ],
  // UTC
  ['UTC prompt 00:00 exactly at it → next day', { promptTime: '00:00' }, '2026-12-01T00:00Z', '2026-12-02T00:00Z'],
  [
    'UTC prompt 23:59, a minute before → that day',
    { promptTime: '23:59' },
    '2026-12-01T23:58:59Z',
    '2026-12-01T23:59Z',
  ],
  [
    'UTC prompt 00:00, Friday 00:00.001 → Monday',
    { promptTime: '00:00' },
    '2026-12-04T00:00:00.001Z',
    '2026-12-07T00:00Z',
  ],
  // Pacific/Chatham
  [
    'Chatham summer (+13:45) Tuesday → Wednesday 09:00',
    { timeZone: 'Pacific/Chatham' },
    '2026-12-01T00:00Z',
    '2026-12-01T19:15Z',
  ],
  [
    'Chatham winter (+12:45) Thursday → Friday 09:00',
    { timeZone: 'Pacific/Chatham' },
    '2027-07-01T00:00Z',
    '2027-07-01T20:15Z',
  ],
  // Asia/Jerusalem, Sunday–Thursday week
  [
    'Jerusalem Thursday 10:00 → Sunday 09:00',
    { timeZone: 'Asia/Jerusalem', workingDays: SUN_THU },
    '2026-12-03T08:00Z',
    '2026-12-06T07:00Z',
  ],
  [
    'Jerusalem Friday → Sunday',
    { timeZone: 'Asia/Jerusalem', workingDays: SUN_THU },
    '2026-12-04T12:00Z',
    '2026-12-06T07:00Z',
  ],
  [
    'Jerusalem Saturday 08:00 → Sunday',
    { timeZone: 'Asia/Jerusalem', workingDays: SUN_THU },
    '2026-12-05T06:00Z',
    '2026-12-06T07:00Z',
  ],
  [
    'Jerusalem Thursday IST → Sunday IDT',
    { timeZone: 'Asia/Jerusalem', workingDays: SUN_THU },
    '2027-03-25T08:00Z',
    '2027-03-28T06:00Z',
  ],
  // Pauses (Berlin)
  [
    'paused through Friday → Monday',
    { timeZone: 'Europe/Berlin', pausedUntil: '2026-12-04' },
    '2026-12-03T12:00Z',
    '2026-12-07T08:00Z',
  ],
  [
    'paused through Wednesday → Thursday',
    { timeZone: 'Europe/Berlin', pausedUntil: '2026-12-02' },
    '2026-11-30T12:00Z',
    '2026-12-03T08:00Z',
  ],
  [
    'paused through a past date → ignored',
    { timeZone: 'Europe/Berlin', pausedUntil: '2026-11-01' },
    '2026-12-03T07:00Z',
    '2026-12-03T08:00Z',
  ],
  [
    'paused through today, before the prompt → tomorrow',
    { timeZone: 'Europe/Berlin', pausedUntil: '2026-12-03' },
    '2026-12-03T07:00Z',
    '2026-12-04T08:00Z',
  ],
  [
    'paused through Sunday, from Friday → Monday',
    { timeZone: 'Europe/Berlin', pausedUntil: '2026-12-06' },
    '2026-12-04T12:00Z',
    '2026-12-07T08:00Z',
  ],
  [
    'paused through yesterday → today',
    { timeZone: 'Europe/Berlin', pausedUntil: '2026-12-02' },
    '2026-12-03T07:00Z',
    '2026-12-03T08:00Z',
  ],
  // Sparse weeks
  [
    'Wednesdays only, at the slot → next Wednesday',
    { timeZone: 'Europe/Berlin', workingDays: [3] },
    '2026-12-02T08:00Z',
    '2026-12-09T08:00Z',
  ],
  ['Saturdays only from Monday', { workingDays: [6] }, '2026-11-30T12:00Z', '2026-12-05T09:00Z'],
];

describe('nextPromptAt', () => {
  it.each(nextRows)('%s', (_, over, after, expected) => {
    expect(nextPromptAt(prefs(over), new Date(after))?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('is null with no working days', () => {
    expect(nextPromptAt(prefs({ workingDays: [] }), new Date('2026-12-03T07:00Z'))).toBeNull();
  });

  it('rejects malformed prefs', () => {
    const at = new Date('2026-12-03T07:00Z');
    expect(() => nextPromptAt(prefs({ timeZone: 'Mars/Olympus' }), at)).toThrow(RangeError);
    expect(() => nextPromptAt(prefs({ promptTime: '9:00' }), at)).toThrow(RangeError);
    expect(() => nextPromptAt(prefs({ pausedUntil: '2026-13-01' }), at)).toThrow(RangeError);
  });
});

type SlotRow = [name: string, over: Partial<PromptPrefs>, at: string, expected: [string, string] | null];

const slotRows: SlotRow[] = [
  [
    'same-day late tick (15:00 local) → that day',
    { timeZone: 'Europe/Berlin' },
    '2026-12-03T14:00Z',
    ['2026-12-03', '2026-12-03T08:00Z'],
  ],
  ['exactly at the slot', { timeZone: 'Europe/Berlin' }, '2026-12-03T08:00Z', ['2026-12-03', '2026-12-03T08:00Z']],
  ['one millisecond before the slot → null', { timeZone: 'Europe/Berlin' }, '2026-12-03T07:59:59.999Z', null],
  [
    '23:59 local, still that day',
    { timeZone: 'Europe/Berlin' },
    '2026-12-03T22:59Z',
    ['2026-12-03', '2026-12-03T08:00Z'],
  ],
  [
    'next day before its prompt time → null (yesterday skipped)',
    { timeZone: 'Europe/Berlin' },
    '2026-12-04T07:00Z',
    null,
  ],
  [
    'next day past its prompt time → next day',
    { timeZone: 'Europe/Berlin' },
    '2026-12-04T08:30Z',
    ['2026-12-04', '2026-12-04T08:00Z'],
  ],
  ['weekend → null', { timeZone: 'Europe/Berlin' }, '2026-12-05T10:00Z', null],
  ['paused day → null', { timeZone: 'Europe/Berlin', pausedUntil: '2026-12-03' }, '2026-12-03T10:00Z', null],
  [
    'day after a pause → slot',
    { timeZone: 'Europe/Berlin', pausedUntil: '2026-12-03' },
    '2026-12-04T10:00Z',
    ['2026-12-04', '2026-12-04T08:00Z'],
  ],
  ['Tokyo 08:30 → null', { timeZone: 'Asia/Tokyo' }, '2026-12-03T23:30Z', null],
  [
    'Tokyo 09:30 (Thursday in UTC) → Friday',
    { timeZone: 'Asia/Tokyo' },
    '2026-12-04T00:30Z',
    ['2026-12-04', '2026-12-04T00:00Z'],
  ],
  [
    'LA Thursday 22:00 (Friday in UTC) → Thursday',
    { timeZone: 'America/Los_Angeles' },
    '2026-12-04T06:00Z',
    ['2026-12-03', '2026-12-03T17:00Z'],
  ],
  [
    'NY gap slot 02:30 → 03:30 EDT',
    { timeZone: 'America/New_York', promptTime: '02:30', workingDays: EVERY_DAY },
    '2027-03-14T07:30Z',
    ['2027-03-14', '2027-03-14T07:30Z'],
  ],
  [
    'NY gap slot, 03:29 EDT → null',
    { timeZone: 'America/New_York', promptTime: '02:30', workingDays: EVERY_DAY },
    '2027-03-14T07:29Z',
    null,
  ],
  [
    'NY ambiguous slot, during the repeated hour → first occurrence',
    { timeZone: 'America/New_York', promptTime: '01:30', workingDays: EVERY_DAY },
    '2026-11-01T06:00Z',
    ['2026-11-01', '2026-11-01T05:30Z'],
  ],
  [
    'Jerusalem Sunday → slot',
    { timeZone: 'Asia/Jerusalem', workingDays: SUN_THU },
    '2026-12-06T08:00Z',
    ['2026-12-06', '2026-12-06T07:00Z'],
  ],
  ['Jerusalem Friday → null', { timeZone: 'Asia/Jerusalem', workingDays: SUN_THU }, '2026-12-04T08:00Z', null],
  [
    'Auckland Monday 09:30 (Sunday in UTC) → Monday',
    { timeZone: 'Pacific/Auckland' },
    '2026-12-06T20:30Z',
    ['2026-12-07', '2026-12-06T20:00Z'],
  ],
  [
    'Kathmandu at 09:00 → slot',
    { timeZone: 'Asia/Kathmandu' },
    '2026-12-01T03:15Z',
    ['2026-12-01', '2026-12-01T03:15Z'],
  ],
  ['Kathmandu at 08:59 → null', { timeZone: 'Asia/Kathmandu' }, '2026-12-01T03:14Z', null],
  ['no working days → null', { workingDays: [] }, '2026-12-01T12:00Z', null],
];

describe('promptSlotAt', () => {
  it.each(slotRows)('%s', (_, over, at, expected) => {
    const slot = promptSlotAt(prefs(over), new Date(at));
    expect(slot && [slot.localDate, slot.slotAt.toISOString()]).toEqual(
      expected && [expected[0], new Date(expected[1]).toISOString()],
    );
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['Berlin Saturday 00:30 (Friday in UTC)', 'Europe/Berlin', MON_FRI, '2026-12-04T23:30Z', false],
    ['UTC Friday 23:30', 'UTC', MON_FRI, '2026-12-04T23:30Z', true],
    ['Jerusalem Sunday', 'Asia/Jerusalem', SUN_THU, '2026-12-06T10:00Z', true],
    ['Jerusalem Friday', 'Asia/Jerusalem', SUN_THU, '2026-12-04T10:00Z', false],
    ['Sydney Monday 01:00 (Sunday in UTC)', 'Australia/Sydney', MON_FRI, '2026-12-06T14:00Z', true],
    ['LA Sunday 21:00 (Monday in UTC)', 'America/Los_Angeles', MON_FRI, '2026-12-07T05:00Z', false],
  ] as const)('%s', (_, timeZone, workingDays, at, expected) => {
    expect(isWorkingDay({ timeZone, workingDays }, new Date(at))).toBe(expected);
  });
});

describe('isWorkingDate', () => {
  it('reads the weekday of a local date', () => {
    expect(isWorkingDate({ workingDays: MON_FRI }, '2026-12-04')).toBe(true);
    expect(isWorkingDate({ workingDays: MON_FRI }, '2026-12-06')).toBe(false);
    expect(isWorkingDate({ workingDays: SUN_THU }, '2026-12-06')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['Thursday + 1', MON_FRI, '2026-12-03', 1, '2026-12-04'],
    ['Friday + 1 → Monday', MON_FRI, '2026-12-04', 1, '2026-12-07'],
    ['Friday − 1', MON_FRI, '2026-12-04', -1, '2026-12-03'],
    ['Monday − 1 → Friday', MON_FRI, '2026-12-07', -1, '2026-12-04'],
    ['Saturday + 1 → Monday', MON_FRI, '2026-12-05', 1, '2026-12-07'],
    ['Saturday − 1 → Friday', MON_FRI, '2026-12-05', -1, '2026-12-04'],
    ['Saturday + 0 → Monday', MON_FRI, '2026-12-05', 0, '2026-12-07'],
    ['Thursday + 0 → Thursday', MON_FRI, '2026-12-03', 0, '2026-12-03'],
    ['Thursday + 5 → next Thursday', MON_FRI, '2026-12-03', 5, '2026-12-10'],
    ['Thursday + 10', MON_FRI, '2026-12-03', 10, '2026-12-17'],
    ['across the new year', MON_FRI, '2026-12-31', 1, '2027-01-01'],
    ['Sun–Thu: Thursday + 1 → Sunday', SUN_THU, '2026-12-03', 1, '2026-12-06'],
    ['Sun–Thu: Sunday − 1 → Thursday', SUN_THU, '2026-12-06', -1, '2026-12-03'],
  ] as const)('%s', (_, workingDays, from, n, expected) => {
    expect(addWorkingDays({ timeZone: 'UTC', workingDays }, from, n)).toBe(expected);
  });

  it('throws with no working days', () => {
    expect(() => addWorkingDays({ timeZone: 'UTC', workingDays: [] }, '2026-12-03', 1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['Thursday → Monday', 'Europe/Berlin', MON_FRI, '2026-12-03T10:00Z', '2026-12-07T10:00Z', 2],
    ['same day', 'Europe/Berlin', MON_FRI, '2026-12-03T07:00Z', '2026-12-03T20:00Z', 0],
    ['backwards', 'Europe/Berlin', MON_FRI, '2026-12-07T10:00Z', '2026-12-03T10:00Z', 0],
    ['two weeks', 'Europe/Berlin', MON_FRI, '2026-11-30T10:00Z', '2026-12-14T10:00Z', 10],
    ['past local midnight in Berlin', 'Europe/Berlin', MON_FRI, '2026-12-03T22:30Z', '2026-12-03T23:30Z', 1],
    ['same hour in UTC is the same day', 'UTC', MON_FRI, '2026-12-03T22:30Z', '2026-12-03T23:30Z', 0],
    ['Sun–Thu: Thursday → Sunday', 'Asia/Jerusalem', SUN_THU, '2026-12-03T10:00Z', '2026-12-06T10:00Z', 1],
  ] as const)('%s', (_, timeZone, workingDays, from, to, expected) => {
    expect(workingDaysBetween({ timeZone, workingDays }, new Date(from), new Date(to))).toBe(expected);
  });
});

describe('localTimeToInstant', () => {
  it.each([
    ['Berlin winter', 'Europe/Berlin', '2026-12-03', '09:00', '2026-12-03T08:00Z'],
    ['Berlin summer', 'Europe/Berlin', '2027-06-03', '09:00', '2027-06-03T07:00Z'],
    ['NY gap', 'America/New_York', '2027-03-14', '02:30', '2027-03-14T07:30Z'],
    ['NY overlap → first', 'America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30Z'],
    ['Sydney gap (02:30 on 2026-10-04 → 03:30 AEDT)', 'Australia/Sydney', '2026-10-04', '02:30', '2026-10-03T16:30Z'],
    ['Sydney overlap (02:30 on 2027-04-04 → AEDT)', 'Australia/Sydney', '2027-04-04', '02:30', '2027-04-03T15:30Z'],
  ] as const)('%s', (_, zone, date, time, expected) => {
    expect(localTimeToInstant(zone, date, time).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('localWeekOf', () => {
  it.each([
    // 2026-12-31 is a Thursday: ISO week 53 of 2026; 2027-01-04 (Mon) starts 2027-W01.
    ['late Sunday in UTC, Monday in Tokyo', 'Asia/Tokyo', '2026-12-06T20:00Z', '2026-W50'],
    ['the same instant in UTC', 'UTC', '2026-12-06T20:00Z', '2026-W49'],
    ['New Year in Auckland, still 2026 in UTC', 'Pacific/Auckland', '2026-12-31T12:00Z', '2026-W53'],
    ['the first Monday of 2027 in Los Angeles', 'America/Los_Angeles', '2027-01-04T08:30Z', '2027-W01'],
    ['Sunday before it in Los Angeles', 'America/Los_Angeles', '2027-01-04T07:30Z', '2026-W53'],
  ] as const)('%s', (_, zone, at, expected) => {
    expect(localWeekOf(zone, new Date(at))).toBe(expected);
  });

  it('is the ISO week of the local date, every 7 hours (every hour of the week in turn) over two years, in zones far apart', () => {
    for (const zone of ['UTC', 'Pacific/Chatham', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Kiritimati']) {
      for (let t = Date.parse('2026-01-01T00:30Z'); t < Date.parse('2028-01-10T00:00Z'); t += 7 * 3_600_000) {
        const at = new Date(t);
        expect(localWeekOf(zone, at)).toBe(isoWeekKey(localDateOf(zone, at)));
      }
    }
  });

  it('refuses an unknown zone', () => {
    expect(() => localWeekOf('Mars/Olympus', new Date())).toThrow(RangeError);
  });
});

describe('parsePromptTime', () => {
  it.each([
    ['9', '09:00'],
    ['9:00', '09:00'],
    ['09:00', '09:00'],
    ['9am', '09:00'],
    ['9 AM', '09:00'],
    ['9 a.m.', '09:00'],
    ['5:30 pm', '17:30'],
    ['5:30pm', '17:30'],
    ['17:30', '17:30'],
    ['1730', '17:30'],
    ['930', '09:30'],
    ['9.30', '09:30'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['12:15 am', '00:15'],
    ['0', '00:00'],
    ['23:59', '23:59'],
    ['noon', '12:00'],
    ['  8:05 ', '08:05'],
    ['', null],
    ['24:00', null],
    ['13pm', null],
    ['0am', null],
    ['9:60', null],
    ['9:5', null],
    ['nine', null],
    ['9:00:00', null],
    ['-1', null],
    ['25', null],
    ['tomorrow', null],
  ] as const)('%j → %j', (text, expected) => {
    expect(parsePromptTime(text)).toBe(expected);
  });
});
