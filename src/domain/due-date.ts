import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { localTimeToInstant } from './prompt-schedule';

/**
 * Due dates typed by a lead ("by Friday", "tomorrow 3pm", "eow", "12/3") → an instant.
 *
 * Everything is interpreted in the LEAD's IANA time zone. A small grammar of our own handles the
 * relative words whose meaning Baton decides (weekdays, today/tomorrow, eod/eow/eom, next week,
 * "in N units", parts of the day); chrono-node handles calendar dates ("Dec 3", "3 Dec", "12/3",
 * "2026-12-03") and anything else it understands. Wall-clock results are re-anchored in the zone
 * with luxon, so DST is right.
 *
 * Decisions:
 * - A date without a time means the end of that working day (`endOfDay`, default 17:00 local),
 *   reported with `hasTime: false`.
 * - Weekday names ("Friday", "fri", "this Friday") mean the NEXT such day strictly after today,
 *   unless it is today and its deadline (the given time, else end of day) has not passed yet.
 *   "next Friday" means the Friday of NEXT calendar week (weeks run Monday–Sunday).
 * - "eow"/"end of week"/"this week" = this week's Friday at end of day; once that has passed
 *   (Friday evening, the weekend) it is next week's Friday — the same rule as "Friday".
 * - "eom"/"end of month" = the last calendar day of this month at end of day (next month's once
 *   passed); "eoy" likewise. "next week" = next Monday; "next month" = the 1st of next month.
 * - A phrase naming today ("today", "eod", "Nov 27" on Nov 27) without a time, typed after end of
 *   day, is due at 23:59 today rather than in the past. With an explicit time that has passed
 *   ("today 8am" at 10:00) it is `in_the_past`. "tonight" = 20:00 today (23:59 once past 20:00).
 * - A time alone ("3pm", "noon", "morning") is its next occurrence: today, or tomorrow once passed.
 * - Parts of the day: morning 09:00, noon/midday 12:00, afternoon 14:00, evening 18:00.
 *   "at N" without am/pm: 1–7 mean the afternoon (13:00–19:00), 8–23 are read as 24-hour.
 * - "12/3" is US month/day (3 December); "2026-12-03" is ISO. A day and month without a year is the
 *   next such date on or after today (so "Nov 1" on Nov 27 is next year's).
 * - "in N minutes/hours" is exact instant arithmetic (hasTime true); "in N days/weeks/months" is
 *   calendar arithmetic in the zone, then end of day (hasTime false).
 * - DST: a local time in the spring-forward gap moves forward by the gap ("2:30am" on 2027-03-14 in
 *   New York → 03:30 EDT); an ambiguous fall-back time takes the second occurrence (standard time).
 * - An invalid time zone or `endOfDay` is a programming error: RangeError.
 */

export type DueParse =
  | { ok: true; dueAt: Date; hasTime: boolean }
  | { ok: false; reason: 'not_understood' | 'in_the_past'; phrase: string };

export interface DueOptions {
  /** 'HH:MM' local: when a date without a time is due. Default '17:00'. */
  endOfDay?: string;
}

type Clock = { hour: number; minute: number };
type TimeSpec = { kind: 'clock'; clock: Clock } | { kind: 'eod' };
type DateSpec =
  | { kind: 'none' }
  | { kind: 'relativeDay'; days: number; today: boolean }
  | { kind: 'weekday'; weekday: number; next: boolean }
  | { kind: 'lastWeekday'; weekday: number }
  | { kind: 'endOfWeek'; weeksAhead: number }
  | { kind: 'endOfMonth'; monthsAhead: number }
  | { kind: 'endOfYear' }
  | { kind: 'nextWeek' }
  | { kind: 'nextMonth' }
  | { kind: 'offset'; amount: number; unit: 'days' | 'weeks' | 'months' }
  | { kind: 'chrono'; text: string };
type Interpretation =
  | { kind: 'instant'; minutes: number }
  | { kind: 'tonight' }
  | { kind: 'dated'; date: DateSpec; time: TimeSpec | null };

type Local = { year: number; month: number; day: number };

const DEFAULT_END_OF_DAY = '17:00';
const LAST_MINUTE: Clock = { hour: 23, minute: 59 };
const TONIGHT: Clock = { hour: 20, minute: 0 };

const WEEKDAYS: Record<string, number> = {
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  weds: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
  sun: 7,
  sunday: 7,
};

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

const PARTS_OF_DAY: Record<string, Clock> = {
  morning: { hour: 9, minute: 0 },
  noon: { hour: 12, minute: 0 },
  midday: { hour: 12, minute: 0 },
  afternoon: { hour: 14, minute: 0 },
  evening: { hour: 18, minute: 0 },
};

/** Parses a due phrase typed by the lead, in the lead's time zone, relative to `now`. */
export function parseDuePhrase(phrase: string, now: Date, timeZone: string, opts: DueOptions = {}): DueParse {
  const endOfDay = parseClock(opts.endOfDay ?? DEFAULT_END_OF_DAY);
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const interpretation = interpret(normalize(phrase));
  if (!interpretation) return { ok: false, reason: 'not_understood', phrase };
  const resolved = resolve(interpretation, local, timeZone, endOfDay);
  if (!resolved) return { ok: false, reason: 'not_understood', phrase };
  if (resolved.dueAt.getTime() <= now.getTime()) return { ok: false, reason: 'in_the_past', phrase };
  return { ok: true, ...resolved };
}

/**
 * Whether a phrase reads as a date at all, independent of any clock or zone (a past date counts).
 * The `/delegate` parser uses it to decide whether "by …" is a due date or part of the title.
 */
export function looksLikeDuePhrase(phrase: string): boolean {
  return interpret(normalize(phrase)) !== null;
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Fri 5 Dec", "Fri 5 Dec 15:00", "Fri 3 Dec 2027" — the year only when it is not now's year in the zone. */
export function formatDue(dueAt: Date, hasTime: boolean, timeZone: string, now: Date): string {
  const due = DateTime.fromJSDate(dueAt, { zone: timeZone });
  if (!due.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const thisYear = DateTime.fromJSDate(now, { zone: timeZone }).year;
  const parts = [WEEKDAY_NAMES[due.weekday - 1], String(due.day), MONTH_NAMES[due.month - 1]];
  if (due.year !== thisYear) parts.push(String(due.year));
  if (hasTime) parts.push(due.toFormat('HH:mm'));
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Reading the phrase (no clock, no zone)

function normalize(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!?)]+$/, '')
    .replace(/^(?:(?:due|by|on|until|till|til)\s+)+/, '')
    .trim();
}

/** Longer than any date anyone types: not a date (and keeps the regexes and chrono cheap). */
const MAX_PHRASE_LENGTH = 100;

function interpret(text: string): Interpretation | null {
  if (text === '' || text.length > MAX_PHRASE_LENGTH) return null;
  if (text === 'tonight') return { kind: 'tonight' };
  const minutes = readDuration(text);
  if (minutes !== null) return { kind: 'instant', minutes };

  for (const [datePart, time] of splitTime(text)) {
    const date = readDate(datePart);
    if (date && !(date.kind === 'none' && time === null)) return { kind: 'dated', date, time };
  }
  return null;
}

/** "in 2 hours", "in 30 min", "in half an hour", "2h" → minutes from now. */
function readDuration(text: string): number | null {
  if (/^(?:in |within )?half an? hour(?: from now)?$/.test(text)) return 30;
  const m = /^(?:in |within )?(\d+|[a-z]+) ?(minutes?|mins?|m|hours?|hrs?|h)(?: from now)?$/.exec(text);
  if (!m) return null;
  const amount = readNumber(m[1] ?? '');
  if (amount === null) return null;
  return (m[2] ?? '').startsWith('h') ? amount * 60 : amount;
}

function readNumber(word: string): number | null {
  if (/^\d+$/.test(word)) return Number.parseInt(word, 10);
  return NUMBER_WORDS[word] ?? null;
}

const CLOCK_SOURCE =
  /(?:at |@ ?)?(\d{1,2})(?::(\d{2}))? ?([ap])\.?m\.?|(?:at |@ ?)?(\d{1,2}):(\d{2})|(?:at |@ ?)(\d{1,2})/.source;
const PART_SOURCE =
  /(?:at |in the |this )?(morning|noon|midday|afternoon|evening)|(eod|cob|eob|end of (?:the )?(?:business )?day|close of business|end of business)/
    .source;
const TIME_SOURCE = `(?:${CLOCK_SOURCE}|${PART_SOURCE})`;
const TIME_AT_END = new RegExp(`^(?:(.*?)[ ,]+)?${TIME_SOURCE}$`);
const TIME_AT_START = new RegExp(`^${TIME_SOURCE}[ ,]+(?:on )?(.+)$`);

/** Candidate (date part, time) splits of the phrase, most specific first; the unsplit phrase last. */
function splitTime(text: string): Array<[string, TimeSpec | null]> {
  const out: Array<[string, TimeSpec | null]> = [];
  const end = TIME_AT_END.exec(text);
  if (end) {
    const time = timeFrom(end.slice(2));
    if (time) out.push([(end[1] ?? '').trim(), time]);
  }
  const start = TIME_AT_START.exec(text);
  if (start) {
    const groups = start.slice(1);
    const time = timeFrom(groups);
    if (time) out.push([(groups[8] ?? '').trim(), time]);
  }
  out.push([text, null]);
  return out;
}

/** Groups: [hour, minute, a|p, hour24, minute24, atHour, partOfDay, endOfDay]. */
function timeFrom(groups: Array<string | undefined>): TimeSpec | null {
  const [h12, m12, meridiem, h24, m24, atHour, part, eod] = groups;
  if (eod) return { kind: 'eod' };
  if (part) {
    const clock = PARTS_OF_DAY[part];
    return clock ? { kind: 'clock', clock } : null;
  }
  if (h12 !== undefined && meridiem !== undefined) {
    const hour = Number(h12);
    const minute = Number(m12 ?? '0');
    if (hour < 1 || hour > 12 || minute > 59) return null;
    return { kind: 'clock', clock: { hour: (hour % 12) + (meridiem === 'p' ? 12 : 0), minute } };
  }
  if (h24 !== undefined) {
    const hour = Number(h24);
    const minute = Number(m24);
    if (hour > 23 || minute > 59) return null;
    return { kind: 'clock', clock: { hour, minute } };
  }
  if (atHour !== undefined) {
    const hour = Number(atHour);
    if (hour > 23) return null;
    return { kind: 'clock', clock: { hour: hour >= 1 && hour <= 7 ? hour + 12 : hour, minute: 0 } };
  }
  return null;
}

function readDate(text: string): DateSpec | null {
  const t = text.replace(/^(?:(?:due|by|on|until|till|til)\s+)+/, '').trim();
  if (t === '' || t === 'this') return { kind: 'none' };
  if (/^(?:today|tdy)$/.test(t)) return { kind: 'relativeDay', days: 0, today: true };
  if (/^(?:tomorrow|tomorow|tommorow|tommorrow|tmrw?|tmw)$/.test(t))
    return { kind: 'relativeDay', days: 1, today: false };
  if (/^(?:the )?day after tomorrow$/.test(t)) return { kind: 'relativeDay', days: 2, today: false };
  if (t === 'yesterday') return { kind: 'relativeDay', days: -1, today: false };
  if (/^(?:eow|end of (?:the )?week|this week)$/.test(t)) return { kind: 'endOfWeek', weeksAhead: 0 };
  if (/^end of next week$/.test(t)) return { kind: 'endOfWeek', weeksAhead: 1 };
  if (/^(?:eom|end of (?:the )?month|this month)$/.test(t)) return { kind: 'endOfMonth', monthsAhead: 0 };
  if (/^end of next month$/.test(t)) return { kind: 'endOfMonth', monthsAhead: 1 };
  if (/^(?:eoy|end of (?:the )?year)$/.test(t)) return { kind: 'endOfYear' };
  if (t === 'next week') return { kind: 'nextWeek' };
  if (t === 'next month') return { kind: 'nextMonth' };

  const weekday = /^(this coming |this |coming |next |last )?([a-z]+)$/.exec(t);
  const day = weekday ? WEEKDAYS[weekday[2] ?? ''] : undefined;
  if (weekday && day !== undefined) {
    const qualifier = (weekday[1] ?? '').trim();
    if (qualifier === 'last') return { kind: 'lastWeekday', weekday: day };
    return { kind: 'weekday', weekday: day, next: qualifier === 'next' };
  }

  const offset = /^(?:in |within )?(\d+|[a-z]+) ?(days?|d|weeks?|wks?|w|months?|mos?)(?: from (?:now|today))?$/.exec(t);
  if (offset) {
    const amount = readNumber(offset[1] ?? '');
    if (amount === null) return null;
    const unit = offset[2] ?? '';
    return { kind: 'offset', amount, unit: unit.startsWith('d') ? 'days' : unit.startsWith('w') ? 'weeks' : 'months' };
  }

  return chronoCovers(t) ? { kind: 'chrono', text: t } : null;
}

/** Whether chrono reads the whole text as one date (the reference does not change what it recognises). */
function chronoCovers(text: string): boolean {
  return chronoParse(text, new Date(0), 0) !== null;
}

function chronoParse(text: string, instant: Date, offsetMinutes: number): chrono.ParsedResult | null {
  const results = chrono.en.casual.parse(text, { instant, timezone: offsetMinutes }, { forwardDate: true });
  const [first] = results;
  if (results.length !== 1 || !first || first.index !== 0 || first.text.length !== text.length) return null;
  return first;
}

// ---------------------------------------------------------------------------------------------
// Resolving against now, in the zone

function parseClock(hhmm: string): Clock {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`endOfDay must be HH:MM, got "${hhmm}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function resolve(
  it: Interpretation,
  now: DateTime,
  zone: string,
  endOfDay: Clock,
): { dueAt: Date; hasTime: boolean } | null {
  if (it.kind === 'instant') return { dueAt: now.plus({ minutes: it.minutes }).toJSDate(), hasTime: true };
  const today = localDate(now);
  if (it.kind === 'tonight') {
    const tonight = wallClock(today, TONIGHT, zone);
    return { dueAt: (tonight > now ? tonight : wallClock(today, LAST_MINUTE, zone)).toJSDate(), hasTime: true };
  }

  const { date, time } = it;
  const hasTime = time?.kind === 'clock';
  const clock = time?.kind === 'clock' ? time.clock : endOfDay;
  const at = (d: Local, c: Clock = clock) => wallClock(d, c, zone);
  const plusDays = (d: Local, days: number) => localDate(DateTime.fromObject(d, { zone }).plus({ days }));
  const future = (d: Local) => at(d) > now;
  const mondayThisWeek = plusDays(today, 1 - now.weekday);
  let day: Local;
  let namesToday = false;

  switch (date.kind) {
    case 'none':
      // A time alone: its next occurrence. End of day alone ("eod") names today.
      if (!hasTime) {
        day = today;
        namesToday = true;
      } else day = future(today) ? today : plusDays(today, 1);
      break;
    case 'relativeDay':
      day = plusDays(today, date.days);
      namesToday = date.today;
      break;
    case 'weekday': {
      if (date.next) {
        day = plusDays(mondayThisWeek, 7 + date.weekday - 1);
        break;
      }
      const ahead = (date.weekday - now.weekday + 7) % 7;
      day = plusDays(today, ahead);
      if (!future(day)) day = plusDays(day, 7);
      break;
    }
    case 'lastWeekday': {
      const back = (now.weekday - date.weekday + 7) % 7 || 7;
      day = plusDays(today, -back);
      break;
    }
    case 'endOfWeek':
      day = plusDays(mondayThisWeek, 4 + 7 * date.weeksAhead);
      if (date.weeksAhead === 0 && !future(day)) day = plusDays(day, 7);
      break;
    case 'endOfMonth': {
      const endOfMonth = (months: number) => localDate(now.startOf('month').plus({ months }).endOf('month'));
      day = endOfMonth(date.monthsAhead);
      if (date.monthsAhead === 0 && !future(day)) day = endOfMonth(1);
      break;
    }
    case 'endOfYear':
      day = { year: today.year, month: 12, day: 31 };
      if (!future(day)) day = { year: today.year + 1, month: 12, day: 31 };
      break;
    case 'nextWeek':
      day = plusDays(mondayThisWeek, 7);
      break;
    case 'nextMonth':
      day = localDate(now.startOf('month').plus({ months: 1 }));
      break;
    case 'offset':
      day = localDate(DateTime.fromObject(today, { zone }).plus({ [date.unit]: date.amount }));
      break;
    case 'chrono': {
      const found = chronoDate(date.text, now, zone, today);
      if (!found) return null;
      day = found.day;
      if (found.clock && !hasTime) return { dueAt: at(day, found.clock).toJSDate(), hasTime: true };
      namesToday = sameDay(day, today);
      break;
    }
  }

  // A date naming today, without a time, typed after end of day: still today, at its last minute.
  if (namesToday && !hasTime && !future(day)) return { dueAt: at(day, LAST_MINUTE).toJSDate(), hasTime };
  return { dueAt: at(day).toJSDate(), hasTime };
}

function chronoDate(
  text: string,
  now: DateTime,
  zone: string,
  today: Local,
): { day: Local; clock: Clock | null } | null {
  const result = chronoParse(text, now.toJSDate(), now.offset);
  if (!result) return null;
  const s = result.start;
  const year = s.get('year');
  const month = s.get('month');
  const dayOfMonth = s.get('day');
  if (year === null || month === null || dayOfMonth === null) return null;
  let day: Local = { year, month, day: dayOfMonth };
  // A day and month without a year: the next such date on or after today (chrono would skip today).
  if (s.isCertain('month') && s.isCertain('day') && !s.isCertain('year')) {
    day = { year: today.year, month, day: dayOfMonth };
    if (compareDays(day, today) < 0) day = { ...day, year: today.year + 1 };
  }
  if (!DateTime.fromObject(day, { zone }).isValid) return null;
  const hour = s.get('hour');
  const clock = s.isCertain('hour') && hour !== null ? { hour, minute: s.get('minute') ?? 0 } : null;
  return { day, clock };
}

/**
 * A wall-clock time on a day in the zone, by the rule prompt times follow: in a fall-back overlap
 * its first occurrence, in a spring-forward gap moved on by the gap. (luxon alone picks either
 * occurrence of an overlap, depending on the zone.)
 */
function wallClock(day: Local, clock: Clock, zone: string): DateTime {
  const date = `${day.year}-${pad(day.month)}-${pad(day.day)}`;
  return DateTime.fromJSDate(localTimeToInstant(zone, date, `${pad(clock.hour)}:${pad(clock.minute)}`), { zone });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function localDate(dt: DateTime): Local {
  return { year: dt.year, month: dt.month, day: dt.day };
}

function sameDay(a: Local, b: Local): boolean {
  return compareDays(a, b) === 0;
}

function compareDays(a: Local, b: Local): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** A date (and maybe a time) picked in a form, in the lead's zone; no time means end of that day. */
export function dueFromPicker(
  date: string,
  time: string | null,
  now: Date,
  timeZone: string,
  opts: DueOptions = {},
): DueParse {
  const phrase = time ? `${date} ${time}` : date;
  const clock = parseClock(time ?? opts.endOfDay ?? DEFAULT_END_OF_DAY);
  const day = DateTime.fromISO(date, { zone: timeZone });
  if (!day.isValid) return { ok: false, reason: 'not_understood', phrase };
  const dueAt = wallClock(localDate(day), clock, timeZone).toJSDate();
  if (dueAt.getTime() <= now.getTime()) return { ok: false, reason: 'in_the_past', phrase };
  return { ok: true, dueAt, hasTime: time !== null };
}
