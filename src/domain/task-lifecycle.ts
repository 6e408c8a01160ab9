/**
 * The task state machine: who may do what to a task, in which status, and what changes.
 *
 *   held ──offer──▶ offered ──accept──▶ accepted
 *    ▲               │  ▲                  │
 *    └──hand_back────┘  └────reassign──────┘   (reassign: offered|accepted → offered, new owner)
 *   any open status ──complete──▶ done     any open status ──drop──▶ dropped
 *   held ──snooze──▶ held (snoozedUntil set)
 *
 * Order of checks, so that a user gets the most useful answer:
 * - lead-only actions (offer, reassign, drop, snooze) and complete: who (not_allowed) → status
 *   (invalid_state) → input (invalid_owner / invalid_input);
 * - owner actions (accept, hand_back): status first, because ownership only exists on an
 *   offered/accepted task (a stale "Accept" click after a hand-back reads "#12 isn't offered to
 *   anyone", not "only the owner…"), then who, then input.
 *
 * A refusal is a fact (who may do it, who holds the task, …), never a sentence: slack/blocks/
 * words it for the actor.
 */

import { type InactiveReason, inactiveReason, type Person } from './person';
import type { Task, TaskEventKind, TaskStatus } from './task';

export type TaskAction =
  | { kind: 'offer'; owner: Person }
  | { kind: 'accept' }
  | { kind: 'hand_back'; reason: string }
  | { kind: 'reassign'; owner: Person }
  | { kind: 'complete' }
  | { kind: 'drop' }
  | { kind: 'snooze'; until: Date }
  | { kind: 'keep'; until: Date; reason: string | null }
  | { kind: 'take_back' }
  /** A done or dropped task is open again: held by its lead, as if just captured. */
  | { kind: 'reopen' };

export type TaskPatch = Partial<
  Pick<
    Task,
    'ownerId' | 'status' | 'delegatedAt' | 'acceptedAt' | 'doneAt' | 'droppedAt' | 'snoozedUntil' | 'keptUntil'
  >
>;

export type DecisionCode = 'not_allowed' | 'invalid_state' | 'invalid_owner' | 'invalid_input';

/** Why an action on a task (number `number`) is refused, with the people the answer names. */
export type TaskRefusal =
  | {
      kind: 'only_lead';
      action: 'offer' | 'reassign' | 'drop' | 'snooze' | 'keep' | 'take_back' | 'reopen';
      leadId: string;
      number: number;
    }
  | { kind: 'only_owner'; action: 'accept' | 'hand_back'; ownerId: string; number: number }
  | { kind: 'only_lead_or_owner'; number: number }
  | { kind: 'already_done'; number: number }
  | { kind: 'dropped'; number: number }
  /** Offered or accepted already: reassign it instead. */
  | { kind: 'already_with'; ownerId: string; number: number }
  | { kind: 'already_offered'; ownerId: string; number: number }
  | { kind: 'already_owns'; ownerId: string; number: number }
  /** The lead offered it to themselves: to keep it, leave it held. */
  | { kind: 'offered_to_lead'; number: number }
  /** The lead reassigned it to themselves: the owner should hand it back. */
  | { kind: 'reassigned_to_lead'; ownerId: string; number: number }
  | { kind: 'cannot_own'; userId: string; reason: InactiveReason }
  /** Held: hand it to someone rather than reassign it. */
  | { kind: 'nobody_has_it'; number: number }
  | { kind: 'not_offered'; number: number }
  | { kind: 'already_accepted'; number: number }
  | { kind: 'already_back'; leadId: string; number: number }
  | { kind: 'reason_needed'; leadId: string }
  /** Only a task the lead still holds can be snoozed or kept. */
  | { kind: 'not_held'; action: 'snooze' | 'keep'; holderId: string; number: number }
  | { kind: 'not_in_future'; action: 'snooze' | 'keep' }
  | { kind: 'already_held'; number: number }
  /** Only a done or dropped task can be reopened. */
  | { kind: 'still_open'; number: number };

export type Decision =
  | { ok: true; patch: TaskPatch; event: { kind: TaskEventKind; payload: Record<string, unknown> } }
  | { ok: false; code: DecisionCode; refusal: TaskRefusal };

/** The event kind each action records. */
export const ACTION_EVENT_KIND = {
  offer: 'offered',
  accept: 'accepted',
  hand_back: 'handed_back',
  reassign: 'reassigned',
  complete: 'done',
  drop: 'dropped',
  snooze: 'snoozed',
  keep: 'kept',
  take_back: 'taken_back',
  reopen: 'reopened',
} as const satisfies Record<TaskAction['kind'], TaskEventKind>;

function fail(code: DecisionCode, refusal: TaskRefusal): Decision {
  return { ok: false, code, refusal };
}

function ok(kind: TaskEventKind, patch: TaskPatch, payload: Record<string, unknown>): Decision {
  return { ok: true, patch, event: { kind, payload } };
}

/** The invalid_state answer for a closed task, or null when it is open. */
function closed(task: Task): Decision | null {
  if (task.status === 'done') return fail('invalid_state', { kind: 'already_done', number: task.number });
  if (task.status === 'dropped') return fail('invalid_state', { kind: 'dropped', number: task.number });
  return null;
}

/** When the new status leaves 'held', a snooze no longer means anything. */
function leavingHeld(task: Task, status: TaskStatus): TaskPatch {
  return task.status === 'held' && status !== 'held' ? { snoozedUntil: null } : {};
}

/** Why `owner` cannot take `task`, or null when they can. */
function ownerProblem(task: Task, owner: Person, verb: 'offer' | 'reassign'): TaskRefusal | null {
  const { number } = task;
  if (owner.id === task.leadId) {
    return verb === 'offer'
      ? { kind: 'offered_to_lead', number }
      : { kind: 'reassigned_to_lead', ownerId: task.ownerId ?? owner.id, number };
  }
  const reason = inactiveReason(owner.teamId === task.teamId ? owner : null);
  if (reason) return { kind: 'cannot_own', userId: owner.id, reason };
  if (owner.id === task.ownerId) return { kind: 'already_owns', ownerId: owner.id, number };
  return null;
}

/**
 * Decides what `actorId` doing `action` to `task` at `now` means: a patch and an event to record,
 * or a refusal saying why not.
 *
 * Patch decisions: offer/reassign set the owner, status 'offered', `delegatedAt = now` and clear
 * `acceptedAt`; accept sets `acceptedAt`; hand_back returns the task to 'held' with no owner and
 * clears `delegatedAt`/`acceptedAt` (they describe the current hand-off; the event log keeps the
 * history); complete/drop set `doneAt`/`droppedAt` and keep the owner. Any move out of 'held'
 * clears `snoozedUntil`.
 */
export function decide(task: Task, actorId: string, action: TaskAction, now: Date): Decision {
  const { number } = task;
  const isLead = actorId === task.leadId;
  const isOwner = task.ownerId !== null && actorId === task.ownerId;
  const onlyLead = (kind: Extract<TaskRefusal, { kind: 'only_lead' }>['action']) =>
    fail('not_allowed', { kind: 'only_lead', action: kind, leadId: task.leadId, number });

  switch (action.kind) {
    case 'offer': {
      if (!isLead) return onlyLead('offer');
      const shut = closed(task);
      if (shut) return shut;
      if (task.status !== 'held') {
        const ownerId = task.ownerId ?? '';
        if (action.owner.id === ownerId) {
          return fail(
            'invalid_owner',
            task.status === 'accepted'
              ? { kind: 'already_owns', ownerId, number }
              : { kind: 'already_offered', ownerId, number },
          );
        }
        return fail('invalid_state', { kind: 'already_with', ownerId, number });
      }
      const problem = ownerProblem(task, action.owner, 'offer');
      if (problem) return fail('invalid_owner', problem);
      return ok(
        'offered',
        {
          ownerId: action.owner.id,
          status: 'offered',
          delegatedAt: now,
          acceptedAt: null,
          ...leavingHeld(task, 'offered'),
        },
        { ownerId: action.owner.id },
      );
    }

    case 'reassign': {
      if (!isLead) return onlyLead('reassign');
      const shut = closed(task);
      if (shut) return shut;
      if (task.status === 'held' || task.ownerId === null) {
        return fail('invalid_state', { kind: 'nobody_has_it', number });
      }
      const problem = ownerProblem(task, action.owner, 'reassign');
      if (problem) return fail('invalid_owner', problem);
      return ok(
        'reassigned',
        { ownerId: action.owner.id, status: 'offered', delegatedAt: now, acceptedAt: null },
        { from: task.ownerId, to: action.owner.id },
      );
    }

    case 'accept': {
      const shut = closed(task);
      if (shut) return shut;
      if (task.status === 'held' || task.ownerId === null) {
        return fail('invalid_state', { kind: 'not_offered', number });
      }
      if (!isOwner) {
        return fail('not_allowed', { kind: 'only_owner', action: 'accept', ownerId: task.ownerId, number });
      }
      if (task.status === 'accepted') return fail('invalid_state', { kind: 'already_accepted', number });
      return ok('accepted', { status: 'accepted', acceptedAt: now }, {});
    }

    case 'hand_back': {
      const shut = closed(task);
      if (shut) return shut;
      if (task.status === 'held' || task.ownerId === null) {
        return fail('invalid_state', { kind: 'already_back', leadId: task.leadId, number });
      }
      if (!isOwner) {
        return fail('not_allowed', { kind: 'only_owner', action: 'hand_back', ownerId: task.ownerId, number });
      }
      const reason = action.reason.trim();
      if (reason === '') return fail('invalid_input', { kind: 'reason_needed', leadId: task.leadId });
      return ok(
        'handed_back',
        { ownerId: null, status: 'held', delegatedAt: null, acceptedAt: null },
        { reason, from: task.ownerId },
      );
    }

    case 'complete': {
      if (!isLead && !isOwner) return fail('not_allowed', { kind: 'only_lead_or_owner', number });
      const shut = closed(task);
      if (shut) return shut;
      return ok(
        'done',
        { status: 'done', doneAt: now, ...leavingHeld(task, 'done') },
        { by: actorId, previousStatus: task.status },
      );
    }

    case 'drop': {
      if (!isLead) return onlyLead('drop');
      const shut = closed(task);
      if (shut) return shut;
      return ok(
        'dropped',
        { status: 'dropped', droppedAt: now, ...leavingHeld(task, 'dropped') },
        { previousStatus: task.status },
      );
    }

    case 'snooze': {
      if (!isLead) return onlyLead('snooze');
      const shut = closed(task);
      if (shut) return shut;
      if (task.status !== 'held') {
        const holderId = task.ownerId ?? task.leadId;
        return fail('invalid_state', { kind: 'not_held', action: 'snooze', holderId, number });
      }
      const until = action.until.getTime();
      if (Number.isNaN(until) || until <= now.getTime()) {
        return fail('invalid_input', { kind: 'not_in_future', action: 'snooze' });
      }
      return ok('snoozed', { snoozedUntil: new Date(until) }, { until: action.until.toISOString() });
    }
    case 'take_back': {
      // The lead takes a delegated task back (after an escalation, say): held by the lead again.
      if (!isLead) return onlyLead('take_back');
      const shut = closed(task);
      if (shut) return shut;
      if (task.status === 'held') return fail('invalid_state', { kind: 'already_held', number });
      return ok(
        'taken_back',
        { ownerId: null, status: 'held', delegatedAt: null, acceptedAt: null },
        { from: task.ownerId },
      );
    }
    case 'reopen': {
      // Finished or dropped too soon: the lead holds it again, and the morning prompt asks about it.
      if (!isLead) return onlyLead('reopen');
      if (task.status !== 'done' && task.status !== 'dropped')
        return fail('invalid_state', { kind: 'still_open', number });
      return ok(
        'reopened',
        {
          status: 'held',
          ownerId: null,
          delegatedAt: null,
          acceptedAt: null,
          doneAt: null,
          droppedAt: null,
          snoozedUntil: null,
          keptUntil: null,
        },
        { previousStatus: task.status, from: task.ownerId },
      );
    }
    case 'keep': {
      // "Only I can do this": the lead keeps it, and the morning prompt leaves it out for a while.
      if (!isLead) return onlyLead('keep');
      const shut = closed(task);
      if (shut) return shut;
      if (task.status !== 'held') {
        const holderId = task.ownerId ?? task.leadId;
        return fail('invalid_state', { kind: 'not_held', action: 'keep', holderId, number });
      }
      if (action.until.getTime() <= now.getTime()) {
        return fail('invalid_input', { kind: 'not_in_future', action: 'keep' });
      }
      const reason = action.reason?.trim() || null;
      return ok('kept', { keptUntil: action.until }, { until: action.until.toISOString(), reason });
    }
  }
}
