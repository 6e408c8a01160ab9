/** What the use cases ask slack/ to say, in the domain's words; slack/blocks/ turns each into a message. */
import type { ThreadMessageKind } from '../../domain/checkin';
import type { DigestFacts, FinishedTask } from '../../domain/digest';
import type { LeadImpact } from '../../domain/impact';
import type { Task } from '../../domain/task';
import type { CaptureResult } from '../capture-task';
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

/** The answer to an inline `/delegate` capture, through its response_url. */
export type CommandAnswer = { kind: 'captured'; result: CaptureResult } | { kind: 'could_not_save'; typed: string };

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

/** The weekly digest of one lead. */
export interface DigestContent {
  leadId: string;
  facts: DigestFacts;
  /** Display names of the finishers (button labels cannot show mentions). */
  names: Record<string, string>;
}

/** Thanks from a lead to whoever finished a task. */
export interface Thanks {
  leadId: string;
  finisherId: string;
  /** In the task's thread, or by DM to the finisher. */
  via: 'thread' | 'dm';
}

/** What one person's App Home shows (slack/blocks/home.ts words it). */
export interface HomeContent {
  viewerId: string;
  /** null: they never captured a task. */
  lead: {
    impact: LeadImpact;
    /** What they hold, with suggested owners (as in the morning prompt). */
    held: PromptContent['tasks'];
    /** Their open tasks someone else owns. */
    delegated: Task[];
    /** What their team finished for them in the last 7 days, most recent first. */
    finishedByTeam: FinishedTask[];
  } | null;
  /** null: nobody ever handed them a task. */
  owner: { owned: Task[]; finished: Task[] } | null;
  /** Display names of suggested owners. */
  names: Record<string, string>;
}
