import { formatDue } from '../../domain/due-date';
import type { Task } from '../../domain/task';
import { taskRef } from '../../domain/task';
import { checkinStatusText } from './checkin';
import { dueLabel, quoteWithin, safeLink, safeTitle, statusLabel, taskLine } from './format';
import { contextLine, type Message, mention, section } from './kit';

export interface ChannelParentOptions {
  /** The lead's zone: the channel sees one rendering, and the lead set the date. */
  timeZone: string;
  now: Date;
}

function people(task: Task): string {
  return task.ownerId ? `${mention(task.leadId)} → ${mention(task.ownerId)}` : `held by ${mention(task.leadId)}`;
}

/** The owner's last check-in answer: "🟠 At risk · reported Tue 1 Dec 10:42", or null. */
function lastStatusLabel(task: Task, timeZone: string, now: Date): string | null {
  if (!task.lastStatus) return null;
  const status = checkinStatusText(task.lastStatus);
  return task.lastStatusAt ? `${status} · reported ${formatDue(task.lastStatusAt, true, timeZone, now)}` : status;
}

/**
 * The task's parent message in its check-in channel. Re-rendered and updated on every change, so it
 * reflects any status; check-ins go into its thread.
 */
export function channelParent(task: Task, { timeZone, now }: ChannelParentOptions): Message {
  const status = statusLabel(task, now);
  const due = dueLabel(task, timeZone, now);
  const details = task.details?.trim();
  const last = lastStatusLabel(task, timeZone, now);
  const meta = [people(task), due, status];
  if (last) meta.push(last);
  const link = safeLink(task.sourcePermalink, 'source');
  if (link) meta.push(link);
  const closed = task.status === 'done' || task.status === 'dropped';
  return {
    text: `${taskRef(task)} ${safeTitle(task)} — ${people(task)}, ${due}, ${status}${last ? `, ${last}` : ''}`,
    blocks: [
      section(taskLine(task)),
      ...(details ? [section(quoteWithin(details, 1000))] : []),
      contextLine(meta),
      ...(closed ? [] : [contextLine(['Check-ins for this task are posted in this thread.'])]),
    ],
  };
}
