import { describe, expect, it } from 'vitest';
import {
  dueAt,
  finishAsOf,
  firstAcceptedAt,
  isByTeam,
  replay,
  replayLead,
  stateAt,
} from '../../../src/domain/impact-history';
import {
  ANA,
  accept,
  BEN,
  done,
  drop,
  handBack,
  keep,
  LEAD,
  lead,
  moveDue,
  OTHER_LEAD,
  offer,
  reassign,
  reopen,
  snooze,
  takeBack,
  task,
} from './impact-fixtures';

const at = (iso: string) => new Date(iso);

describe('stateAt: the status and owner a history gives at an instant', () => {
  const history = task('2026-11-02T09:00Z', [
    offer('2026-11-02T09:00Z', ANA),
    accept('2026-11-03T09:00Z', ANA),
    handBack('2026-11-04T09:00Z', ANA, 'no time'),
    offer('2026-11-05T09:00Z', BEN),
    reassign('2026-11-06T09:00Z', BEN, ANA),
    accept('2026-11-06T12:00Z', ANA),
    done('2026-11-07T09:00Z', ANA),
    reopen('2026-11-08T09:00Z'),
    snooze('2026-11-08T10:00Z', '2026-11-10'),
    offer('2026-11-09T09:00Z', BEN),
    takeBack('2026-11-10T09:00Z', BEN),
    drop('2026-11-11T09:00Z'),
    reopen('2026-11-12T09:00Z', 'dropped'),
    keep('2026-11-12T10:00Z', '2026-11-26'),
  ]);
  const r = replay(history);

  it.each([
    ['before the capture', '2026-11-02T08:59Z', null],
    ['captured and offered in one instant: offered', '2026-11-02T09:00Z', ['offered', ANA]],
    ['accepted', '2026-11-03T10:00Z', ['accepted', ANA]],
    ['handed back: held, no owner', '2026-11-04T10:00Z', ['held', null]],
    ['offered to Ben', '2026-11-05T10:00Z', ['offered', BEN]],
    ['reassigned to Ana: offered again', '2026-11-06T10:00Z', ['offered', ANA]],
    ['accepted by Ana', '2026-11-06T13:00Z', ['accepted', ANA]],
    ['done: the owner stays', '2026-11-07T10:00Z', ['done', ANA]],
    ['reopened: held, no owner; a snooze changes nothing', '2026-11-08T11:00Z', ['held', null]],
    ['offered to Ben again', '2026-11-09T10:00Z', ['offered', BEN]],
    ['taken back', '2026-11-10T10:00Z', ['held', null]],
    ['dropped', '2026-11-11T10:00Z', ['dropped', null]],
    ['reopened after a drop, kept: held', '2026-11-20T00:00Z', ['held', null]],
  ] as const)('%s', (_, instant, expected) => {
    const state = stateAt(r, at(instant));
    expect(state && [state.status, state.ownerId]).toEqual(expected);
  });

  it('applies events of one instant in id order, whatever order they are given in', () => {
    const shuffled = { ...history, events: [...history.events].reverse() };
    expect(replay(shuffled).states).toEqual(r.states);
  });
});

describe('finishAsOf: the last finish of a task done at that instant', () => {
  const twice = replay(
    task('2026-11-02T09:00Z', [
      offer('2026-11-02T09:00Z', ANA),
      done('2026-11-05T09:00Z', ANA),
      reopen('2026-11-06T09:00Z'),
      offer('2026-11-06T10:00Z', BEN),
      done('2026-11-09T09:00Z', BEN, 'offered'),
    ]),
  );

  it.each([
    ['before the first finish', '2026-11-04T00:00Z', null],
    ['after the first finish', '2026-11-05T12:00Z', { at: at('2026-11-05T09:00Z'), by: ANA }],
    ['reopened: not finished', '2026-11-07T00:00Z', null],
    ['finished again: the last finish, by its finisher', '2026-11-20T00:00Z', { at: at('2026-11-09T09:00Z'), by: BEN }],
  ] as const)('%s', (_, instant, expected) => {
    expect(finishAsOf(twice, at(instant))).toEqual(expected);
  });

  it('takes the finisher from the payload, else the actor', () => {
    const noBy = replay(
      task('2026-11-02T09:00Z', [{ kind: 'done', at: '2026-11-03T09:00Z', actor: ANA, payload: {} }]),
    );
    expect(finishAsOf(noBy, at('2026-11-04T00:00Z'))?.by).toBe(ANA);
  });

  it('isByTeam: anyone but the lead and Baton', () => {
    const when = at('2026-11-03T00:00Z');
    expect(isByTeam({ at: when, by: ANA }, LEAD)).toBe(true);
    expect(isByTeam({ at: when, by: LEAD }, LEAD)).toBe(false);
    expect(isByTeam({ at: when, by: 'baton' }, LEAD)).toBe(false);
  });
});

describe('dueAt: the due date as it stood', () => {
  const moved = replay(
    task(
      '2026-11-02T09:00Z',
      [
        moveDue('2026-11-10T09:00Z', '2026-11-12T17:00Z', '2026-11-20T17:00Z'),
        moveDue('2026-11-18T09:00Z', '2026-11-20T17:00Z', '2026-11-25T17:00Z'),
      ],
      { dueAt: '2026-11-25T17:00Z' },
    ),
  );
  it.each([
    ['before any change: the first change’s from', '2026-11-05T00:00Z', '2026-11-12T17:00:00.000Z'],
    ['after the first change', '2026-11-15T00:00Z', '2026-11-20T17:00:00.000Z'],
    ['after the last change', '2026-11-19T00:00Z', '2026-11-25T17:00:00.000Z'],
  ])('%s', (_, instant, expected) => {
    expect(dueAt(moved, at(instant))?.toISOString()).toBe(expected);
  });

  it('no change: the due date now; a due date given later than the capture starts from null', () => {
    expect(
      dueAt(replay(task('2026-11-02T09:00Z', [], { dueAt: '2026-11-25T17:00Z' })), at('2026-11-03T00:00Z')),
    ).toEqual(at('2026-11-25T17:00Z'));
    const given = replay(
      task('2026-11-02T09:00Z', [moveDue('2026-11-10T09:00Z', null, '2026-11-20T17:00Z')], {
        dueAt: '2026-11-20T17:00Z',
      }),
    );
    expect(dueAt(given, at('2026-11-05T00:00Z'))).toBeNull();
    expect(dueAt(given, at('2026-11-11T00:00Z'))).toEqual(at('2026-11-20T17:00Z'));
  });
});

describe('firstAcceptedAt: when the task first had an owner who took it on', () => {
  it.each([
    ['never offered', [], null],
    ['offered, never answered', [offer('2026-11-02T10:00Z', ANA)], null],
    ['accepted', [offer('2026-11-02T10:00Z', ANA), accept('2026-11-03T10:00Z', ANA)], '2026-11-03T10:00Z'],
    [
      'handed back, then accepted by someone else: the first accept',
      [
        offer('2026-11-02T10:00Z', ANA),
        handBack('2026-11-03T10:00Z', ANA, 'busy'),
        offer('2026-11-04T10:00Z', BEN),
        accept('2026-11-05T10:00Z', BEN),
      ],
      '2026-11-05T10:00Z',
    ],
    [
      'the owner finished it without accepting',
      [offer('2026-11-02T10:00Z', ANA), done('2026-11-04T10:00Z', ANA, 'offered')],
      '2026-11-04T10:00Z',
    ],
    [
      'the lead finished it while it was offered',
      [offer('2026-11-02T10:00Z', ANA), done('2026-11-04T10:00Z', LEAD, 'offered')],
      null,
    ],
  ] as const)('%s', (_, steps, expected) => {
    const r = replay(task('2026-11-02T09:00Z', [...steps]));
    expect(firstAcceptedAt(r, at('2026-12-01T00:00Z'))?.toISOString() ?? null).toBe(
      expected && at(expected).toISOString(),
    );
  });

  it('ignores what happens after `until`', () => {
    const r = replay(task('2026-11-02T09:00Z', [offer('2026-11-02T10:00Z', ANA), accept('2026-11-03T10:00Z', ANA)]));
    expect(firstAcceptedAt(r, at('2026-11-03T09:00Z'))).toBeNull();
  });
});

it('replayLead keeps only the tasks the lead captured', () => {
  const mine = task('2026-11-02T09:00Z');
  const theirs = task('2026-11-02T09:00Z', [], { leadId: OTHER_LEAD });
  expect(replayLead(lead([mine, theirs])).map((r) => r.task.id)).toEqual([mine.id]);
});
