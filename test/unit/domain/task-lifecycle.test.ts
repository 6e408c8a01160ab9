import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/domain/person';
import type { Task, TaskStatus } from '../../../src/domain/task';
import {
  type Decision,
  type DecisionCode,
  decide,
  type TaskAction,
  type TaskRefusal,
} from '../../../src/domain/task-lifecycle';

const LEAD = 'U1';
const OWNER = 'U2';
const STRANGER = 'U9';
const NOW = new Date('2026-12-01T10:00:00Z');
const CREATED = new Date('2026-11-20T09:00:00Z');
const DELEGATED = new Date('2026-11-25T09:00:00Z');
const ACCEPTED = new Date('2026-11-26T09:00:00Z');
const CLOSED_AT = new Date('2026-11-28T09:00:00Z');
const LATER = new Date('2026-12-02T08:00:00Z');

function person(id: string, extra: Partial<Person> = {}): Person {
  return { teamId: 'T1', id, name: id, timeZone: 'Europe/Berlin', isBot: false, isDeleted: false, ...extra };
}

function task(status: TaskStatus, extra: Partial<Task> = {}): Task {
  const owned = status !== 'held';
  return {
    id: 100,
    teamId: 'T1',
    number: 12,
    title: 'Ship the <!channel> deck',
    details: null,
    leadId: LEAD,
    ownerId: owned ? OWNER : null,
    status,
    dueAt: null,
    dueHasTime: false,
    channelId: null,
    threadTs: null,
    source: 'command',
    sourcePermalink: null,
    checkinCadence: 'none',
    snoozedUntil: null,
    keptUntil: null,
    lastStatus: null,
    lastStatusAt: null,
    nextCheckinAt: null,
    createdAt: CREATED,
    delegatedAt: owned ? DELEGATED : null,
    acceptedAt: status === 'accepted' || status === 'done' ? ACCEPTED : null,
    doneAt: status === 'done' ? CLOSED_AT : null,
    droppedAt: status === 'dropped' ? CLOSED_AT : null,
    ...extra,
  };
}

const actors = { lead: LEAD, owner: OWNER, stranger: STRANGER } as const;
type Actor = keyof typeof actors;

const U3 = person('U3');
const offerU3: TaskAction = { kind: 'offer', owner: U3 };
const reassignU3: TaskAction = { kind: 'reassign', owner: U3 };
const handBack: TaskAction = { kind: 'hand_back', reason: 'No time this sprint' };
const snooze: TaskAction = { kind: 'snooze', until: LATER };
const keep: TaskAction = { kind: 'keep', until: LATER, reason: ' Only I know the client ' };

const no = (code: DecisionCode, refusal: TaskRefusal): Decision => ({ ok: false, code, refusal });

type Row = [name: string, status: TaskStatus, actor: Actor, action: TaskAction, expected: Decision];

const rows: Row[] = [
  // offer
  [
    'lead offers a held task',
    'held',
    'lead',
    offerU3,
    {
      ok: true,
      patch: { ownerId: 'U3', status: 'offered', delegatedAt: NOW, acceptedAt: null, snoozedUntil: null },
      event: { kind: 'offered', payload: { ownerId: 'U3' } },
    },
  ],
  [
    'stranger cannot offer',
    'held',
    'stranger',
    offerU3,
    no('not_allowed', { kind: 'only_lead', action: 'offer', leadId: 'U1', number: 12 }),
  ],
  [
    'owner cannot offer',
    'offered',
    'owner',
    offerU3,
    no('not_allowed', { kind: 'only_lead', action: 'offer', leadId: 'U1', number: 12 }),
  ],
  [
    'offer of an offered task',
    'offered',
    'lead',
    offerU3,
    no('invalid_state', { kind: 'already_with', ownerId: 'U2', number: 12 }),
  ],
  [
    'offer of an accepted task',
    'accepted',
    'lead',
    offerU3,
    no('invalid_state', { kind: 'already_with', ownerId: 'U2', number: 12 }),
  ],
  [
    'offer to the current owner of an accepted task',
    'accepted',
    'lead',
    { kind: 'offer', owner: person(OWNER) },
    no('invalid_owner', { kind: 'already_owns', ownerId: 'U2', number: 12 }),
  ],
  [
    'offer to whom it is already offered',
    'offered',
    'lead',
    { kind: 'offer', owner: person(OWNER) },
    no('invalid_owner', { kind: 'already_offered', ownerId: 'U2', number: 12 }),
  ],
  ['offer of a done task', 'done', 'lead', offerU3, no('invalid_state', { kind: 'already_done', number: 12 })],
  ['offer of a dropped task', 'dropped', 'lead', offerU3, no('invalid_state', { kind: 'dropped', number: 12 })],
  [
    'offer to self',
    'held',
    'lead',
    { kind: 'offer', owner: person(LEAD) },
    no('invalid_owner', { kind: 'offered_to_lead', number: 12 }),
  ],
  [
    'offer to a bot',
    'held',
    'lead',
    { kind: 'offer', owner: person('B1', { isBot: true }) },
    no('invalid_owner', { kind: 'cannot_own', userId: 'B1', reason: 'bot' }),
  ],
  [
    'offer to a deactivated person',
    'held',
    'lead',
    { kind: 'offer', owner: person('U4', { isDeleted: true }) },
    no('invalid_owner', { kind: 'cannot_own', userId: 'U4', reason: 'deactivated' }),
  ],
  [
    'offer to someone from another workspace',
    'held',
    'lead',
    { kind: 'offer', owner: person('U5', { teamId: 'T2' }) },
    no('invalid_owner', { kind: 'cannot_own', userId: 'U5', reason: 'not_a_member' }),
  ],

  // accept
  [
    'owner accepts an offered task',
    'offered',
    'owner',
    { kind: 'accept' },
    { ok: true, patch: { status: 'accepted', acceptedAt: NOW }, event: { kind: 'accepted', payload: {} } },
  ],
  [
    'owner accepts twice',
    'accepted',
    'owner',
    { kind: 'accept' },
    no('invalid_state', { kind: 'already_accepted', number: 12 }),
  ],
  [
    'lead cannot accept for the owner',
    'offered',
    'lead',
    { kind: 'accept' },
    no('not_allowed', { kind: 'only_owner', action: 'accept', ownerId: 'U2', number: 12 }),
  ],
  [
    'stranger cannot accept',
    'offered',
    'stranger',
    { kind: 'accept' },
    no('not_allowed', { kind: 'only_owner', action: 'accept', ownerId: 'U2', number: 12 }),
  ],
  [
    'stale accept after a hand-back',
    'held',
    'owner',
    { kind: 'accept' },
    no('invalid_state', { kind: 'not_offered', number: 12 }),
  ],
  [
    'accept of a done task',
    'done',
    'owner',
    { kind: 'accept' },
    no('invalid_state', { kind: 'already_done', number: 12 }),
  ],
  [
    'accept of a dropped task',
    'dropped',
    'owner',
    { kind: 'accept' },
    no('invalid_state', { kind: 'dropped', number: 12 }),
  ],

  // hand back
  [
    'owner hands back an offered task',
    'offered',
    'owner',
    handBack,
    {
      ok: true,
      patch: { ownerId: null, status: 'held', delegatedAt: null, acceptedAt: null },
      event: { kind: 'handed_back', payload: { reason: 'No time this sprint', from: 'U2' } },
    },
  ],
  [
    'owner hands back an accepted task (reason trimmed)',
    'accepted',
    'owner',
    { kind: 'hand_back', reason: '  Out sick  ' },
    {
      ok: true,
      patch: { ownerId: null, status: 'held', delegatedAt: null, acceptedAt: null },
      event: { kind: 'handed_back', payload: { reason: 'Out sick', from: 'U2' } },
    },
  ],
  [
    'hand back without a reason',
    'accepted',
    'owner',
    { kind: 'hand_back', reason: ' \n\t ' },
    no('invalid_input', { kind: 'reason_needed', leadId: 'U1' }),
  ],
  [
    'hand back of a held task',
    'held',
    'lead',
    handBack,
    no('invalid_state', { kind: 'already_back', leadId: 'U1', number: 12 }),
  ],
  [
    'hand back of a held task by its former owner',
    'held',
    'owner',
    handBack,
    no('invalid_state', { kind: 'already_back', leadId: 'U1', number: 12 }),
  ],
  [
    'lead cannot hand back for the owner',
    'accepted',
    'lead',
    handBack,
    no('not_allowed', { kind: 'only_owner', action: 'hand_back', ownerId: 'U2', number: 12 }),
  ],
  [
    'stranger cannot hand back',
    'offered',
    'stranger',
    handBack,
    no('not_allowed', { kind: 'only_owner', action: 'hand_back', ownerId: 'U2', number: 12 }),
  ],
  ['hand back of a done task', 'done', 'owner', handBack, no('invalid_state', { kind: 'already_done', number: 12 })],

  // reassign
  [
    'lead reassigns an offered task',
    'offered',
    'lead',
    reassignU3,
    {
      ok: true,
      patch: { ownerId: 'U3', status: 'offered', delegatedAt: NOW, acceptedAt: null },
      event: { kind: 'reassigned', payload: { from: 'U2', to: 'U3' } },
    },
  ],
  [
    'lead reassigns an accepted task',
    'accepted',
    'lead',
    reassignU3,
    {
      ok: true,
      patch: { ownerId: 'U3', status: 'offered', delegatedAt: NOW, acceptedAt: null },
      event: { kind: 'reassigned', payload: { from: 'U2', to: 'U3' } },
    },
  ],
  [
    'owner cannot reassign',
    'accepted',
    'owner',
    reassignU3,
    no('not_allowed', { kind: 'only_lead', action: 'reassign', leadId: 'U1', number: 12 }),
  ],
  [
    'stranger cannot reassign',
    'offered',
    'stranger',
    reassignU3,
    no('not_allowed', { kind: 'only_lead', action: 'reassign', leadId: 'U1', number: 12 }),
  ],
  ['reassign of a held task', 'held', 'lead', reassignU3, no('invalid_state', { kind: 'nobody_has_it', number: 12 })],
  [
    'reassign to the same owner',
    'accepted',
    'lead',
    { kind: 'reassign', owner: person(OWNER) },
    no('invalid_owner', { kind: 'already_owns', ownerId: 'U2', number: 12 }),
  ],
  [
    'reassign to the lead',
    'offered',
    'lead',
    { kind: 'reassign', owner: person(LEAD) },
    no('invalid_owner', { kind: 'reassigned_to_lead', ownerId: 'U2', number: 12 }),
  ],
  [
    'reassign to a bot',
    'offered',
    'lead',
    { kind: 'reassign', owner: person('B1', { isBot: true }) },
    no('invalid_owner', { kind: 'cannot_own', userId: 'B1', reason: 'bot' }),
  ],
  ['reassign of a done task', 'done', 'lead', reassignU3, no('invalid_state', { kind: 'already_done', number: 12 })],
  ['reassign of a dropped task', 'dropped', 'lead', reassignU3, no('invalid_state', { kind: 'dropped', number: 12 })],

  // complete
  [
    'lead completes a held task',
    'held',
    'lead',
    { kind: 'complete' },
    {
      ok: true,
      patch: { status: 'done', doneAt: NOW, snoozedUntil: null },
      event: { kind: 'done', payload: { by: 'U1', previousStatus: 'held' } },
    },
  ],
  [
    'lead completes an offered task',
    'offered',
    'lead',
    { kind: 'complete' },
    {
      ok: true,
      patch: { status: 'done', doneAt: NOW },
      event: { kind: 'done', payload: { by: 'U1', previousStatus: 'offered' } },
    },
  ],
  [
    'owner completes an accepted task',
    'accepted',
    'owner',
    { kind: 'complete' },
    {
      ok: true,
      patch: { status: 'done', doneAt: NOW },
      event: { kind: 'done', payload: { by: 'U2', previousStatus: 'accepted' } },
    },
  ],
  [
    'owner completes an offered task',
    'offered',
    'owner',
    { kind: 'complete' },
    {
      ok: true,
      patch: { status: 'done', doneAt: NOW },
      event: { kind: 'done', payload: { by: 'U2', previousStatus: 'offered' } },
    },
  ],
  [
    'stranger cannot complete',
    'accepted',
    'stranger',
    { kind: 'complete' },
    no('not_allowed', { kind: 'only_lead_or_owner', number: 12 }),
  ],
  [
    'former owner of a held task cannot complete',
    'held',
    'owner',
    { kind: 'complete' },
    no('not_allowed', { kind: 'only_lead_or_owner', number: 12 }),
  ],
  ['complete twice', 'done', 'owner', { kind: 'complete' }, no('invalid_state', { kind: 'already_done', number: 12 })],
  [
    'complete a dropped task',
    'dropped',
    'lead',
    { kind: 'complete' },
    no('invalid_state', { kind: 'dropped', number: 12 }),
  ],

  // drop
  [
    'lead drops a held task',
    'held',
    'lead',
    { kind: 'drop' },
    {
      ok: true,
      patch: { status: 'dropped', droppedAt: NOW, snoozedUntil: null },
      event: { kind: 'dropped', payload: { previousStatus: 'held' } },
    },
  ],
  [
    'lead drops an accepted task',
    'accepted',
    'lead',
    { kind: 'drop' },
    {
      ok: true,
      patch: { status: 'dropped', droppedAt: NOW },
      event: { kind: 'dropped', payload: { previousStatus: 'accepted' } },
    },
  ],
  [
    'owner cannot drop',
    'accepted',
    'owner',
    { kind: 'drop' },
    no('not_allowed', { kind: 'only_lead', action: 'drop', leadId: 'U1', number: 12 }),
  ],
  [
    'stranger cannot drop',
    'held',
    'stranger',
    { kind: 'drop' },
    no('not_allowed', { kind: 'only_lead', action: 'drop', leadId: 'U1', number: 12 }),
  ],
  ['drop twice', 'dropped', 'lead', { kind: 'drop' }, no('invalid_state', { kind: 'dropped', number: 12 })],
  ['drop a done task', 'done', 'lead', { kind: 'drop' }, no('invalid_state', { kind: 'already_done', number: 12 })],

  // snooze
  [
    'lead snoozes a held task',
    'held',
    'lead',
    snooze,
    {
      ok: true,
      patch: { snoozedUntil: LATER },
      event: { kind: 'snoozed', payload: { until: '2026-12-02T08:00:00.000Z' } },
    },
  ],
  [
    'snooze until now',
    'held',
    'lead',
    { kind: 'snooze', until: NOW },
    no('invalid_input', { kind: 'not_in_future', action: 'snooze' }),
  ],
  [
    'snooze into the past',
    'held',
    'lead',
    { kind: 'snooze', until: new Date('2026-11-30T10:00:00Z') },
    no('invalid_input', { kind: 'not_in_future', action: 'snooze' }),
  ],
  [
    'snooze until an invalid date',
    'held',
    'lead',
    { kind: 'snooze', until: new Date('nope') },
    no('invalid_input', { kind: 'not_in_future', action: 'snooze' }),
  ],
  [
    'snooze an offered task',
    'offered',
    'lead',
    snooze,
    no('invalid_state', { kind: 'not_held', action: 'snooze', holderId: 'U2', number: 12 }),
  ],
  [
    'owner cannot snooze',
    'accepted',
    'owner',
    snooze,
    no('not_allowed', { kind: 'only_lead', action: 'snooze', leadId: 'U1', number: 12 }),
  ],
  [
    'stranger cannot snooze',
    'held',
    'stranger',
    snooze,
    no('not_allowed', { kind: 'only_lead', action: 'snooze', leadId: 'U1', number: 12 }),
  ],
  ['snooze a done task', 'done', 'lead', snooze, no('invalid_state', { kind: 'already_done', number: 12 })],

  // take back
  [
    'lead takes back an accepted task',
    'accepted',
    'lead',
    { kind: 'take_back' },
    {
      ok: true,
      patch: { ownerId: null, status: 'held', delegatedAt: null, acceptedAt: null },
      event: { kind: 'taken_back', payload: { from: 'U2' } },
    },
  ],
  [
    'take back a held task',
    'held',
    'lead',
    { kind: 'take_back' },
    no('invalid_state', { kind: 'already_held', number: 12 }),
  ],
  [
    'owner cannot take back',
    'accepted',
    'owner',
    { kind: 'take_back' },
    no('not_allowed', { kind: 'only_lead', action: 'take_back', leadId: 'U1', number: 12 }),
  ],

  // reopen
  ...(['done', 'dropped'] as const).map(
    (status): Row => [
      `lead reopens a ${status} task: held by the lead, no owner, nothing snoozed or kept`,
      status,
      'lead',
      { kind: 'reopen' },
      {
        ok: true,
        patch: {
          status: 'held',
          ownerId: null,
          delegatedAt: null,
          acceptedAt: null,
          doneAt: null,
          droppedAt: null,
          snoozedUntil: null,
          keptUntil: null,
        },
        event: { kind: 'reopened', payload: { previousStatus: status, from: 'U2' } },
      },
    ],
  ),
  ...(['held', 'offered', 'accepted'] as const).map(
    (status): Row => [
      `reopen a ${status} task`,
      status,
      'lead',
      { kind: 'reopen' },
      no('invalid_state', { kind: 'still_open', number: 12 }),
    ],
  ),
  [
    'owner cannot reopen',
    'done',
    'owner',
    { kind: 'reopen' },
    no('not_allowed', { kind: 'only_lead', action: 'reopen', leadId: 'U1', number: 12 }),
  ],
  [
    'stranger cannot reopen',
    'dropped',
    'stranger',
    { kind: 'reopen' },
    no('not_allowed', { kind: 'only_lead', action: 'reopen', leadId: 'U1', number: 12 }),
  ],

  // keep
  [
    'lead keeps a held task',
    'held',
    'lead',
    keep,
    {
      ok: true,
      patch: { keptUntil: LATER },
      event: { kind: 'kept', payload: { until: '2026-12-02T08:00:00.000Z', reason: 'Only I know the client' } },
    },
  ],
  [
    'keep an offered task',
    'offered',
    'lead',
    keep,
    no('invalid_state', { kind: 'not_held', action: 'keep', holderId: 'U2', number: 12 }),
  ],
  [
    'keep until now',
    'held',
    'lead',
    { kind: 'keep', until: NOW, reason: null },
    no('invalid_input', { kind: 'not_in_future', action: 'keep' }),
  ],
  [
    'stranger cannot keep',
    'held',
    'stranger',
    keep,
    no('not_allowed', { kind: 'only_lead', action: 'keep', leadId: 'U1', number: 12 }),
  ],
];

describe('decide', () => {
  it.each(rows)('%s', (_, status, actor, action, expected) => {
    expect(decide(task(status), actors[actor], action, NOW)).toEqual(expected);
  });

  it('clears a snooze when a snoozed held task is offered', () => {
    const d = decide(task('held', { snoozedUntil: LATER }), LEAD, offerU3, NOW);
    expect(d.ok && d.patch.snoozedUntil).toBeNull();
  });

  it('re-snoozing a snoozed task moves the snooze', () => {
    const until = new Date('2026-12-05T08:00:00Z');
    const d = decide(task('held', { snoozedUntil: LATER }), LEAD, { kind: 'snooze', until }, NOW);
    expect(d).toEqual({
      ok: true,
      patch: { snoozedUntil: new Date('2026-12-05T08:00:00Z') },
      event: { kind: 'snoozed', payload: { until: '2026-12-05T08:00:00.000Z' } },
    });
  });
});
