/** What the use cases ask slack/ to say, in the domain's words; slack/blocks/ turns each into a message. */
import type { ThreadMessageKind } from '../../domain/checkin';
import type { Task } from '../../domain/task';
import type { ChannelProblem } from './errors';

/** Where a message landed in Slack. */
export interface PostedMessage {
  channel: string;
  ts: string;
}

/** Something to tell someone in Slack by DM. */
export type Notice =
  | { kind: 'offer'; task: Task; to: string }
  | { kind: 'alert'; task: Task; status: 'at_risk' | 'blocked'; note: string | null; ownerId: string; to: string }
  | { kind: 'escalation'; task: Task; ownerId: string; silentWorkingDays: number; to: string }
  | { kind: 'fallback'; task: Task; channelId: string; reason: ChannelProblem; to: string }
  | { kind: 'due_changed'; task: Task; byUserId: string; to: string }
  | {
      kind: 'answer';
      task: Task;
      answer: 'accepted' | 'handed_back';
      ownerId: string;
      reason: string | null;
      to: string;
    }
  | { kind: 'reassigned'; task: Task; formerOwnerId: string; to: string }
  | { kind: 'dropped'; task: Task; to: string }
  | { kind: 'done'; task: Task; actorId: string; to: string };

/** The morning prompt: the tasks a lead holds, with suggested owners, and what became of each. */
export interface PromptContent {
  leadId: string;
  /** Display names of suggested owners (button labels cannot show mentions). */
  names: Record<string, string>;
  tasks: Array<{ task: Task; suggestions: Array<{ userId: string; reasons: string[] }>; outcome?: PromptOutcome }>;
}

export type PromptOutcome =
  | { kind: 'handed'; byUserId: string; ownerId: string }
  | { kind: 'kept'; byUserId: string; until: Date; reason: string | null }
  | { kind: 'snoozed'; byUserId: string; until: Date }
  | { kind: 'dropped'; byUserId: string };

/** A message of the check-in machinery: in the task's thread, or by DM to the owner. */
export interface ThreadAsk {
  kind: ThreadMessageKind;
  checkinId: number;
  reason: 'cadence' | 'before_due' | 'due_day' | null;
  /** 'dm' when the task has no channel, or its channel can't take messages. */
  via: 'thread' | 'dm';
}

/** A line in the task's thread about something that happened. */
export type ThreadNote = { kind: 'done'; byUserId: string } | { kind: 'due_changed'; byUserId: string };
