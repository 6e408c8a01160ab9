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
 * Messages name the task by its ref and people by mention, never by title (callers escape titles).
 */

import { cannotOwnReason, type Person } from './person';
import { type Task, type TaskEventKind, type TaskStatus, taskRef } from './task';

export type TaskAction =
  | { kind: 'offer'; owner: Person }
  | { kind: 'accept' }
  | { kind: 'hand_back'; reason: string }
  | { kind: 'reassign'; owner: Person }
  | { kind: 'complete' }
  | { kind: 'drop' }
  | { kind: 'snooze'; until: Date }
  | { kind: 'keep'; until: Date; reason: string | null }
  | { kind: 'take_back' };

export type TaskPatch = Partial<
  Pick<
    Task,
    'ownerId' | 'status' | 'delegatedAt' | 'acceptedAt' | 'doneAt' | 'droppedAt' | 'snoozedUntil' | 'keptUntil'
  >
>;

export type DecisionCode = 'not_allowed' | 'invalid_state' | 'invalid_owner' | 'invalid_input';

export type Decision =
  | { ok: true; patch: TaskPatch; event: { kind: TaskEventKind; payload: Record<string, unknown> } }
  | { ok: false; code: DecisionCode; message: string };

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
} as const satisfies Record<TaskAction['kind'], TaskEventKind>;

const mention = (userId: string) => `<@${userId}>`;

function fail(code: DecisionCode, message: string): Decision {
  return { ok: false, code, message };
}

function ok(kind: TaskEventKind, patch: TaskPatch, payload: Record<string, unknown>): Decision {
  return { ok: true, patch, event: { kind, payload } };
}

/** The invalid_state answer for a closed task, or null when it is open. */
function closed(task: Task): Decision | null {
  if (task.status === 'done') return fail('invalid_state', `${taskRef(task)} is already done.`);
  if (task.status === 'dropped') return fail('invalid_state', `${taskRef(task)} was dropped.`);
  return null;
}

/** When the new status leaves 'held', a snooze no longer means anything. */
function leavingHeld(task: Task, status: TaskStatus): TaskPatch {
  return task.status === 'held' && status !== 'held' ? { snoozedUntil: null } : {};
}

/** Why `owner` cannot take `task`, as a full sentence, or null when they can. */
function ownerProblem(task: Task, owner: Person, verb: 'offer' | 'reassign'): string | null {
  const ref = taskRef(task);
  if (owner.id === task.leadId) {
    return verb === 'offer'
      ? `You lead ${ref}; to keep it, just leave it held.`
      : `You lead ${ref}, so it can't be reassigned to you; ask ${mention(task.ownerId ?? owner.id)} to hand it back.`;
  }
  const reason = cannotOwnReason(owner.teamId === task.teamId ? owner : null);
  if (reason) return `${mention(owner.id)} ${reason} and can't own tasks.`;
  if (owner.id === task.ownerId) return `${mention(owner.id)} already owns ${ref}.`;
  return null;
}

/**
 * Decides what `actorId` doing `action` to `task` at `now` means: a patch and an event to record,
 * or a refusal with a message for the actor.
 *
 * Patch decisions: offer/reassign set the owner, status 'offered', `delegatedAt = now` and clear
 * `acceptedAt`; accept sets `acceptedAt`; hand_back returns the task to 'held' with no owner and
 * clears `delegatedAt`/`acceptedAt` (they describe the current hand-off; the event log keeps the
 * history); complete/drop set `doneAt`/`droppedAt` and keep the owner. Any move out of 'held'
 * clears `snoozedUntil`.
 */
export function decide(task: Task, actorId: string, action: TaskAction, now: Date): Decision {
  const ref = taskRef(task);
  const isLead = actorId === task.leadId;
  const isOwner = task.ownerId !== null && actorId === task.ownerId;
  const onlyLead = (verb: string) => fail('not_allowed', `Only the lead (${mention(task.leadId)}) can ${verb} ${ref}.`);

  switch (action.kind) {
    case 'offer': {
      if (!isLead) return onlyLead('hand off');
      const shut = closed(task);
      if (shut) return shut;
      if (task.status !== 'held') {
        const owner = task.ownerId ?? '';
        if (action.owner.id === owner) {
          return fail(
            'invalid_owner',
            task.status === 'accepted'
              ? `${mention(owner)} already owns ${ref}.`
              : `${ref} is already offered to ${mention(owner)}.`,
          );
        }
        return fail('invalid_state', `${ref} is already with ${mention(owner)}; reassign it instead.`);
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
        return fail('invalid_state', `No one has ${ref} yet; hand it to someone instead of reassigning it.`);
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
        return fail('invalid_state', `${ref} isn't offered to anyone right now.`);
      }
      if (!isOwner) return fail('not_allowed', `Only the owner (${mention(task.ownerId)}) can accept ${ref}.`);
      if (task.status === 'accepted') return fail('invalid_state', `You already accepted ${ref}.`);
      return ok('accepted', { status: 'accepted', acceptedAt: now }, {});
    }

    case 'hand_back': {
      const shut = closed(task);
      if (shut) return shut;
      if (task.status === 'held' || task.ownerId === null) {
        return fail('invalid_state', `${ref} is already back with ${mention(task.leadId)}.`);
      }
      if (!isOwner) return fail('not_allowed', `Only the owner (${mention(task.ownerId)}) can hand back ${ref}.`);
      const reason = action.reason.trim();
      if (reason === '') return fail('invalid_input', `Give a reason so ${mention(task.leadId)} knows why.`);
      return ok(
        'handed_back',
        { ownerId: null, status: 'held', delegatedAt: null, acceptedAt: null },
        { reason, from: task.ownerId },
      );
    }

    case 'complete': {
      if (!isLead && !isOwner) return fail('not_allowed', `Only the lead or the owner can mark ${ref} done.`);
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
        return fail(
          'invalid_state',
          `${ref} is with ${mention(task.ownerId ?? task.leadId)}; only tasks you still hold can be snoozed.`,
        );
      }
      const until = action.until.getTime();
      if (Number.isNaN(until) || until <= now.getTime()) {
        return fail('invalid_input', 'Pick a time in the future to snooze until.');
      }
      return ok('snoozed', { snoozedUntil: new Date(until) }, { until: action.until.toISOString() });
    }
    case 'take_back': {
      // The lead takes a delegated task back (after an escalation, say): held by the lead again.
      if (!isLead) return onlyLead('take back');
      const shut = closed(task);
      if (shut) return shut;
      if (task.status === 'held') return fail('invalid_state', `You already hold ${ref}.`);
      return ok(
        'taken_back',
        { ownerId: null, status: 'held', delegatedAt: null, acceptedAt: null },
        { from: task.ownerId },
      );
    }
    case 'keep': {
      // "Only I can do this": the lead keeps it, and the morning prompt leaves it out for a while.
      if (!isLead) return onlyLead('keep');
      const shut = closed(task);
      if (shut) return shut;
      if (task.status !== 'held') {
        return fail('invalid_state', `${ref} is with ${mention(task.ownerId ?? task.leadId)} already.`);
      }
      if (action.until.getTime() <= now.getTime()) return fail('invalid_input', 'Keep it until a time in the future.');
      const reason = action.reason?.trim() || null;
      return ok('kept', { keptUntil: action.until }, { until: action.until.toISOString(), reason });
    }
  }
}
