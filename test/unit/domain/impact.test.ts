import { describe, expect, it } from 'vitest';
import { IMPACT_EVENT_KINDS, leadImpact, SINGLE_POINT_MIN_TASKS } from '../../../src/domain/impact';
import type { TaskHistory } from '../../../src/domain/impact-history';
import {
  ANA,
  accept,
  BEN,
  CAT,
  checkinAnswer,
  DAN,
  done,
  drop,
  escalate,
  handBack,
  keep,
  LEAD,
  lead,
  moveDue,
  OTHER_LEAD,
  offer,
  reassign,
  reopen,
  type Step,
  snooze,
  takeBack,
  task,
} from './impact-fixtures';

// Thursday 3 December 2026, 11:00 in Berlin (CET, +1). Seven local days back: 2026-11-26T10:00Z;
// fourteen: 2026-11-19T10:00Z; thirty: 2026-11-03T10:00Z; sixty: 2026-10-04T09:00Z (CEST then).
const NOW = new Date('2026-12-03T10:00:00Z');
const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const impact = (tasks: TaskHistory[], people: Parameters<typeof lead>[1] = [], now = NOW, timeZone = ZONE) =>
  leadImpact(lead(tasks, people), { now, timeZone });

/** A task captured a week before it was finished by `by`, after being offered to and accepted by Ana. */
const finishedAt = (at: string, by = ANA) => {
  const captured = new Date(new Date(at).getTime() - 7 * DAY).toISOString();
  return task(captured, [offer(captured, ANA), accept(captured, ANA), done(at, by)]);
};

describe('finished by the team: last 7 and 30 days, and the period before', () => {
  type Row = [name: string, tasks: () => TaskHistory[], last7: [number, number], last30: [number, number]];
  const rows: Row[] = [
    ['nothing', () => [], [0, 0], [0, 0]],
    ['finished by the owner two days ago', () => [finishedAt('2026-12-01T10:00Z')], [1, 0], [1, 0]],
    ['finished by the lead: not the team', () => [finishedAt('2026-12-01T10:00Z', LEAD)], [0, 0], [0, 0]],
    ['ten days ago: the week before', () => [finishedAt('2026-11-23T10:00Z')], [0, 1], [1, 0]],
    ['forty days ago: the 30 days before', () => [finishedAt('2026-10-24T10:00Z')], [0, 0], [0, 1]],
    ['seventy days ago: nowhere', () => [finishedAt('2026-09-24T10:00Z')], [0, 0], [0, 0]],
    [
      'exactly 7 days ago: the week before (periods are (start, end])',
      () => [finishedAt('2026-11-26T10:00Z')],
      [0, 1],
      [1, 0],
    ],
    ['a millisecond later: this week', () => [finishedAt('2026-11-26T10:00:00.001Z')], [1, 0], [1, 0]],
    ['at now: this week', () => [finishedAt('2026-12-03T10:00Z')], [1, 0], [1, 0]],
    ['after now: not yet', () => [finishedAt('2026-12-03T10:00:00.001Z')], [0, 0], [0, 0]],
    [
      'finished, reopened, finished again: once, at the last finish',
      () => [
        task('2026-11-10T09:00Z', [
          offer('2026-11-10T09:00Z', ANA),
          done('2026-11-20T09:00Z', ANA),
          reopen('2026-11-27T09:00Z'),
          offer('2026-11-27T10:00Z', BEN),
          done('2026-12-02T09:00Z', BEN, 'offered'),
        ]),
      ],
      [1, 0],
      [1, 0],
    ],
    [
      'finished, reopened, still open: not finished',
      () => [
        task('2026-11-10T09:00Z', [
          offer('2026-11-10T09:00Z', ANA),
          done('2026-11-30T09:00Z', ANA),
          reopen('2026-12-01T09:00Z'),
        ]),
      ],
      [0, 0],
      [0, 0],
    ],
    [
      'finished by the team, reopened, finished by the lead: the lead',
      () => [
        task('2026-11-10T09:00Z', [
          offer('2026-11-10T09:00Z', ANA),
          done('2026-11-20T09:00Z', ANA),
          reopen('2026-11-21T09:00Z'),
          done('2026-12-01T09:00Z', LEAD, 'held'),
        ]),
      ],
      [0, 0],
      [0, 0],
    ],
    [
      'finished, reopened, dropped: not finished',
      () => [
        task('2026-11-10T09:00Z', [
          offer('2026-11-10T09:00Z', ANA),
          done('2026-11-29T09:00Z', ANA),
          reopen('2026-11-30T09:00Z'),
          drop('2026-12-01T09:00Z'),
        ]),
      ],
      [0, 0],
      [0, 0],
    ],
    [
      'reassigned, finished by the new owner',
      () => [
        task('2026-11-20T09:00Z', [
          offer('2026-11-20T09:00Z', ANA),
          reassign('2026-11-25T09:00Z', ANA, BEN),
          done('2026-12-02T09:00Z', BEN, 'offered'),
        ]),
      ],
      [1, 0],
      [1, 0],
    ],
    [
      'handed back, finished by the lead',
      () => [
        task('2026-11-20T09:00Z', [
          offer('2026-11-20T09:00Z', ANA),
          handBack('2026-11-25T09:00Z', ANA, 'busy'),
          done('2026-12-02T09:00Z', LEAD, 'held'),
        ]),
      ],
      [0, 0],
      [0, 0],
    ],
    [
      'captured by another lead: not this lead’s',
      () => [{ ...finishedAt('2026-12-01T10:00Z'), leadId: OTHER_LEAD }],
      [0, 0],
      [0, 0],
    ],
    [
      'three this week, one the week before',
      () => [
        finishedAt('2026-12-01T10:00Z'),
        finishedAt('2026-12-02T10:00Z', BEN),
        finishedAt('2026-11-27T10:00Z', CAT),
        finishedAt('2026-11-20T10:00Z'),
      ],
      [3, 1],
      [4, 0],
    ],
  ];

  it.each(rows)('%s', (_, tasks, [c7, p7], [c30, p30]) => {
    const { last7Days, last30Days } = impact(tasks()).finishedByTeam;
    expect(last7Days).toEqual({ count: c7, previous: p7, change: c7 - p7 });
    expect(last30Days).toEqual({ count: c30, previous: p30, change: c30 - p30 });
  });

  it('a deactivated finisher still counts: the work was done', () => {
    expect(
      impact([finishedAt('2026-12-01T10:00Z')], [{ id: ANA, isDeleted: true }]).finishedByTeam.last7Days.count,
    ).toBe(1);
  });

  it('days are local: across the October DST change, 7 days back is the same wall-clock time', () => {
    // Thursday 29 Oct 2026 11:00 CET = 10:00Z; seven local days back is Thursday 22 Oct 11:00 CEST = 09:00Z.
    const now = new Date('2026-10-29T10:00:00Z');
    const inside = finishedAt('2026-10-22T09:30Z');
    const boundary = finishedAt('2026-10-22T09:00Z');
    expect(impact([inside, boundary], [], now).finishedByTeam.last7Days).toEqual({ count: 1, previous: 1, change: 0 });
  });
});

describe('still held by the lead', () => {
  it.each([
    ['captured, nothing else: held', [], true],
    ['snoozed: still held', [snooze('2026-11-02T10:00Z', '2026-12-10')], true],
    ['kept ("only I can do this"): still held', [keep('2026-11-02T10:00Z', '2026-12-10')], true],
    ['offered: not held', [offer('2026-11-02T10:00Z', ANA)], false],
    ['handed back: held again', [offer('2026-11-02T10:00Z', ANA), handBack('2026-11-03T10:00Z', ANA, 'busy')], true],
    ['taken back: held again', [offer('2026-11-02T10:00Z', ANA), takeBack('2026-11-03T10:00Z', ANA)], true],
    ['done: not held', [done('2026-11-03T10:00Z', LEAD, 'held')], false],
    ['dropped: not held', [drop('2026-11-03T10:00Z')], false],
    [
      'done, reopened: held again',
      [offer('2026-11-02T10:00Z', ANA), done('2026-11-03T10:00Z', ANA), reopen('2026-11-04T10:00Z')],
      true,
    ],
    ['dropped, reopened: held again', [drop('2026-11-03T10:00Z'), reopen('2026-11-04T10:00Z', 'dropped')], true],
    ['an escalation changes nothing', [offer('2026-11-02T10:00Z', ANA), escalate('2026-11-10T10:00Z', ANA)], false],
  ] as const)('%s', (_, steps, held) => {
    expect(impact([task('2026-11-02T09:00Z', [...steps])]).held.count).toBe(held ? 1 : 0);
  });

  it('counts them, oldest first, with the age of the oldest from its capture', () => {
    const old = task('2026-10-01T09:00Z', [
      offer('2026-10-02T09:00Z', ANA),
      handBack('2026-12-01T09:00Z', ANA, 'busy'),
    ]);
    const young = task('2026-11-30T09:00Z');
    const gone = task('2026-09-01T09:00Z', [drop('2026-09-02T09:00Z')]);
    const { held } = impact([young, gone, old]);
    expect(held.count).toBe(2);
    expect(held.taskIds).toEqual([old.id, young.id]);
    expect(held.oldestCapturedAt).toEqual(new Date('2026-10-01T09:00Z'));
    expect(held.oldestAgeMs).toBe(NOW.getTime() - Date.parse('2026-10-01T09:00Z'));
  });

  it('nothing held: no oldest', () => {
    const { held } = impact([task('2026-11-02T09:00Z', [offer('2026-11-02T09:00Z', ANA)])]);
    expect(held).toMatchObject({ count: 0, taskIds: [], oldestCapturedAt: null, oldestAgeMs: null });
  });
});

describe('held trend: the count at the end of each of the last 8 local weeks', () => {
  it('names the weeks and counts at their end, the current week at now', () => {
    const tasks = [
      // Held from W42 through W45, then handed off.
      task('2026-10-14T09:00Z', [offer('2026-11-03T09:00Z', ANA)]),
      // Held from W44 on.
      task('2026-10-28T09:00Z'),
      // Held in W46 only (done in W47).
      task('2026-11-10T09:00Z', [done('2026-11-17T09:00Z', LEAD, 'held')]),
      // Captured this week.
      task('2026-12-01T09:00Z'),
    ];
    const weekly = impact(tasks).held.weekly;
    expect(weekly.map((w) => [w.weekKey, w.held])).toEqual([
      ['2026-W42', 1],
      ['2026-W43', 1],
      ['2026-W44', 2],
      ['2026-W45', 1],
      ['2026-W46', 2],
      ['2026-W47', 1],
      ['2026-W48', 1],
      ['2026-W49', 2],
    ]);
    // W48 ends Sunday 29 Nov 23:59:59.999 in Berlin.
    expect(weekly[6]?.at.toISOString()).toBe('2026-11-29T22:59:59.999Z');
    expect(weekly[7]?.at).toEqual(NOW);
  });

  type Row = [name: string, zone: string, captured: string, handedOff: string, now: string, lastWeek: [string, number]];
  // A task captured late on a Sunday and handed off a little later: held at the end of that week
  // only if the hand-off came after the lead's local midnight.
  const rows: Row[] = [
    [
      'Berlin: handed off Monday 00:30 local (Sunday 23:30Z): held at the end of the week',
      'Europe/Berlin',
      '2026-11-29T22:00Z',
      '2026-11-29T23:30Z',
      '2026-12-03T10:00Z',
      ['2026-W48', 1],
    ],
    [
      'Berlin: handed off Sunday 23:30 local: not held',
      'Europe/Berlin',
      '2026-11-29T21:00Z',
      '2026-11-29T22:30Z',
      '2026-12-03T10:00Z',
      ['2026-W48', 0],
    ],
    [
      'New York: handed off Sunday 22:00 local (Monday 03:00Z): not held',
      'America/New_York',
      '2026-11-30T01:00Z',
      '2026-11-30T03:00Z',
      '2026-12-03T15:00Z',
      ['2026-W48', 0],
    ],
    [
      'New York: handed off Monday 00:30 local (05:30Z): held',
      'America/New_York',
      '2026-11-30T01:00Z',
      '2026-11-30T05:30Z',
      '2026-12-03T15:00Z',
      ['2026-W48', 1],
    ],
    [
      'Auckland: week ends Sunday 11:00Z; handed off Monday 00:30 NZDT (Sunday 11:30Z): held',
      'Pacific/Auckland',
      '2026-11-29T09:00Z',
      '2026-11-29T11:30Z',
      '2026-12-03T01:00Z',
      ['2026-W48', 1],
    ],
    [
      'Auckland: handed off Sunday 23:30 NZDT (10:30Z): not held',
      'Pacific/Auckland',
      '2026-11-29T09:00Z',
      '2026-11-29T10:30Z',
      '2026-12-03T01:00Z',
      ['2026-W48', 0],
    ],
    [
      'Kolkata (+5:30): handed off Monday 00:10 IST (Sunday 18:40Z): held',
      'Asia/Kolkata',
      '2026-11-29T12:00Z',
      '2026-11-29T18:40Z',
      '2026-12-03T06:00Z',
      ['2026-W48', 1],
    ],
    [
      'Berlin across the October DST change: W43 ends Sunday 25 Oct 23:00Z (CET)',
      'Europe/Berlin',
      '2026-10-25T20:00Z',
      '2026-10-25T23:30Z',
      '2026-10-29T10:00Z',
      ['2026-W43', 1],
    ],
    [
      'Berlin: handed off 22:30Z on 25 Oct (23:30 CET Sunday): not held',
      'Europe/Berlin',
      '2026-10-25T20:00Z',
      '2026-10-25T22:30Z',
      '2026-10-29T10:00Z',
      ['2026-W43', 0],
    ],
  ];
  it.each(rows)('%s', (_, zone, captured, handedOff, now, [weekKey, held]) => {
    const weekly = impact([task(captured, [offer(handedOff, ANA)])], [], new Date(now), zone).held.weekly;
    expect(weekly).toHaveLength(8);
    expect(weekly[6]).toMatchObject({ weekKey, held });
    expect(weekly[7]?.held).toBe(0);
  });

  it('a year boundary: ISO weeks of 2026 end with W53, then 2027-W01', () => {
    const weekly = impact([], [], new Date('2027-01-06T10:00Z')).held.weekly;
    expect(weekly.map((w) => w.weekKey)).toEqual([
      '2026-W47',
      '2026-W48',
      '2026-W49',
      '2026-W50',
      '2026-W51',
      '2026-W52',
      '2026-W53',
      '2027-W01',
    ]);
  });
});

describe('delegation: share finished by others, median capture → accepted owner', () => {
  it('counts the finishes of the last 30 days by finisher', () => {
    const tasks = [
      finishedAt('2026-12-01T10:00Z'),
      finishedAt('2026-11-20T10:00Z', BEN),
      finishedAt('2026-11-10T10:00Z', LEAD),
      finishedAt('2026-11-01T10:00Z'), // before the 30 days
      task('2026-11-20T09:00Z', [done('2026-11-21T09:00Z', LEAD, 'held')]),
    ];
    expect(impact(tasks).delegation).toMatchObject({ finished: 4, finishedByTeam: 2, rate: 0.5 });
  });

  it('nothing finished: no rate', () => {
    expect(impact([task('2026-11-20T09:00Z')]).delegation).toMatchObject({ finished: 0, rate: null });
  });

  it.each([
    ['no acceptances', [], 0, null],
    [
      'one: capture to accept',
      [task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', ANA), accept('2026-11-20T15:00Z', ANA)])],
      1,
      6 * HOUR,
    ],
    [
      'odd count: the middle one',
      [
        task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', ANA), accept('2026-11-20T10:00Z', ANA)]),
        task('2026-11-20T09:00Z', [offer('2026-11-21T09:00Z', ANA), accept('2026-11-23T09:00Z', ANA)]),
        task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', BEN), accept('2026-11-20T12:00Z', BEN)]),
      ],
      3,
      3 * HOUR,
    ],
    [
      'even count: the mean of the middle two',
      [
        task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', ANA), accept('2026-11-20T10:00Z', ANA)]),
        task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', ANA), accept('2026-11-20T12:00Z', ANA)]),
      ],
      2,
      2 * HOUR,
    ],
    [
      'handed back and accepted by someone else: capture to the first accept',
      [
        task('2026-11-20T09:00Z', [
          offer('2026-11-20T09:00Z', ANA),
          handBack('2026-11-21T09:00Z', ANA, 'busy'),
          offer('2026-11-22T09:00Z', BEN),
          accept('2026-11-24T09:00Z', BEN),
          reassign('2026-11-25T09:00Z', BEN, CAT),
          accept('2026-11-26T09:00Z', CAT),
        ]),
      ],
      1,
      4 * DAY,
    ],
    [
      'finished by the owner without accepting',
      [task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', ANA), done('2026-11-21T09:00Z', ANA, 'offered')])],
      1,
      DAY,
    ],
    [
      'accepted before the 30 days: not counted',
      [task('2026-10-20T09:00Z', [offer('2026-10-20T09:00Z', ANA), accept('2026-10-21T09:00Z', ANA)])],
      0,
      null,
    ],
    [
      'held a long time, then accepted recently: the whole wait',
      [task('2026-10-03T09:00Z', [offer('2026-11-30T09:00Z', ANA), accept('2026-12-02T09:00Z', ANA)])],
      1,
      Date.parse('2026-12-02T09:00Z') - Date.parse('2026-10-03T09:00Z'),
    ],
  ] as const)('%s', (_, tasks, accepted, median) => {
    expect(impact([...tasks]).delegation).toMatchObject({ accepted, medianToAcceptedMs: median });
  });
});

describe('load per owner', () => {
  const openFor = (owner: string, status: 'offered' | 'accepted' = 'accepted', dueAt?: string) =>
    task(
      '2026-11-20T09:00Z',
      status === 'accepted'
        ? [offer('2026-11-20T09:00Z', owner), accept('2026-11-21T09:00Z', owner)]
        : [offer('2026-11-20T09:00Z', owner)],
      {
        dueAt: dueAt ?? null,
      },
    );

  it('counts open delegated tasks per owner, offered and accepted, most first', () => {
    const tasks = [
      openFor(BEN),
      openFor(ANA, 'offered'),
      openFor(ANA),
      openFor(ANA, 'accepted', '2026-12-01T17:00Z'),
      openFor(CAT, 'accepted', '2026-12-10T17:00Z'),
      task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', CAT), done('2026-11-22T09:00Z', CAT, 'offered')]),
      task('2026-11-20T09:00Z'),
    ];
    const { load } = impact(tasks);
    expect(load.owners.map((o) => [o.ownerId, o.open, o.overdue])).toEqual([
      [ANA, 3, 1],
      [BEN, 1, 0],
      [CAT, 1, 0],
    ]);
    expect(load.owners[0]?.taskIds).toEqual([tasks[1]?.id, tasks[2]?.id, tasks[3]?.id]);
    expect(load.totalOpen).toBe(5);
    expect(load.singlePointsOfFailure).toEqual([ANA]);
    expect(load.stranded).toEqual([]);
  });

  type Row = [name: string, owners: string[], spof: string[]];
  it.each<Row>([
    ['one task: too few to call anyone a single point of failure', [ANA], []],
    [`${SINGLE_POINT_MIN_TASKS - 1} tasks, all with Ana: too few`, Array(SINGLE_POINT_MIN_TASKS - 1).fill(ANA), []],
    ['4 tasks, 2 with Ana: over a third', [ANA, ANA, BEN, CAT], [ANA]],
    ['6 tasks, 2 each: exactly a third is not over', [ANA, ANA, BEN, BEN, CAT, CAT], []],
    ['4 tasks, 2 and 2: both', [ANA, ANA, BEN, BEN], [ANA, BEN]],
    ['9 tasks, 4 with Ben: over a third', [BEN, BEN, BEN, BEN, ANA, ANA, CAT, CAT, DAN], [BEN]],
  ])('%s', (_, owners, spof) => {
    expect(impact(owners.map((o) => openFor(o))).load.singlePointsOfFailure).toEqual(spof);
  });

  it('reassignment moves the load; a hand-back or a finish ends it', () => {
    const tasks = [
      task('2026-11-20T09:00Z', [
        offer('2026-11-20T09:00Z', ANA),
        accept('2026-11-21T09:00Z', ANA),
        reassign('2026-11-25T09:00Z', ANA, BEN),
      ]),
      task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', ANA), handBack('2026-11-21T09:00Z', ANA, 'busy')]),
      task('2026-11-20T09:00Z', [
        offer('2026-11-20T09:00Z', ANA),
        done('2026-11-21T09:00Z', ANA, 'offered'),
        reopen('2026-11-22T09:00Z'),
      ]),
    ];
    expect(impact(tasks).load.owners.map((o) => [o.ownerId, o.open])).toEqual([[BEN, 1]]);
  });

  it('a deactivated owner’s open tasks are stranded, not load, and not in the share', () => {
    const tasks = [
      openFor(ANA),
      openFor(ANA),
      openFor(ANA),
      openFor(BEN),
      openFor(BEN),
      openFor(CAT),
      openFor(DAN),
      openFor(DAN),
    ];
    const { load } = impact(tasks, [
      { id: ANA, isDeleted: true },
      { id: BEN, isDeleted: false },
      { id: DAN, isDeleted: true },
    ]);
    expect(load.owners.map((o) => [o.ownerId, o.open])).toEqual([
      [BEN, 2],
      [CAT, 1],
    ]);
    expect(load.totalOpen).toBe(3);
    expect(load.singlePointsOfFailure).toEqual([]);
    expect(load.stranded).toEqual([
      { ownerId: ANA, taskIds: [tasks[0]?.id, tasks[1]?.id, tasks[2]?.id] },
      { ownerId: DAN, taskIds: [tasks[6]?.id, tasks[7]?.id] },
    ]);
  });
});

describe('follow-through', () => {
  const delegated = (checkins: Array<[string, string | null]>, steps = [accept('2026-11-02T10:00Z', ANA)]) =>
    task('2026-11-02T09:00Z', [offer('2026-11-02T09:00Z', ANA), ...steps], { checkins });

  it.each([
    ['no check-ins', [], [0, 0, null]],
    ['answered', [['2026-12-01T08:00Z', '2026-12-01T12:00Z']], [1, 1, 1]],
    ['unanswered for two days', [['2026-12-01T08:00Z', null]], [1, 0, 0]],
    ['unanswered, asked 3 hours ago: pending, not counted', [['2026-12-03T07:00Z', null]], [0, 0, null]],
    ['answered, asked 3 hours ago', [['2026-12-03T07:00Z', '2026-12-03T08:00Z']], [1, 1, 1]],
    ['asked more than 30 days ago: not counted', [['2026-11-02T08:00Z', null]], [0, 0, null]],
    ['answered after now: not yet answered', [['2026-12-01T08:00Z', '2026-12-04T08:00Z']], [1, 0, 0]],
    [
      'three asked, two answered',
      [
        ['2026-11-25T08:00Z', '2026-11-25T09:00Z'],
        ['2026-11-27T08:00Z', null],
        ['2026-11-30T08:00Z', '2026-11-30T16:00Z'],
      ],
      [3, 2, 2 / 3],
    ],
  ] as const)('check-ins: %s', (_, checkins, [asked, answered, rate]) => {
    const f = impact([delegated(checkins.map(([a, b]) => [a, b]))]).followThrough;
    expect([f.checkinsAsked, f.checkinsAnswered, f.answerRate]).toEqual([asked, answered, rate]);
  });

  it('marking the task done answers the check-in it followed, not earlier ones', () => {
    const t = delegated(
      [
        ['2026-11-25T08:00Z', null],
        ['2026-11-27T08:00Z', null],
      ],
      [accept('2026-11-02T10:00Z', ANA), done('2026-11-27T15:00Z', ANA)],
    );
    const f = impact([t]).followThrough;
    expect([f.checkinsAsked, f.checkinsAnswered]).toEqual([2, 1]);
  });

  it('a done answers a check-in asked three hours ago', () => {
    const t = delegated(
      [['2026-12-03T07:00Z', null]],
      [accept('2026-11-02T10:00Z', ANA), done('2026-12-03T09:00Z', ANA)],
    );
    expect(impact([t]).followThrough).toMatchObject({ checkinsAsked: 1, checkinsAnswered: 1 });
  });

  type DueRow = [name: string, steps: Step[], dueNow: string | null, expected: [number, number]];
  it.each<DueRow>([
    ['no due date: not counted', [done('2026-11-20T09:00Z', ANA)], null, [0, 0]],
    ['done before the due date', [done('2026-11-20T09:00Z', ANA)], '2026-11-20T17:00Z', [1, 1]],
    ['done exactly at the due instant: on time', [done('2026-11-20T17:00Z', ANA)], '2026-11-20T17:00Z', [1, 1]],
    ['done after the due date', [done('2026-11-21T09:00Z', ANA)], '2026-11-20T17:00Z', [1, 0]],
    [
      'due date moved later, then done before the new one: on time',
      [moveDue('2026-11-19T09:00Z', '2026-11-20T17:00Z', '2026-11-28T17:00Z'), done('2026-11-25T09:00Z', ANA)],
      '2026-11-28T17:00Z',
      [1, 1],
    ],
    [
      'done late, and the due date moved after the finish: late against the due date when finished',
      [done('2026-11-22T09:00Z', ANA), moveDue('2026-11-23T09:00Z', '2026-11-20T17:00Z', '2026-11-28T17:00Z')],
      '2026-11-28T17:00Z',
      [1, 0],
    ],
    [
      'due date moved earlier, done after it: late',
      [moveDue('2026-11-15T09:00Z', '2026-11-28T17:00Z', '2026-11-20T17:00Z'), done('2026-11-22T09:00Z', ANA)],
      '2026-11-20T17:00Z',
      [1, 0],
    ],
    [
      'late the first time, reopened, done on time the second: the last finish counts',
      [
        done('2026-11-22T09:00Z', ANA),
        reopen('2026-11-23T09:00Z'),
        moveDue('2026-11-23T10:00Z', '2026-11-20T17:00Z', '2026-11-30T17:00Z', LEAD),
        done('2026-11-29T09:00Z', LEAD, 'held'),
      ],
      '2026-11-30T17:00Z',
      [1, 1],
    ],
    ['finished before the 30 days: not counted', [done('2026-10-20T09:00Z', ANA)], '2026-10-21T17:00Z', [0, 0]],
  ])('on time: %s', (_, steps, dueNow, [withDue, onTime]) => {
    const t = task('2026-10-10T09:00Z', [offer('2026-10-10T09:00Z', ANA), ...steps], { dueAt: dueNow });
    const f = impact([t]).followThrough;
    expect([f.finishedWithDue, f.finishedOnTime, f.onTimeRate]).toEqual([
      withDue,
      onTime,
      withDue ? onTime / withDue : null,
    ]);
  });

  it('overdue: open tasks, held ones included, whose due instant has passed', () => {
    const tasks = [
      task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', ANA)], { dueAt: '2026-12-01T17:00Z' }),
      task('2026-11-20T09:00Z', [], { dueAt: '2026-12-02T17:00Z' }),
      task('2026-11-20T09:00Z', [], { dueAt: '2026-12-04T17:00Z' }),
      task('2026-11-20T09:00Z', [done('2026-12-02T17:00Z', LEAD, 'held')], { dueAt: '2026-12-01T17:00Z' }),
      task('2026-11-20T09:00Z', [drop('2026-12-02T17:00Z')], { dueAt: '2026-12-01T17:00Z' }),
      task(
        '2026-11-20T09:00Z',
        [offer('2026-11-20T09:00Z', ANA), moveDue('2026-12-02T09:00Z', '2026-12-01T17:00Z', '2026-12-08T17:00Z')],
        {
          dueAt: '2026-12-08T17:00Z',
        },
      ),
    ];
    expect(impact(tasks).followThrough.overdue).toBe(2);
  });
});

describe('hand-backs', () => {
  it('counts hand-backs, the tasks, and groups reasons ignoring case and spacing', () => {
    const tasks = [
      task('2026-11-10T09:00Z', [
        offer('2026-11-10T09:00Z', ANA),
        handBack('2026-11-11T09:00Z', ANA, 'No time this week'),
        offer('2026-11-12T09:00Z', BEN),
        handBack('2026-11-13T09:00Z', BEN, '  no   time this WEEK '),
      ]),
      task('2026-11-10T09:00Z', [offer('2026-11-10T09:00Z', CAT), handBack('2026-11-20T09:00Z', CAT, 'Not my area')]),
      task('2026-11-10T09:00Z', [
        offer('2026-11-10T09:00Z', CAT),
        handBack('2026-11-21T09:00Z', CAT, 'no time   this week'),
      ]),
      task('2026-10-10T09:00Z', [
        offer('2026-10-10T09:00Z', CAT),
        handBack('2026-10-20T09:00Z', CAT, 'Too old to count'),
      ]),
      task('2026-11-10T09:00Z', [offer('2026-11-10T09:00Z', DAN), takeBack('2026-11-25T09:00Z', DAN)]),
    ];
    expect(impact(tasks).handBacks).toEqual({
      count: 4,
      tasks: 3,
      byReason: [
        { reason: 'no time this week', count: 3 },
        { reason: 'Not my area', count: 1 },
      ],
      takenBack: 1,
    });
  });

  it('equal counts: the most recent reason first', () => {
    const tasks = [
      task('2026-11-10T09:00Z', [offer('2026-11-10T09:00Z', ANA), handBack('2026-11-11T09:00Z', ANA, 'older')]),
      task('2026-11-10T09:00Z', [offer('2026-11-10T09:00Z', ANA), handBack('2026-11-12T09:00Z', ANA, 'newer')]),
    ];
    expect(impact(tasks).handBacks.byReason.map((r) => r.reason)).toEqual(['newer', 'older']);
  });
});

it('rejects an unknown time zone', () => {
  expect(() => impact([], [], NOW, 'Mars/Olympus')).toThrow(RangeError);
});

describe('the events the figures read (IMPACT_EVENT_KINDS)', () => {
  it('a history without the other events gives the same figures, at any instant', () => {
    const history = lead(
      [
        task(
          '2026-10-01T09:00Z',
          [
            snooze('2026-10-02T09:00Z', '2026-10-05T09:00Z'),
            offer('2026-10-06T09:00Z', ANA),
            accept('2026-10-06T12:00Z', ANA),
            checkinAnswer('2026-10-08T09:00Z', ANA, 'at_risk'),
            escalate('2026-10-12T09:00Z', ANA),
            moveDue('2026-10-13T09:00Z', '2026-10-20T17:00Z', '2026-11-20T17:00Z'),
            handBack('2026-10-14T09:00Z', ANA, 'No time'),
            keep('2026-10-15T09:00Z', '2026-10-29T09:00Z'),
            offer('2026-11-02T09:00Z', BEN),
            reassign('2026-11-03T09:00Z', BEN, CAT),
            accept('2026-11-03T10:00Z', CAT),
            done('2026-11-10T09:00Z', CAT),
            reopen('2026-11-12T09:00Z'),
            offer('2026-11-13T09:00Z', BEN),
            takeBack('2026-11-20T09:00Z', BEN),
            drop('2026-11-25T09:00Z'),
          ],
          { dueAt: '2026-11-20T17:00Z', checkins: [['2026-10-08T08:00Z', '2026-10-08T09:00Z']] },
        ),
        task('2026-11-01T09:00Z', [
          offer('2026-11-01T09:00Z', DAN),
          checkinAnswer('2026-11-04T09:00Z', DAN),
          done('2026-11-30T09:00Z', DAN, 'offered'),
        ]),
        task('2026-11-20T09:00Z', [snooze('2026-11-21T09:00Z', '2026-11-24T09:00Z')]),
      ],
      [{ id: CAT, isDeleted: true }],
    );
    const filtered = {
      ...history,
      tasks: history.tasks.map((t) => ({ ...t, events: t.events.filter((e) => IMPACT_EVENT_KINDS.includes(e.kind)) })),
    };
    expect(filtered.tasks[0]?.events.length).toBeLessThan(history.tasks[0]?.events.length ?? 0);
    for (const now of ['2026-10-10T00:00Z', '2026-11-11T00:00Z', '2026-11-22T00:00Z', '2026-12-03T10:00Z']) {
      const at = new Date(now);
      expect(leadImpact(filtered, { now: at, timeZone: ZONE }), now).toEqual(
        leadImpact(history, { now: at, timeZone: ZONE }),
      );
    }
  });
});
