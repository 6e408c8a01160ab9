import type {
  CheckinAsk,
  HistoryEvent,
  LeadHistory,
  PersonState,
  TaskHistory,
} from '../../../src/domain/impact-history';
import type { TaskEventKind } from '../../../src/domain/task';

/** Fixture histories: a task is its capture plus steps, each an event at an instant. */

export const LEAD = 'ULEAD';
export const OTHER_LEAD = 'UOTHER';
export const ANA = 'UANA';
export const BEN = 'UBEN';
export const CAT = 'UCAT';
export const DAN = 'UDAN';

export type Step = { kind: TaskEventKind; at: string; actor: string; payload?: Record<string, unknown> };

export const offer = (at: string, ownerId: string, actor = LEAD): Step => ({
  kind: 'offered',
  at,
  actor,
  payload: { ownerId },
});
export const accept = (at: string, owner: string): Step => ({ kind: 'accepted', at, actor: owner });
export const done = (at: string, by: string, previousStatus = 'accepted'): Step => ({
  kind: 'done',
  at,
  actor: by,
  payload: { by, previousStatus },
});
export const drop = (at: string, previousStatus = 'held'): Step => ({
  kind: 'dropped',
  at,
  actor: LEAD,
  payload: { previousStatus },
});
export const handBack = (at: string, from: string, reason: string): Step => ({
  kind: 'handed_back',
  at,
  actor: from,
  payload: { reason, from },
});
export const reassign = (at: string, from: string, to: string): Step => ({
  kind: 'reassigned',
  at,
  actor: LEAD,
  payload: { from, to },
});
export const takeBack = (at: string, from: string): Step => ({
  kind: 'taken_back',
  at,
  actor: LEAD,
  payload: { from },
});
export const reopen = (at: string, from = 'done'): Step => ({ kind: 'reopened', at, actor: LEAD, payload: { from } });
export const moveDue = (at: string, from: string | null, to: string, actor = ANA): Step => ({
  kind: 'due_changed',
  at,
  actor,
  payload: { from: from && new Date(from).toISOString(), to: new Date(to).toISOString() },
});
export const snooze = (at: string, until: string): Step => ({ kind: 'snoozed', at, actor: LEAD, payload: { until } });
export const keep = (at: string, until: string): Step => ({ kind: 'kept', at, actor: LEAD, payload: { until } });
export const checkinAnswer = (at: string, owner: string, status = 'on_track'): Step => ({
  kind: 'checkin',
  at,
  actor: owner,
  payload: { status },
});
export const escalate = (at: string, ownerId: string): Step => ({
  kind: 'escalated',
  at,
  actor: 'baton',
  payload: { ownerId },
});

let nextId = 1;

export interface TaskOptions {
  id?: number;
  leadId?: string;
  dueAt?: string | null;
  checkins?: Array<[asked: string, answered: string | null]>;
  title?: string;
}

/** A task captured by the lead at `captured`, then the steps in order (event ids rise with them). */
export function task(captured: string, steps: Step[] = [], opts: TaskOptions = {}): TaskHistory {
  const id = opts.id ?? nextId++;
  const leadId = opts.leadId ?? LEAD;
  const events: HistoryEvent[] = [
    { id: id * 1000, kind: 'captured', actorId: leadId, payload: { source: 'command' }, at: new Date(captured) },
    ...steps.map((s, i) => ({
      id: id * 1000 + i + 1,
      kind: s.kind,
      actorId: s.actor,
      payload: s.payload ?? {},
      at: new Date(s.at),
    })),
  ];
  const checkins: CheckinAsk[] = (opts.checkins ?? []).map(([asked, answered]) => ({
    askedAt: new Date(asked),
    answeredAt: answered ? new Date(answered) : null,
  }));
  return {
    id,
    number: id,
    title: opts.title ?? `Task ${id}`,
    leadId,
    createdAt: new Date(captured),
    dueAt: opts.dueAt ? new Date(opts.dueAt) : null,
    events,
    checkins,
  };
}

export function lead(tasks: TaskHistory[], people: PersonState[] = []): LeadHistory {
  return { leadId: LEAD, tasks, people };
}
