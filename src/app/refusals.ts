import type { InactiveReason } from '../domain/person';
import type { TaskRefusal } from '../domain/task-lifecycle';

/**
 * Why a use case did nothing, as facts: the ids and numbers the answer needs, never its words.
 * slack/blocks/refusals.ts says each to the person who asked.
 */
export type Refusal =
  | TaskRefusal
  | { kind: 'only_lead'; action: 'nudge'; leadId: string; number: number }
  | { kind: 'no_such_task'; number: number }
  | { kind: 'task_gone' }
  /** Someone else changed it between reading and writing: look again. */
  | { kind: 'changed_meanwhile'; number: number }
  | { kind: 'not_a_member'; userId: string }
  | { kind: 'cannot_lead'; reason: InactiveReason }
  | { kind: 'checkin_gone' }
  | { kind: 'only_owner_or_lead'; action: 'answer' | 'move_due'; number: number }
  | { kind: 'no_longer_open'; number: number }
  /** Thanks are for a task someone else finished, and it is not (any more). */
  | { kind: 'not_finished_by_team'; number: number }
  | { kind: 'no_owner_working'; number: number }
  | { kind: 'new_due_not_future' }
  | { kind: 'title_missing' }
  | { kind: 'title_too_long'; length: number }
  | { kind: 'bad_due'; reason: 'not_understood' | 'in_the_past' }
  | { kind: 'channel_unusable'; channelId: string; problem: 'invisible' | 'archived' | 'private' };
