import { zoneOf } from '../domain/person';
import type { Task, TaskEvent } from '../domain/task';
import { sendNudge } from './checkins';
import type { Deps } from './deps';
import { republishHomes } from './home';
import { knownPerson } from './people';
import type { Notice, ThreadNote } from './ports/notices';
import { DEFAULT_STALE_CLAIM_MS, sendOnce } from './send-once';
import type { DueWork } from './tick';

/** Who is told what about an event. The lead is never told about their own doing. */
export function noticesFor(event: TaskEvent, task: Task): Notice[] {
  const p = event.payload;
  const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : null);
  const notices: Notice[] = [];
  switch (event.kind) {
    case 'offered': {
      const to = text('ownerId');
      if (to) notices.push({ kind: 'offer', task, to });
      break;
    }
    case 'reassigned': {
      const to = text('to');
      const from = text('from');
      if (to) notices.push({ kind: 'offer', task, to });
      if (from && from !== event.actorId) notices.push({ kind: 'reassigned', task, formerOwnerId: from, to: from });
      break;
    }
    case 'accepted':
    case 'handed_back': {
      const answer = event.kind;
      if (task.leadId !== event.actorId) {
        notices.push({ kind: 'answer', task, answer, ownerId: event.actorId, reason: text('reason'), to: task.leadId });
      }
      break;
    }
    case 'done':
      if (task.leadId !== event.actorId) notices.push({ kind: 'done', task, actorId: event.actorId, to: task.leadId });
      break;
    case 'dropped':
      if (task.ownerId && task.ownerId !== event.actorId) notices.push({ kind: 'dropped', task, to: task.ownerId });
      break;
    case 'taken_back': {
      const from = text('from');
      if (from) notices.push({ kind: 'reassigned', task, formerOwnerId: from, to: from });
      break;
    }
    case 'checkin': {
      const status = text('status');
      if ((status === 'at_risk' || status === 'blocked') && task.leadId !== event.actorId) {
        notices.push({ kind: 'alert', task, status, note: text('note'), ownerId: event.actorId, to: task.leadId });
      }
      break;
    }
    case 'escalated': {
      const ownerId = text('ownerId');
      const days = typeof p.silentWorkingDays === 'number' ? p.silentWorkingDays : 2;
      if (ownerId) notices.push({ kind: 'escalation', task, ownerId, silentWorkingDays: days, to: task.leadId });
      break;
    }
    case 'due_changed':
      if (task.leadId !== event.actorId)
        notices.push({ kind: 'due_changed', task, byUserId: event.actorId, to: task.leadId });
      break;
    default:
      break;
  }
  return notices;
}

/**
 * The job is enqueued inside the transaction that records the event (so a Redis outage saves
 * nothing), which means it can start before that transaction commits. It then retries shortly;
 * if the event never appears, the transaction rolled back and there is nothing to tell.
 */
export class EventNotVisibleYet extends Error {
  override name = 'EventNotVisibleYet';
}

/**
 * The job behind every event: tells the people concerned, once each (a delivery row is claimed
 * before each send), and keeps the task's parent message in its channel up to date.
 */
export async function deliverEvent(deps: Deps, teamId: string, eventId: number): Promise<{ sent: number }> {
  const event = await deps.tasks.findEvent(teamId, eventId);
  const task = event && (await deps.tasks.find(teamId, event.taskId));
  if (!event || !task) throw new EventNotVisibleYet(`event ${eventId} of ${teamId} is not committed (yet)`);
  let sent = 0;
  for (const notice of noticesFor(event, task)) {
    const key = `event-${event.id}-${notice.kind}-${notice.to}`;
    const person = await knownPerson(deps, teamId, notice.to);
    const delivery = { teamId, key, kind: notice.kind, target: notice.to };
    const outcome = await sendOnce(deps, delivery, () => deps.messenger.notify(notice, zoneOf(person), key));
    if (outcome.sentNow) sent++;
  }
  if (event.kind === 'nudged' && typeof event.payload.checkinId === 'number')
    await sendNudge(deps, task, event.payload.checkinId);
  if (task.channelId) await showInChannel(deps, task);
  const note = threadNoteFor(event);
  if (note && task.channelId && task.threadTs) {
    const key = `event-${event.id}-thread`;
    const lead = await deps.people.find(teamId, task.leadId);
    const delivery = { teamId, key, kind: `thread_${note.kind}`, target: task.channelId, threadTs: task.threadTs };
    await sendOnce(deps, delivery, () => deps.messenger.threadNote(task, note, zoneOf(lead), key));
  }
  await republishHomes(deps, task, event);
  await deps.outbox.remove(teamId, eventId);
  return { sent };
}

/** The tick's share: events whose delivery job vanished (a flushed Redis) are enqueued again. */
export function dueDeliveries(deps: Pick<Deps, 'outbox' | 'jobs' | 'staleClaimMs'>): DueWork {
  // Twice the time a send may take before it is presumed dead: the job had every chance.
  const graceMs = 2 * (deps.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS);
  return {
    name: 'deliveries',
    async enqueueDue() {
      const stale = await deps.outbox.listStale(graceMs, 1_000);
      for (const { teamId, eventId } of stale) await deps.jobs.deliverEvent(teamId, eventId);
      return stale.length;
    },
  };
}

/** What the task's thread is told about an event, besides its parent message changing. */
function threadNoteFor(event: TaskEvent): ThreadNote | null {
  if (event.kind === 'done') return { kind: 'done', byUserId: event.actorId };
  if (event.kind === 'due_changed') return { kind: 'due_changed', byUserId: event.actorId };
  return null;
}

/** Posts the task's parent message once, or re-renders it in place. */
async function showInChannel(deps: Deps, task: Task): Promise<void> {
  const lead = await knownPerson(deps, task.teamId, task.leadId);
  const timeZone = zoneOf(lead);
  if (task.threadTs) {
    await deps.messenger.updateTaskParent(task, timeZone);
    return;
  }
  const key = `task-${task.id}-parent`;
  const delivery = { teamId: task.teamId, key, kind: 'task_parent', target: task.channelId ?? '' };
  // Found from an earlier attempt too (one cut off before it recorded the thread): the thread is that message.
  const { message } = await sendOnce(deps, delivery, () => deps.messenger.postTaskParent(task, timeZone, key));
  if (message) await deps.tasks.update(task.teamId, task.id, { threadTs: message.ts });
}
