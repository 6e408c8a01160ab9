import { describe, expect, it } from 'vitest';
import type { CheckinState } from '../../../src/domain/checkin';
import { QUIET_STATE } from '../../../src/domain/checkin';
import {
  afterAnswer,
  type CheckinDecision,
  type CheckinReason,
  type CheckinTaskFacts,
  checkinDecision,
  checkinReason,
  dueLocalDate,
  nextCheckinAt,
} from '../../../src/domain/checkin-policy';
import type { IsoWeekday, PromptPrefs } from '../../../src/domain/person';

// Calendar (checked by hand): 2026-11-30 Mon, 12-01 Tue, 12-02 Wed, 12-03 Thu, 12-04 Fri, 12-05 Sat,
// 12-06 Sun, 12-07 Mon … 12-11 Fri. Berlin is CET (+1) in December: the 09:00 slot is 08:00Z.
// Berlin goes CEST (+2) on Sunday 2027-03-28: Monday 2027-03-29's 09:00 slot is 07:00Z. Tokyo is +9.

const MON_FRI: IsoWeekday[] = [1, 2, 3, 4, 5];
const TUE_SAT: IsoWeekday[] = [2, 3, 4, 5, 6];
const SUN_THU: IsoWeekday[] = [7, 1, 2, 3, 4];

function owner(over: Partial<PromptPrefs> = {}): PromptPrefs {
  return { timeZone: 'Europe/Berlin', promptTime: '09:00', workingDays: MON_FRI, pausedUntil: null, ...over };
}

function task(over: Partial<CheckinTaskFacts> = {}): CheckinTaskFacts {
  return { status: 'accepted', cadence: 'none', dueAt: null, ...over };
}

function state(over: Partial<CheckinState> = {}): CheckinState {
  return { ...QUIET_STATE, ...over };
}

/** Friday 2026-12-04 17:00 Berlin. */
const DUE_FRI = new Date('2026-12-04T16:00Z');
/** Saturday 2026-12-05 17:00 Berlin. */
const DUE_SAT = new Date('2026-12-05T16:00Z');
/** Monday 2026-12-07 17:00 Berlin. */
const DUE_MON = new Date('2026-12-07T16:00Z');
/** Wednesday 2026-12-02 17:00 Berlin. */
const DUE_WED = new Date('2026-12-02T16:00Z');

describe('dueLocalDate', () => {
  it.each([
    ['no due date', null, 'Europe/Berlin', null],
    ['Berlin Friday 17:00', DUE_FRI, 'Europe/Berlin', '2026-12-04'],
    ['the same instant is Saturday 01:00 in Tokyo', DUE_FRI, 'Asia/Tokyo', '2026-12-05'],
    ['and Friday 11:00 in New York', DUE_FRI, 'America/New_York', '2026-12-04'],
  ] as const)('%s', (_, dueAt, zone, expected) => {
    expect(dueLocalDate(dueAt, zone)).toBe(expected);
  });
});

type ReasonRow = [
  name: string,
  task: Partial<CheckinTaskFacts>,
  owner: Partial<PromptPrefs>,
  localDate: string,
  expected: CheckinReason | null,
];

const reasonRows: ReasonRow[] = [
  // Each cadence on each weekday, Berlin owner Mon–Fri.
  ['daily Monday', { cadence: 'daily' }, {}, '2026-11-30', 'cadence'],
  ['daily Tuesday', { cadence: 'daily' }, {}, '2026-12-01', 'cadence'],
  ['daily Wednesday', { cadence: 'daily' }, {}, '2026-12-02', 'cadence'],
  ['daily Thursday', { cadence: 'daily' }, {}, '2026-12-03', 'cadence'],
  ['daily Friday', { cadence: 'daily' }, {}, '2026-12-04', 'cadence'],
  ['daily Saturday (not a working day)', { cadence: 'daily' }, {}, '2026-12-05', null],
  ['mwf Monday', { cadence: 'mwf' }, {}, '2026-11-30', 'cadence'],
  ['mwf Tuesday', { cadence: 'mwf' }, {}, '2026-12-01', null],
  ['mwf Wednesday', { cadence: 'mwf' }, {}, '2026-12-02', 'cadence'],
  ['mwf Thursday', { cadence: 'mwf' }, {}, '2026-12-03', null],
  ['mwf Friday', { cadence: 'mwf' }, {}, '2026-12-04', 'cadence'],
  ['weekly Monday', { cadence: 'weekly' }, {}, '2026-11-30', 'cadence'],
  ['weekly Tuesday', { cadence: 'weekly' }, {}, '2026-12-01', null],
  ['weekly Wednesday', { cadence: 'weekly' }, {}, '2026-12-02', null],
  ['weekly Thursday', { cadence: 'weekly' }, {}, '2026-12-03', null],
  ['weekly Friday', { cadence: 'weekly' }, {}, '2026-12-04', null],
  ['none Monday', { cadence: 'none' }, {}, '2026-11-30', null],
  // Other working weeks.
  ['weekly, Tue–Sat owner: Monday is off', { cadence: 'weekly' }, { workingDays: TUE_SAT }, '2026-11-30', null],
  [
    'weekly, Tue–Sat owner: Tuesday is the first',
    { cadence: 'weekly' },
    { workingDays: TUE_SAT },
    '2026-12-01',
    'cadence',
  ],
  ['weekly, Tue–Sat owner: not Wednesday', { cadence: 'weekly' }, { workingDays: TUE_SAT }, '2026-12-02', null],
  ['weekly, Tue–Sat owner: not Saturday', { cadence: 'weekly' }, { workingDays: TUE_SAT }, '2026-12-05', null],
  [
    'weekly, paused through Monday: no catch-up Tuesday',
    { cadence: 'weekly' },
    { pausedUntil: '2026-11-30' },
    '2026-12-01',
    null,
  ],
  [
    'weekly, paused through Monday: Monday is paused',
    { cadence: 'weekly' },
    { pausedUntil: '2026-11-30' },
    '2026-11-30',
    null,
  ],
  [
    'weekly, an old pause changes nothing',
    { cadence: 'weekly' },
    { pausedUntil: '2026-11-20' },
    '2026-11-30',
    'cadence',
  ],
  ['mwf, Sun–Thu owner: Monday', { cadence: 'mwf' }, { workingDays: SUN_THU }, '2026-11-30', 'cadence'],
  ['mwf, Sun–Thu owner: Wednesday', { cadence: 'mwf' }, { workingDays: SUN_THU }, '2026-12-02', 'cadence'],
  ['mwf, Sun–Thu owner: Friday is off', { cadence: 'mwf' }, { workingDays: SUN_THU }, '2026-12-04', null],
  ['mwf, Sun–Thu owner: not Sunday', { cadence: 'mwf' }, { workingDays: SUN_THU }, '2026-12-06', null],
  // Due dates.
  ['due Friday: Wednesday is before_due', { dueAt: DUE_FRI }, {}, '2026-12-02', 'before_due'],
  ['due Friday: not Thursday', { dueAt: DUE_FRI }, {}, '2026-12-03', null],
  ['due Friday: Friday is due_day', { dueAt: DUE_FRI }, {}, '2026-12-04', 'due_day'],
  ['due Friday: not Monday after', { dueAt: DUE_FRI }, {}, '2026-12-07', null],
  ['due Saturday: Friday is due_day', { dueAt: DUE_SAT }, {}, '2026-12-04', 'due_day'],
  ['due Saturday: Wednesday is before_due', { dueAt: DUE_SAT }, {}, '2026-12-02', 'before_due'],
  ['due Saturday: not Thursday', { dueAt: DUE_SAT }, {}, '2026-12-03', null],
  ['due Monday: Thursday before is before_due', { dueAt: DUE_MON }, {}, '2026-12-03', 'before_due'],
  ['due Monday: not Friday before', { dueAt: DUE_MON }, {}, '2026-12-04', null],
  ['due Monday: Monday is due_day', { dueAt: DUE_MON }, {}, '2026-12-07', 'due_day'],
  [
    'Tokyo owner, due Sat 01:00 JST: Friday is due_day',
    { dueAt: DUE_FRI },
    { timeZone: 'Asia/Tokyo' },
    '2026-12-04',
    'due_day',
  ],
  [
    'Tokyo owner, due Sat 01:00 JST: Wednesday is before_due',
    { dueAt: DUE_FRI },
    { timeZone: 'Asia/Tokyo' },
    '2026-12-02',
    'before_due',
  ],
  ['Tokyo owner, due Sat 01:00 JST: not Thursday', { dueAt: DUE_FRI }, { timeZone: 'Asia/Tokyo' }, '2026-12-03', null],
  // Several reasons: the most specific wins.
  ['daily + due Friday: due_day', { cadence: 'daily', dueAt: DUE_FRI }, {}, '2026-12-04', 'due_day'],
  ['daily + due Friday: before_due', { cadence: 'daily', dueAt: DUE_FRI }, {}, '2026-12-02', 'before_due'],
  [
    'weekly + due Wednesday: Monday is before_due',
    { cadence: 'weekly', dueAt: DUE_WED },
    {},
    '2026-11-30',
    'before_due',
  ],
  ['daily + due Friday: Thursday is cadence', { cadence: 'daily', dueAt: DUE_FRI }, {}, '2026-12-03', 'cadence'],
  // No check-ins at all.
  ['paused day', { cadence: 'daily' }, { pausedUntil: '2026-12-02' }, '2026-12-02', null],
  ['paused due day', { dueAt: DUE_FRI }, { pausedUntil: '2026-12-04' }, '2026-12-04', null],
  ['task offered, not accepted', { status: 'offered', cadence: 'daily' }, {}, '2026-12-02', null],
  ['task done', { status: 'done', dueAt: DUE_FRI }, {}, '2026-12-04', null],
  ['no working days', { cadence: 'daily', dueAt: DUE_FRI }, { workingDays: [] }, '2026-12-04', null],
];

describe('checkinReason', () => {
  it.each(reasonRows)('%s', (_, t, o, localDate, expected) => {
    expect(checkinReason(task(t), owner(o), localDate)).toBe(expected);
  });
});

type DecisionRow = [
  name: string,
  task: Partial<CheckinTaskFacts>,
  state: Partial<CheckinState>,
  owner: Partial<PromptPrefs>,
  at: string,
  expected: Omit<CheckinDecision, 'silentWorkingDays'> | null,
];

const decisionRows: DecisionRow[] = [
  // No slot, or nothing to check in on.
  ['Saturday: not a working day', { cadence: 'daily' }, {}, {}, '2026-12-05T08:00Z', null],
  ['Monday 08:59 Berlin: before the prompt time', { cadence: 'daily' }, {}, {}, '2026-11-30T07:59Z', null],
  ['paused through Wednesday', { cadence: 'daily' }, {}, { pausedUntil: '2026-12-02' }, '2026-12-02T08:00Z', null],
  [
    'paused: no escalation either',
    { cadence: 'daily' },
    { awaitingSince: '2026-11-30' },
    { pausedUntil: '2026-12-02' },
    '2026-12-02T08:00Z',
    null,
  ],
  ['task held', { status: 'held', cadence: 'daily' }, {}, {}, '2026-11-30T08:00Z', null],
  ['task done', { status: 'done', cadence: 'daily' }, { awaitingSince: '2026-11-26' }, {}, '2026-11-30T08:00Z', null],
  [
    'no cadence, no due date: a slot with nothing to do',
    {},
    {},
    {},
    '2026-11-30T08:00Z',
    { localDate: '2026-11-30', thread: null, escalate: false, state: QUIET_STATE },
  ],
  // Check-ins.
  [
    'daily, Monday 09:00 Berlin',
    { cadence: 'daily' },
    {},
    {},
    '2026-11-30T08:00Z',
    { localDate: '2026-11-30', thread: 'checkin', escalate: false, state: state({ awaitingSince: '2026-11-30' }) },
  ],
  [
    'a late tick the same day still counts',
    { cadence: 'weekly' },
    {},
    {},
    '2026-11-30T22:59Z',
    { localDate: '2026-11-30', thread: 'checkin', escalate: false, state: state({ awaitingSince: '2026-11-30' }) },
  ],
  [
    'Tokyo owner: Sunday 23:00Z is Monday 08:00 JST',
    { cadence: 'weekly' },
    {},
    { timeZone: 'Asia/Tokyo', promptTime: '08:00' },
    '2026-12-06T23:00Z',
    { localDate: '2026-12-07', thread: 'checkin', escalate: false, state: state({ awaitingSince: '2026-12-07' }) },
  ],
  [
    'Tokyo owner: Monday 23:30Z is Tuesday 08:30 JST, not the weekly day',
    { cadence: 'weekly' },
    {},
    { timeZone: 'Asia/Tokyo', promptTime: '08:00' },
    '2026-12-07T23:30Z',
    {
      localDate: '2026-12-08',
      thread: null,
      escalate: false,
      state: QUIET_STATE,
    },
  ],
  [
    'DST: Monday after spring-forward, 09:00 CEST = 07:00Z',
    { cadence: 'daily' },
    {},
    {},
    '2027-03-29T07:00Z',
    { localDate: '2027-03-29', thread: 'checkin', escalate: false, state: state({ awaitingSince: '2027-03-29' }) },
  ],
  ['DST: 06:59Z is 08:59 CEST, before the prompt', { cadence: 'daily' }, {}, {}, '2027-03-29T06:59Z', null],
  [
    'due Saturday: Friday is the due-day check-in',
    { dueAt: DUE_SAT },
    {},
    {},
    '2026-12-04T08:00Z',
    { localDate: '2026-12-04', thread: 'checkin', escalate: false, state: state({ awaitingSince: '2026-12-04' }) },
  ],
  // Overdue.
  [
    'due Friday, Monday after: overdue ask (also a weekly day: overdue wins)',
    { cadence: 'weekly', dueAt: DUE_FRI },
    {},
    {},
    '2026-12-07T08:00Z',
    {
      localDate: '2026-12-07',
      thread: 'overdue',
      escalate: false,
      state: state({ awaitingSince: '2026-12-07', overdueAskedFor: '2026-12-04' }),
    },
  ],
  [
    'overdue asked already: Tuesday is a plain daily check-in',
    { cadence: 'daily', dueAt: DUE_FRI },
    { overdueAskedFor: '2026-12-04' },
    {},
    '2026-12-08T08:00Z',
    {
      localDate: '2026-12-08',
      thread: 'checkin',
      escalate: false,
      state: state({ awaitingSince: '2026-12-08', overdueAskedFor: '2026-12-04' }),
    },
  ],
  [
    'overdue ask for an older due date does not cover the new one',
    { dueAt: DUE_FRI },
    { overdueAskedFor: '2026-11-27' },
    {},
    '2026-12-07T08:00Z',
    {
      localDate: '2026-12-07',
      thread: 'overdue',
      escalate: false,
      state: state({ awaitingSince: '2026-12-07', overdueAskedFor: '2026-12-04' }),
    },
  ],
  [
    'owner paused through Monday: overdue ask on Tuesday',
    { dueAt: DUE_FRI },
    {},
    { pausedUntil: '2026-12-07' },
    '2026-12-08T08:00Z',
    {
      localDate: '2026-12-08',
      thread: 'overdue',
      escalate: false,
      state: state({ awaitingSince: '2026-12-08', overdueAskedFor: '2026-12-04' }),
    },
  ],
  [
    'overdue ask during a silence counts as the reminder',
    { dueAt: DUE_FRI },
    { awaitingSince: '2026-12-04' },
    {},
    '2026-12-07T08:00Z',
    {
      localDate: '2026-12-07',
      thread: 'overdue',
      escalate: false,
      state: state({ awaitingSince: '2026-12-04', reminded: true, overdueAskedFor: '2026-12-04' }),
    },
  ],
  [
    'overdue outranks the reminder (and counts as it)',
    { dueAt: DUE_MON },
    { awaitingSince: '2026-12-07' },
    {},
    '2026-12-08T08:00Z',
    {
      localDate: '2026-12-08',
      thread: 'overdue',
      escalate: false,
      state: state({ awaitingSince: '2026-12-07', reminded: true, overdueAskedFor: '2026-12-07' }),
    },
  ],
  [
    'a missed overdue day is caught up; escalation is independent of it',
    { dueAt: DUE_MON },
    { awaitingSince: '2026-12-07' },
    {},
    '2026-12-09T08:00Z',
    {
      localDate: '2026-12-09',
      thread: 'overdue',
      escalate: true,
      state: state({ awaitingSince: '2026-12-07', reminded: true, escalated: true, overdueAskedFor: '2026-12-07' }),
    },
  ],
  // Silence, from stored state.
  [
    'one working day of silence: reminder',
    { cadence: 'weekly' },
    { awaitingSince: '2026-11-30' },
    {},
    '2026-12-01T08:00Z',
    {
      localDate: '2026-12-01',
      thread: 'reminder',
      escalate: false,
      state: state({ awaitingSince: '2026-11-30', reminded: true }),
    },
  ],
  [
    'silence over a weekend: Friday → Monday is one working day',
    { cadence: 'none' },
    { awaitingSince: '2026-12-04' },
    {},
    '2026-12-07T08:00Z',
    {
      localDate: '2026-12-07',
      thread: 'reminder',
      escalate: false,
      state: state({ awaitingSince: '2026-12-04', reminded: true }),
    },
  ],
  [
    'two working days without a reminder sent: escalate, no late reminder',
    { cadence: 'weekly' },
    { awaitingSince: '2026-11-30' },
    {},
    '2026-12-02T08:00Z',
    {
      localDate: '2026-12-02',
      thread: null,
      escalate: true,
      state: state({ awaitingSince: '2026-11-30', escalated: true }),
    },
  ],
  [
    'escalated already: nothing more',
    { cadence: 'weekly' },
    { awaitingSince: '2026-11-30', reminded: true, escalated: true },
    {},
    '2026-12-03T08:00Z',
    {
      localDate: '2026-12-03',
      thread: null,
      escalate: false,
      state: state({ awaitingSince: '2026-11-30', reminded: true, escalated: true }),
    },
  ],
  [
    'paused days are not silence: Monday check-in, paused Tue–Wed, Thursday reminder',
    { cadence: 'weekly' },
    { awaitingSince: '2026-11-30' },
    { pausedUntil: '2026-12-02' },
    '2026-12-03T08:00Z',
    {
      localDate: '2026-12-03',
      thread: 'reminder',
      escalate: false,
      state: state({ awaitingSince: '2026-11-30', reminded: true }),
    },
  ],
  [
    'paused days are not silence: Friday escalates',
    { cadence: 'weekly' },
    { awaitingSince: '2026-11-30', reminded: true },
    { pausedUntil: '2026-12-02' },
    '2026-12-04T08:00Z',
    {
      localDate: '2026-12-04',
      thread: null,
      escalate: true,
      state: state({ awaitingSince: '2026-11-30', reminded: true, escalated: true }),
    },
  ],
  [
    'a tick before the silence began (replayed --at): nothing',
    { cadence: 'weekly' },
    { awaitingSince: '2026-12-07' },
    {},
    '2026-11-30T08:00Z',
    { localDate: '2026-11-30', thread: null, escalate: false, state: state({ awaitingSince: '2026-12-07' }) },
  ],
];

describe('checkinDecision', () => {
  it.each(decisionRows)('%s', (_, t, s, o, at, expected) => {
    const decision = checkinDecision(task(t), state(s), owner(o), new Date(at));
    if (decision === null) expect(expected).toBeNull();
    else {
      const { silentWorkingDays: _silent, ...rest } = decision;
      expect(rest).toEqual(expected);
    }
  });

  // Silence is counted in the owner's working days between local dates, whatever the zone's offset.
  it.each([
    ['Berlin, Friday to Tuesday', 'Europe/Berlin', '2026-12-04', '2026-12-08T08:00Z', 2],
    ['Auckland, Friday to Tuesday', 'Pacific/Auckland', '2027-03-12', '2027-03-15T20:00Z', 2],
    ['Auckland, Wednesday to Friday', 'Pacific/Auckland', '2027-03-10', '2027-03-11T20:00Z', 2],
    ['Kiritimati (+14), Monday to Wednesday', 'Pacific/Kiritimati', '2026-11-30', '2026-12-01T19:00Z', 2],
    ['Honolulu, Thursday to Monday', 'Pacific/Honolulu', '2026-12-03', '2026-12-07T19:00Z', 2],
  ])('silentWorkingDays: %s', (_, timeZone, since, at, days) => {
    const decision = checkinDecision(
      task({ cadence: 'none' }),
      state({ awaitingSince: since }),
      owner({ timeZone }),
      new Date(at),
    );
    expect(decision?.silentWorkingDays).toBe(days);
  });
});

/** One working day: the tick at `at` with the state carried over, or an answer (then no tick). */
type Step = [
  at: string | 'answer',
  thread: CheckinDecision['thread'] | 'no slot',
  escalate: boolean,
  after: CheckinState,
];

function runDays(t: CheckinTaskFacts, o: PromptPrefs, steps: Step[]): void {
  let s: CheckinState = QUIET_STATE;
  for (const [at, thread, escalate, after] of steps) {
    if (at === 'answer') {
      s = afterAnswer(s);
    } else {
      const d = checkinDecision(t, s, o, new Date(at));
      expect([at, d === null ? 'no slot' : d.thread, d?.escalate ?? false]).toEqual([at, thread, escalate]);
      if (d) s = d.state;
    }
    expect(s).toEqual(after);
  }
}

describe('silence over several days', () => {
  it('weekly: check-in, reminder, escalation once, a new check-in, an answer resets', () => {
    runDays(task({ cadence: 'weekly' }), owner(), [
      ['2026-11-30T08:00Z', 'checkin', false, state({ awaitingSince: '2026-11-30' })],
      ['2026-12-01T08:00Z', 'reminder', false, state({ awaitingSince: '2026-11-30', reminded: true })],
      ['2026-12-02T08:00Z', null, true, state({ awaitingSince: '2026-11-30', reminded: true, escalated: true })],
      ['2026-12-03T08:00Z', null, false, state({ awaitingSince: '2026-11-30', reminded: true, escalated: true })],
      ['2026-12-05T08:00Z', 'no slot', false, state({ awaitingSince: '2026-11-30', reminded: true, escalated: true })],
      ['2026-12-07T08:00Z', 'checkin', false, state({ awaitingSince: '2026-11-30', reminded: true, escalated: true })],
      ['answer', null, false, QUIET_STATE],
      ['2026-12-08T08:00Z', null, false, QUIET_STATE],
      ['2026-12-14T08:00Z', 'checkin', false, state({ awaitingSince: '2026-12-14' })],
    ]);
  });

  it('daily: the day-2 check-in is the reminder; day 3 escalates and checks in', () => {
    runDays(task({ cadence: 'daily' }), owner(), [
      ['2026-11-30T08:00Z', 'checkin', false, state({ awaitingSince: '2026-11-30' })],
      ['2026-12-01T08:00Z', 'checkin', false, state({ awaitingSince: '2026-11-30', reminded: true })],
      ['2026-12-02T08:00Z', 'checkin', true, state({ awaitingSince: '2026-11-30', reminded: true, escalated: true })],
      ['2026-12-03T08:00Z', 'checkin', false, state({ awaitingSince: '2026-11-30', reminded: true, escalated: true })],
      ['answer', null, false, QUIET_STATE],
      ['2026-12-04T08:00Z', 'checkin', false, state({ awaitingSince: '2026-12-04' })],
    ]);
  });

  it('due Friday: before_due Wednesday, answered; due day Friday, silent; overdue Monday is the reminder; Tuesday escalates', () => {
    runDays(task({ dueAt: DUE_FRI }), owner(), [
      ['2026-12-02T08:00Z', 'checkin', false, state({ awaitingSince: '2026-12-02' })],
      ['answer', null, false, QUIET_STATE],
      ['2026-12-03T08:00Z', null, false, QUIET_STATE],
      ['2026-12-04T08:00Z', 'checkin', false, state({ awaitingSince: '2026-12-04' })],
      [
        '2026-12-07T08:00Z',
        'overdue',
        false,
        state({ awaitingSince: '2026-12-04', reminded: true, overdueAskedFor: '2026-12-04' }),
      ],
      [
        '2026-12-08T08:00Z',
        null,
        true,
        state({ awaitingSince: '2026-12-04', reminded: true, escalated: true, overdueAskedFor: '2026-12-04' }),
      ],
      ['answer', null, false, state({ overdueAskedFor: '2026-12-04' })],
      ['2026-12-09T08:00Z', null, false, state({ overdueAskedFor: '2026-12-04' })],
    ]);
  });

  // Same day, called again with the returned state: what the second call yields.
  it.each([
    ['check-in starting a silence → nothing', { cadence: 'daily' }, {}, '2026-11-30T08:00Z', null],
    ['overdue ask → nothing', { cadence: 'weekly', dueAt: DUE_FRI }, {}, '2026-12-07T08:00Z', null],
    ['reminder → nothing', { cadence: 'weekly' }, { awaitingSince: '2026-11-30' }, '2026-12-01T08:00Z', null],
    [
      'escalation → nothing',
      { cadence: 'weekly' },
      { awaitingSince: '2026-11-30', reminded: true },
      '2026-12-02T08:00Z',
      null,
    ],
    [
      'check-in during an older silence → check-in again (the delivery key dedupes)',
      { cadence: 'daily' },
      { awaitingSince: '2026-11-26' },
      '2026-11-30T08:00Z',
      'checkin',
    ],
  ] as [string, Partial<CheckinTaskFacts>, Partial<CheckinState>, string, CheckinDecision['thread']][])(
    'same day again: %s',
    (_, t, s, at, expectedThread) => {
      const first = checkinDecision(task(t), state(s), owner(), new Date(at));
      const again = checkinDecision(task(t), first?.state ?? state(s), owner(), new Date(at));
      expect(again).toMatchObject({
        localDate: first?.localDate,
        thread: expectedThread,
        escalate: false,
        state: first?.state,
      });
    },
  );
});

describe('afterAnswer', () => {
  it.each([
    ['quiet stays quiet', QUIET_STATE, QUIET_STATE],
    [
      'ends the silence, keeps the overdue ask',
      state({ awaitingSince: '2026-11-30', reminded: true, escalated: true, overdueAskedFor: '2026-11-27' }),
      state({ overdueAskedFor: '2026-11-27' }),
    ],
  ] as const)('%s', (_, before, expected) => {
    expect(afterAnswer(before)).toEqual(expected);
  });
});

describe('nextCheckinAt', () => {
  it.each([
    ['Friday 10:00 Berlin → Monday 09:00', {}, {}, '2026-12-04T09:00Z', '2026-12-07T08:00Z'],
    ['exactly at the slot → the next working day', {}, {}, '2026-11-30T08:00Z', '2026-12-01T08:00Z'],
    ['Friday before the DST change → Monday 09:00 CEST', {}, {}, '2027-03-26T09:00Z', '2027-03-29T07:00Z'],
    ['paused through Tuesday → Wednesday', {}, { pausedUntil: '2026-12-01' }, '2026-11-30T09:00Z', '2026-12-02T08:00Z'],
    [
      'Tokyo 08:00 → 23:00Z the day before',
      {},
      { timeZone: 'Asia/Tokyo', promptTime: '08:00' },
      '2026-12-04T00:00Z',
      '2026-12-06T23:00Z',
    ],
    ['task done → null', { status: 'done' }, {}, '2026-11-30T09:00Z', null],
    ['task offered → null', { status: 'offered' }, {}, '2026-11-30T09:00Z', null],
  ] as [string, Partial<CheckinTaskFacts>, Partial<PromptPrefs>, string, string | null][])(
    '%s',
    (_, t, o, after, expected) => {
      expect(nextCheckinAt(task(t), owner(o), new Date(after))?.toISOString() ?? null).toBe(
        expected === null ? null : new Date(expected).toISOString(),
      );
    },
  );
});
