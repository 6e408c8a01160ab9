import type { Task } from '../../domain/task';
import { taskRef } from '../../domain/task';
import { blockIdFor } from '../ids';
import { describePromptTime, dueLabel, safeTitle, taskLine } from './format';
import { actions, channelLink, type Message, mention, section } from './kit';
import { heldElements } from './task-actions';

export interface HeldConfirmationOptions {
  /** The lead's next morning prompt, or null when their prompts are paused. */
  nextPromptAt: Date | null;
  /** The lead's zone. */
  timeZone: string;
  now: Date;
}

/** Ephemeral to the lead after capturing a task nobody owns yet. */
export function heldConfirmation(task: Task, { nextPromptAt, timeZone, now }: HeldConfirmationOptions): Message {
  const when = nextPromptAt
    ? `I'll ask you ${describePromptTime(nextPromptAt, timeZone, now)} who can own it.`
    : 'Your morning prompts are paused, so I won’t ask about it until you resume them — find it in `/delegate list`.';
  const due = task.dueAt ? ` It's ${dueLabel(task, timeZone, now)}.` : '';
  return {
    text: `Captured ${taskRef(task)} ${safeTitle(task)}. You hold it for now.`,
    blocks: [
      section(`Captured ${taskLine(task)}.${due} You hold it for now — ${when}`),
      actions(blockIdFor('task', task.id), heldElements(task)),
    ],
  };
}

export interface ZoneOptions {
  /** The recipient's zone. */
  timeZone: string;
  now: Date;
}

/** Ephemeral to the lead after handing a task to its owner at capture. */
export function delegatedConfirmation(task: Task, { timeZone, now }: ZoneOptions): Message {
  const owner = task.ownerId ? mention(task.ownerId) : 'its owner';
  const channel = task.channelId ? ` · check-ins in ${channelLink(task.channelId)}` : '';
  const sentence = `Handed ${taskLine(task)} to ${owner}, ${dueLabel(task, timeZone, now)}${channel}.`;
  return {
    text: `Handed ${taskRef(task)} ${safeTitle(task)} to ${owner}, ${dueLabel(task, timeZone, now)}.`,
    blocks: [section(`${sentence} I'll tell you when they answer.`)],
  };
}
