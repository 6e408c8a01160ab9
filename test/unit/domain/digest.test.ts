import { describe, expect, it } from 'vitest';
import { digestFacts, digestPeriod, hasDigestActivity } from '../../../src/domain/digest';
import {
  ANA,
  accept,
  BEN,
  CAT,
  checkinAnswer,
  done,
  escalate,
  handBack,
  LEAD,
  lead,
  OTHER_LEAD,
  offer,
  reopen,
  type Step,
  snooze,
  task,
} from './impact-fixtures';

const ZONE = 'Europe/Berlin';
// Friday 4 December 2026, 09:00 CET: the week is (Fri 27 Nov 08:00Z, Fri 4 Dec 08:00Z].
const SLOT = new Date('2026-12-04T08:00:00Z');
const WEEK = digestPeriod(SLOT, ZONE);

describe('digestPeriod', () => {
  it.each([
    ['Berlin, no DST change', 'Europe/Berlin', '2026-12-04T08:00Z', '2026-11-27T08:00Z'],
    [
      'Berlin, the week of the October change: 09:00 CEST a week earlier',
      'Europe/Berlin',
      '2026-10-30T08:00Z',
      '2026-10-23T07:00Z',
    ],
    [
      'New York, the week of the March change: 09:00 EST a week earlier',
      'America/New_York',
      '2027-03-19T13:00Z',
      '2027-03-12T14:00Z',
    ],
    ['Auckland, the week DST ends', 'Pacific/Auckland', '2027-04-08T21:00Z', '2027-04-01T20:00Z'],
  ])('%s', (_, zone, slot, start) => {
    expect(digestPeriod(new Date(slot), zone)).toEqual({ start: new Date(start), end: new Date(slot) });
  });
});

describe('hasDigestActivity: any event by a person on the lead’s tasks in the week', () => {
  const old = '2026-11-01T09:00Z';
  it.each<[string, Step[], boolean]>([
    ['nothing in the week', [offer('2026-11-02T09:00Z', ANA)], false],
    ['only an escalation by Baton', [offer('2026-11-02T09:00Z', ANA), escalate('2026-12-01T09:00Z', ANA)], false],
    ['the lead snoozed a task', [snooze('2026-12-01T09:00Z', '2026-12-08')], true],
    ['an owner answered a check-in', [offer('2026-11-02T09:00Z', ANA), checkinAnswer('2026-12-01T09:00Z', ANA)], true],
    ['an owner finished a task', [offer('2026-11-02T09:00Z', ANA), done('2026-12-01T09:00Z', ANA)], true],
    ['exactly at the start of the week: the week before', [snooze('2026-11-27T08:00Z', '2026-12-08')], false],
    ['exactly at the slot: this week', [snooze('2026-12-04T08:00Z', '2026-12-08')], true],
    ['after the slot: next week', [snooze('2026-12-04T08:01Z', '2026-12-08')], false],
  ])('%s', (_, steps, expected) => {
    expect(hasDigestActivity(lead([task(old, steps)]), WEEK)).toBe(expected);
  });

  it('a capture in the week is activity; another lead’s tasks are not', () => {
    expect(hasDigestActivity(lead([task('2026-12-01T09:00Z')]), WEEK)).toBe(true);
    expect(hasDigestActivity(lead([task('2026-12-01T09:00Z', [], { leadId: OTHER_LEAD })]), WEEK)).toBe(false);
    expect(hasDigestActivity(lead([]), WEEK)).toBe(false);
  });
});

describe('digestFacts', () => {
  const finishedByAna = task(
    '2026-11-20T09:00Z',
    [offer('2026-11-20T09:00Z', ANA), accept('2026-11-21T09:00Z', ANA), done('2026-12-02T15:00Z', ANA)],
    {
      title: 'Write launch memo',
    },
  );
  const finishedByBen = task('2026-11-20T09:00Z', [
    offer('2026-11-28T09:00Z', BEN),
    done('2026-11-30T09:00Z', BEN, 'offered'),
  ]);
  const finishedByLead = task('2026-11-20T09:00Z', [done('2026-12-01T09:00Z', LEAD, 'held')]);
  const lastWeek = task('2026-11-10T09:00Z', [offer('2026-11-10T09:00Z', CAT), done('2026-11-25T09:00Z', CAT)]);
  const reopened = task('2026-11-10T09:00Z', [
    offer('2026-11-10T09:00Z', CAT),
    done('2026-11-24T09:00Z', CAT),
    reopen('2026-11-28T09:00Z'),
  ]);
  const handedOffOpen = task('2026-11-25T09:00Z', [offer('2026-12-01T09:00Z', CAT)]);
  const handedBack = task('2026-11-02T09:00Z', [
    offer('2026-11-29T09:00Z', ANA),
    handBack('2026-11-30T09:00Z', ANA, 'busy'),
  ]);
  const heldLong = task('2026-10-01T09:00Z');
  const afterTheSlot = task('2026-11-20T09:00Z', [offer('2026-11-20T09:00Z', ANA), done('2026-12-04T09:00Z', ANA)]);
  const all = [
    finishedByAna,
    finishedByBen,
    finishedByLead,
    lastWeek,
    reopened,
    handedOffOpen,
    handedBack,
    heldLong,
    afterTheSlot,
  ];
  const facts = digestFacts(lead(all), WEEK, ZONE);

  it('what the team finished, who finished it, most recent first', () => {
    expect(facts.finishedByTeam).toEqual([
      {
        taskId: finishedByAna.id,
        number: finishedByAna.number,
        title: 'Write launch memo',
        by: ANA,
        at: new Date('2026-12-02T15:00Z'),
      },
      {
        taskId: finishedByBen.id,
        number: finishedByBen.number,
        title: finishedByBen.title,
        by: BEN,
        at: new Date('2026-11-30T09:00Z'),
      },
    ]);
    // Cat's task the week before counts; the one reopened since does not.
    expect(facts.finishedByTeamBefore).toBe(1);
    expect(facts.finishedByLead).toBe(1);
  });

  it('what was handed off in the week, with where it stands now', () => {
    expect(facts.handedOff.map((h) => [h.taskId, h.ownerId, h.status])).toEqual([
      [handedOffOpen.id, CAT, 'offered'],
      [handedBack.id, ANA, 'held'],
      [finishedByBen.id, BEN, 'done'],
    ]);
  });

  it('what the lead still holds, oldest first', () => {
    expect(facts.held.map((h) => h.taskId)).toEqual([heldLong.id, handedBack.id, reopened.id]);
    expect(facts.held[0]?.capturedAt).toEqual(new Date('2026-10-01T09:00Z'));
  });

  it('the load at the end of the week (a finish after the slot is not yet)', () => {
    expect(facts.load.owners.map((o) => [o.ownerId, o.open])).toEqual([
      [ANA, 1],
      [CAT, 1],
    ]);
  });
});
