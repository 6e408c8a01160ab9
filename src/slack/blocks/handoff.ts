import type { CheckinCadence, Task } from '../../domain/task';
import { taskRef } from '../../domain/task';
import { blockIdFor } from '../ids';
import { dueLabel, escapeWithin, quoteWithin, safeLink, safeTitle, taskLine, titleFirst } from './format';
import { actions, type Block, channelLink, context, contextLine, type Message, mention, section } from './kit';
import { acceptButton, handBackButton, heldElements } from './task-actions';

export interface ZoneOptions {
  /** The recipient's zone. */
  timeZone: string;
  now: Date;
}

export type OfferAnswer = 'accepted' | 'handed_back';

const CADENCE_LABELS: Record<CheckinCadence, string> = {
  none: 'no check-ins',
  daily: 'daily check-ins',
  mwf: 'check-ins Mon, Wed, Fri',
  weekly: 'weekly check-ins',
};

/** The details as a block quote, escaped and cut to fit a section. */
function detailsQuote(details: string | null): Block[] {
  const text = details?.trim();
  return text ? [section(quoteWithin(text, 2500))] : [];
}

function leadOf(task: Task): string {
  return mention(task.leadId);
}

/** DM to the owner: the lead handed them a task; Accept or Hand back. */
export function ownerOffer(task: Task, { timeZone, now }: ZoneOptions): Message {
  const due = dueLabel(task, timeZone, now);
  const where: string[] = [];
  const link = safeLink(task.sourcePermalink, 'from this message');
  if (link) where.push(link);
  if (task.channelId) where.push(`${CADENCE_LABELS[task.checkinCadence]} in ${channelLink(task.channelId)}`);
  return {
    text: `${leadOf(task)} handed you ${taskRef(task)} ${safeTitle(task)}, ${due}. Accept or hand it back.`,
    blocks: [
      section(`${leadOf(task)} handed you ${titleFirst(task)}, ${due}.`),
      ...detailsQuote(task.details),
      ...(where.length > 0 ? [contextLine(where)] : []),
      actions(blockIdFor('task', task.id), [acceptButton(task), handBackButton(task)]),
    ],
  };
}

/** Replaces the owner's offer once they answered: no buttons left. */
export function offerAnswered(task: Task, answer: OfferAnswer, { timeZone, now }: ZoneOptions): Message {
  const sentence =
    answer === 'accepted'
      ? `You accepted ${taskLine(task)}, ${dueLabel(task, timeZone, now)}. ${leadOf(task)} knows. Mark it done with \`/delegate done ${taskRef(task)}\`.`
      : `You handed ${taskLine(task)} back to ${leadOf(task)}.`;
  return {
    text:
      answer === 'accepted'
        ? `You accepted ${taskRef(task)} ${safeTitle(task)}.`
        : `You handed ${taskRef(task)} ${safeTitle(task)} back to ${leadOf(task)}.`,
    blocks: [section(sentence), ...detailsQuote(task.details)],
  };
}

export interface LeadAnswerOptions extends ZoneOptions {
  ownerId: string;
  reason?: string | null;
}

/** DM to the lead: the owner accepted, or handed the task back (with the Hand to… select). */
export function leadAnswer(
  task: Task,
  answer: OfferAnswer,
  { ownerId, reason, timeZone, now }: LeadAnswerOptions,
): Message {
  const owner = mention(ownerId);
  if (answer === 'accepted') {
    return {
      text: `${owner} accepted ${taskRef(task)} ${safeTitle(task)}.`,
      blocks: [section(`${owner} accepted ${titleFirst(task)}, ${dueLabel(task, timeZone, now)}.`)],
    };
  }
  const why = reason?.trim() ? `: “${escapeWithin(reason.trim().replace(/\s+/g, ' '), 1000)}”` : '';
  return {
    text: `${owner} handed back ${taskRef(task)} ${safeTitle(task)}${why}. You hold it again.`,
    blocks: [
      section(`${owner} handed back ${titleFirst(task)}${why}. You hold it again.`),
      actions(blockIdFor('task', task.id), heldElements(task)),
      context('Pick someone else to hand it to, snooze it, or drop it.'),
    ],
  };
}

/** To the former owner after the lead reassigned the task to someone else. */
export function reassignedToFormerOwner(task: Task, _opts: { formerOwnerId: string }): Message {
  const to = task.ownerId ? ` to ${mention(task.ownerId)}` : '';
  const sentence = `${leadOf(task)} reassigned ${titleFirst(task)}${to}. It's off your plate.`;
  return { text: sentence, blocks: [section(sentence)] };
}

/** To the owner after the lead dropped the task. */
export function droppedNotice(task: Task): Message {
  const sentence = `${leadOf(task)} dropped ${titleFirst(task)}. No need to work on it any more.`;
  return { text: sentence, blocks: [section(sentence)] };
}

/** To the lead after someone (usually the owner) finished the task. */
export function doneNotice(task: Task, { actorId }: { actorId: string }): Message {
  const sentence = `${mention(actorId)} finished ${titleFirst(task)} 🏁`;
  return { text: sentence, blocks: [section(sentence)] };
}
