import type { Task, TaskEvent } from '../domain/task';
import type { Deps } from './deps';
import { knownPerson } from './people';
import type { Notice } from './ports';

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
  const event = await deps.store.findEvent(teamId, eventId);
  const task = event && (await deps.store.findTask(teamId, event.taskId));
  if (!event || !task) throw new EventNotVisibleYet(`event ${eventId} of ${teamId} is not committed (yet)`);
  let sent = 0;
  for (const notice of noticesFor(event, task)) {
    const key = `event-${event.id}-${notice.kind}-${notice.to}`;
    if (
      await sendOnce(deps, teamId, key, notice.kind, async () => {
        const person = await knownPerson(deps, teamId, notice.to);
        return deps.messenger.notify(notice, person?.timeZone ?? 'UTC');
      })
    )
      sent++;
  }
  if (task.channelId) await showInChannel(deps, task);
  return { sent };
}

/** Posts the task's parent message once, or re-renders it in place. */
async function showInChannel(deps: Deps, task: Task): Promise<void> {
  const lead = await knownPerson(deps, task.teamId, task.leadId);
  const timeZone = lead?.timeZone ?? 'UTC';
  if (task.threadTs) {
    await deps.messenger.updateTaskParent(task, timeZone);
    return;
  }
  let posted: { channel: string; ts: string } | undefined;
  await sendOnce(deps, task.teamId, `task-${task.id}-parent`, 'task_parent', async () => {
    posted = await deps.messenger.postTaskParent(task, timeZone);
    return posted;
  });
  if (posted) await deps.store.updateTask(task.teamId, task.id, { threadTs: posted.ts });
}

/** Claims the delivery key, sends, records the message; false when it was already sent or is being sent. */
async function sendOnce(
  deps: Deps,
  teamId: string,
  key: string,
  kind: string,
  send: () => Promise<{ channel: string; ts: string }>,
): Promise<boolean> {
  const claim = await deps.store.claimDelivery(teamId, key, kind);
  if (claim !== 'claimed') {
    deps.logger.debug({ team: teamId, key, claim }, 'delivery skipped');
    return false;
  }
  try {
    const message = await send();
    await deps.store.completeDelivery(teamId, key, message);
    return true;
  } catch (err) {
    await deps.store.failDelivery(teamId, key, err instanceof Error ? err.message : String(err));
    throw err;
  }
}
