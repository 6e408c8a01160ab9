import { describe, expect, it } from 'vitest';
import { dueFromPicker, formatDue, looksLikeDuePhrase, parseDuePhrase } from '../../../src/domain/due-date';

// Reference instants (all computed by hand; 2026-11-27 is a Friday):
const BERLIN_FRI_10 = '2026-11-27T09:00:00Z'; // Fri 10:00 CET (+01:00)
const NY_FRI_10 = '2026-11-27T15:00:00Z'; // Fri 10:00 EST (-05:00)
const TOKYO_FRI_09 = '2026-11-27T00:00:00Z'; // Fri 09:00 JST (+09:00)
const TOKYO_FRI_19 = '2026-11-27T10:00:00Z'; // Fri 19:00 JST, after end of day
const LA_SAT_10 = '2026-11-28T18:00:00Z'; // Sat 10:00 PST (-08:00)
const LA_SAT_BEFORE_FALLBACK = '2026-10-31T19:00:00Z'; // Sat 12:00 PDT; Sun 2026-11-01 falls back to PST
const NY_SAT_BEFORE_SPRING = '2027-03-13T15:00:00Z'; // Sat 10:00 EST; Sun 2027-03-14 springs forward to EDT
const NY_SPRING_MIDNIGHT = '2027-03-14T05:00:00Z'; // Sun 00:00 EST, the spring-forward day
const NY_SAT_BEFORE_FALLBACK = '2026-10-31T14:00:00Z'; // Sat 10:00 EDT; Sun 2026-11-01 falls back to EST
const BERLIN_SAT_BEFORE_SPRING = '2027-03-27T09:00:00Z'; // Sat 10:00 CET; Sun 2027-03-28 → CEST
const BERLIN_SAT_BEFORE_FALLBACK = '2026-10-24T08:00:00Z'; // Sat 10:00 CEST; Sun 2026-10-25 → CET
const SYDNEY_FRI_10 = '2026-12-03T23:00:00Z'; // Fri 4 Dec 10:00 AEDT (+11:00), still Thursday in UTC
const KOLKATA_FRI_10 = '2026-11-27T04:30:00Z'; // Fri 10:00 IST (+05:30)
const UTC_FRI_10 = '2026-11-27T10:00:00Z'; // Fri 10:00 UTC
const UTC_WED_DEC_30 = '2026-12-30T12:00:00Z'; // Wed 30 Dec 12:00 UTC
const AUCKLAND_NYE_19 = '2026-12-31T06:00:00Z'; // Thu 31 Dec 19:00 NZDT (+13:00)

type Row = [phrase: string, zone: string, now: string, expected: string, hasTime: boolean];

const rows: Row[] = [
  // Europe/Berlin, Friday 10:00
  ['Friday', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T16:00:00Z', false],
  ['by Friday', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T16:00:00Z', false],
  ['  FRIDAY!! ', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T16:00:00Z', false],
  ['fri', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T16:00:00Z', false],
  ['thu', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-03T16:00:00Z', false],
  ['friday 3pm', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T14:00:00Z', true],
  ['friday 8am', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-04T07:00:00Z', true], // passed today → next Friday
  ['3pm friday', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T14:00:00Z', true],
  ['tomorrow', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-28T16:00:00Z', false],
  ['tomorrow 5pm', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-28T16:00:00Z', true],
  ['Tomorrow morning', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-28T08:00:00Z', true],
  ['today', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T16:00:00Z', false],
  ['tonight', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T19:00:00Z', true],
  ['eod', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T16:00:00Z', false],
  ['End of day.', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T16:00:00Z', false],
  ['eow', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T16:00:00Z', false],
  ['end of month', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-30T16:00:00Z', false],
  ['EOM', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-30T16:00:00Z', false],
  ['next week', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-30T16:00:00Z', false],
  ['next month', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-01T16:00:00Z', false],
  ['in 2 weeks', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-11T16:00:00Z', false],
  ['in 3 days', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-30T16:00:00Z', false],
  ['in 2 hours', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T11:00:00Z', true],
  ['in half an hour', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T09:30:00Z', true],
  ['Dec 3', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-03T16:00:00Z', false],
  ['December 3rd', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-03T16:00:00Z', false],
  ['3 Dec', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-03T16:00:00Z', false],
  ['12/3', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-03T16:00:00Z', false], // US month/day
  ['2026-12-03', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-03T16:00:00Z', false],
  ['next Tuesday', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-01T16:00:00Z', false],
  ['this Tuesday', 'Europe/Berlin', BERLIN_FRI_10, '2026-12-01T16:00:00Z', false],
  ['noon', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T11:00:00Z', true],
  ['monday morning', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-30T08:00:00Z', true],
  ['Nov 1', 'Europe/Berlin', BERLIN_FRI_10, '2027-11-01T16:00:00Z', false], // passed this year → next year
  ['Nov 27', 'Europe/Berlin', BERLIN_FRI_10, '2026-11-27T16:00:00Z', false], // today, not next year
  ['yesterday', 'Europe/Berlin', BERLIN_FRI_10, 'in_the_past', false],
  ['today 8am', 'Europe/Berlin', BERLIN_FRI_10, 'in_the_past', false],
  ['banana', 'Europe/Berlin', BERLIN_FRI_10, 'not_understood', false],
  ['by marketing', 'Europe/Berlin', BERLIN_FRI_10, 'not_understood', false],
  ['soonish', 'Europe/Berlin', BERLIN_FRI_10, 'not_understood', false],
  ['', 'Europe/Berlin', BERLIN_FRI_10, 'not_understood', false],

  // America/New_York, Friday 10:00 EST
  ['Dec 3 at 3pm', 'America/New_York', NY_FRI_10, '2026-12-03T20:00:00Z', true],
  ['3/12', 'America/New_York', NY_FRI_10, '2027-03-12T22:00:00Z', false], // 12 March 2027, still EST
  ['friday at 4:30 PM', 'America/New_York', NY_FRI_10, '2026-11-27T21:30:00Z', true],

  // Asia/Tokyo: "by Friday" on a Friday, before and after end of day
  ['by Friday', 'Asia/Tokyo', TOKYO_FRI_09, '2026-11-27T08:00:00Z', false],
  ['by Friday', 'Asia/Tokyo', TOKYO_FRI_19, '2026-12-04T08:00:00Z', false],
  ['eow', 'Asia/Tokyo', TOKYO_FRI_19, '2026-12-04T08:00:00Z', false],
  ['today', 'Asia/Tokyo', TOKYO_FRI_19, '2026-11-27T14:59:00Z', false], // after end of day → 23:59 today
  ['tonight', 'Asia/Tokyo', TOKYO_FRI_19, '2026-11-27T11:00:00Z', true],
  ['7pm', 'Asia/Tokyo', TOKYO_FRI_19, '2026-11-28T10:00:00Z', true], // a bare time that has passed → tomorrow

  // America/Los_Angeles: the weekend, and the fall-back day
  ['eow', 'America/Los_Angeles', LA_SAT_10, '2026-12-05T01:00:00Z', false],
  ['monday', 'America/Los_Angeles', LA_SAT_10, '2026-12-01T01:00:00Z', false],
  ['next monday', 'America/Los_Angeles', LA_SAT_10, '2026-12-01T01:00:00Z', false],
  ['next week', 'America/Los_Angeles', LA_SAT_10, '2026-12-01T01:00:00Z', false],
  ['sun 3pm', 'America/Los_Angeles', LA_SAT_10, '2026-11-29T23:00:00Z', true],
  ['tomorrow 9am', 'America/Los_Angeles', LA_SAT_BEFORE_FALLBACK, '2026-11-01T17:00:00Z', true],
  ['in 24 hours', 'America/Los_Angeles', LA_SAT_BEFORE_FALLBACK, '2026-11-01T19:00:00Z', true], // 11:00 PST

  // DST days: New York and Berlin, both directions
  ['tomorrow 9am', 'America/New_York', NY_SAT_BEFORE_SPRING, '2027-03-14T13:00:00Z', true],
  ['tomorrow', 'America/New_York', NY_SAT_BEFORE_SPRING, '2027-03-14T21:00:00Z', false],
  ['2:30am', 'America/New_York', NY_SPRING_MIDNIGHT, '2027-03-14T07:30:00Z', true], // gap → 03:30 EDT
  ['tomorrow 9am', 'America/New_York', NY_SAT_BEFORE_FALLBACK, '2026-11-01T14:00:00Z', true],
  ['tomorrow 1:30am', 'America/New_York', NY_SAT_BEFORE_FALLBACK, '2026-11-01T05:30:00Z', true], // 1st 01:30 (EDT)
  ['tomorrow 2:30am', 'Europe/Berlin', BERLIN_SAT_BEFORE_FALLBACK, '2026-10-25T00:30:00Z', true], // 1st 02:30 (CEST)
  ['tomorrow 9am', 'Europe/Berlin', BERLIN_SAT_BEFORE_SPRING, '2027-03-28T07:00:00Z', true],
  ['sunday', 'Europe/Berlin', BERLIN_SAT_BEFORE_SPRING, '2027-03-28T15:00:00Z', false],
  ['tomorrow 9am', 'Europe/Berlin', BERLIN_SAT_BEFORE_FALLBACK, '2026-10-25T08:00:00Z', true],
  ['in 2 days', 'Europe/Berlin', BERLIN_SAT_BEFORE_FALLBACK, '2026-10-26T16:00:00Z', false],

  // Australia/Sydney: Friday there while Thursday in UTC
  ['friday 3pm', 'Australia/Sydney', SYDNEY_FRI_10, '2026-12-04T04:00:00Z', true],
  ['eow', 'Australia/Sydney', SYDNEY_FRI_10, '2026-12-04T06:00:00Z', false],
  ['monday morning', 'Australia/Sydney', SYDNEY_FRI_10, '2026-12-06T22:00:00Z', true],

  // Asia/Kolkata, a half-hour offset
  ['eod', 'Asia/Kolkata', KOLKATA_FRI_10, '2026-11-27T11:30:00Z', false],
  ['in 90 minutes', 'Asia/Kolkata', KOLKATA_FRI_10, '2026-11-27T06:00:00Z', true],
  ['thu 11am', 'Asia/Kolkata', KOLKATA_FRI_10, '2026-12-03T05:30:00Z', true],
  ['today 8am', 'Asia/Kolkata', KOLKATA_FRI_10, 'in_the_past', false],

  // UTC: past dates and "next"
  ['2025-01-01', 'UTC', UTC_FRI_10, 'in_the_past', false],
  ['last friday', 'UTC', UTC_FRI_10, 'in_the_past', false],
  ['end of week', 'UTC', UTC_FRI_10, '2026-11-27T17:00:00Z', false],
  ['next Friday', 'UTC', UTC_FRI_10, '2026-12-04T17:00:00Z', false],
  ['at 3', 'UTC', UTC_FRI_10, '2026-11-27T15:00:00Z', true], // "at 1–7" means the afternoon

  // The year boundary
  ['Jan 2', 'UTC', UTC_WED_DEC_30, '2027-01-02T17:00:00Z', false],
  ['eom', 'UTC', UTC_WED_DEC_30, '2026-12-31T17:00:00Z', false],
  ['next month', 'UTC', UTC_WED_DEC_30, '2027-01-01T17:00:00Z', false],
  ['next week', 'UTC', UTC_WED_DEC_30, '2027-01-04T17:00:00Z', false],
  ['tomorrow', 'Pacific/Auckland', AUCKLAND_NYE_19, '2027-01-01T04:00:00Z', false],
  ['Jan 2', 'Pacific/Auckland', AUCKLAND_NYE_19, '2027-01-02T04:00:00Z', false],
  ['eom', 'Pacific/Auckland', AUCKLAND_NYE_19, '2027-01-31T04:00:00Z', false], // Dec 31 17:00 passed
  ['today', 'Pacific/Auckland', AUCKLAND_NYE_19, '2026-12-31T10:59:00Z', false],
];

describe('parseDuePhrase', () => {
  it.each(rows)('%j in %s at %s → %s', (phrase, zone, now, expected, hasTime) => {
    const result = parseDuePhrase(phrase, new Date(now), zone);
    if (expected === 'not_understood' || expected === 'in_the_past') {
      expect(result).toEqual({ ok: false, reason: expected, phrase });
      return;
    }
    expect(result).toEqual({ ok: true, dueAt: new Date(expected), hasTime });
  });

  it('uses the given end of day for dates without a time', () => {
    expect(parseDuePhrase('tomorrow', new Date(BERLIN_FRI_10), 'Europe/Berlin', { endOfDay: '18:30' })).toEqual({
      ok: true,
      dueAt: new Date('2026-11-28T17:30:00Z'),
      hasTime: false,
    });
  });

  it('rejects an invalid time zone or end of day as a programming error', () => {
    expect(() => parseDuePhrase('tomorrow', new Date(UTC_FRI_10), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => parseDuePhrase('tomorrow', new Date(UTC_FRI_10), 'UTC', { endOfDay: '5pm' })).toThrow(RangeError);
  });
});

describe('a time that happens twice (fall back) or not at all (spring forward)', () => {
  const before = new Date('2026-01-01T00:00:00Z');
  // The first occurrence of an overlap, in every zone, typed or picked; a gap moves on by the gap.
  it.each([
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00Z'], // EDT, not EST's 06:30Z
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00Z'], // CEST, not CET's 01:30Z
    ['Australia/Sydney', '2026-04-05', '02:30', '2026-04-04T15:30:00Z'], // AEDT, not AEST's 16:30Z
    ['Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00Z'], // +11, not +10:30's 15:15Z
    ['America/Havana', '2026-11-01', '00:30', '2026-11-01T04:30:00Z'], // CDT, not CST's 05:30Z
    ['America/New_York', '2027-03-14', '02:30', '2027-03-14T07:30:00Z'], // gap: 03:30 EDT
    ['Europe/Berlin', '2027-03-28', '02:30', '2027-03-28T01:30:00Z'], // gap: 03:30 CEST
  ])('%s %s %s → %s', (zone, date, time, expected) => {
    expect(dueFromPicker(date, time, before, zone)).toEqual({ ok: true, dueAt: new Date(expected), hasTime: true });
    const typed = parseDuePhrase(`${date} ${time}`, before, zone);
    expect(typed.ok && typed.dueAt.toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('looksLikeDuePhrase', () => {
  it.each([
    ['Friday', true],
    ['yesterday', true],
    ['12/3', true],
    ['marketing', false],
    ['legal', false],
    ['', false],
  ] as const)('%j → %s', (phrase, expected) => {
    expect(looksLikeDuePhrase(phrase)).toBe(expected);
  });
});

describe('formatDue', () => {
  it.each([
    ['2026-12-04T16:00:00Z', false, 'Europe/Berlin', BERLIN_FRI_10, 'Fri 4 Dec'],
    ['2026-12-04T14:00:00Z', true, 'Europe/Berlin', BERLIN_FRI_10, 'Fri 4 Dec 15:00'],
    ['2027-01-02T17:00:00Z', false, 'UTC', UTC_WED_DEC_30, 'Sat 2 Jan 2027'],
    ['2026-12-31T11:30:00Z', true, 'Pacific/Auckland', AUCKLAND_NYE_19, 'Fri 1 Jan 2027 00:30'],
    ['2026-12-31T11:30:00Z', true, 'Pacific/Auckland', '2026-12-31T11:00:00Z', 'Fri 1 Jan 00:30'],
    ['2027-09-06T21:00:00Z', false, 'America/New_York', '2027-01-01T12:00:00Z', 'Mon 6 Sep'],
  ] as const)('%s (time: %s) in %s → %j', (dueAt, hasTime, zone, now, expected) => {
    expect(formatDue(new Date(dueAt), hasTime, zone, new Date(now))).toBe(expected);
  });
});
