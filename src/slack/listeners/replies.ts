import type { RespondFn } from '@slack/bolt';
import type { CaptureResult } from '../../app/capture-task';
import type { Logger } from '../../observability/logger';
import { delegatedConfirmation, heldConfirmation } from '../blocks/capture';
import type { Message } from '../blocks/kit';
import { couldNotSave, problem } from '../blocks/notices';
import { fixDuePrompt, pickOwnerPrompt } from '../blocks/pending';

/** An ephemeral answer to whoever acted, as a new message (the one they clicked stays). */
export function ephemeral(message: Message) {
  return { response_type: 'ephemeral' as const, replace_original: false, ...message };
}

/** What the lead sees after a capture, whichever way it went. */
export function captureReply(result: CaptureResult, now: Date): Message {
  switch (result.kind) {
    case 'captured': {
      const timeZone = result.lead?.timeZone ?? 'UTC';
      return result.task.ownerId
        ? delegatedConfirmation(result.task, { timeZone, now })
        : heldConfirmation(result.task, { nextPromptAt: result.nextPromptAt, timeZone, now });
    }
    case 'needs_owner':
      return pickOwnerPrompt(result.pendingId, { typedName: result.typedName, candidates: result.candidates });
    case 'needs_due':
      return fixDuePrompt(result.pendingId, { phrase: result.phrase, reason: result.reason });
    case 'rejected':
      return problem(result.message);
  }
}

export interface Context {
  team: string;
  user: string;
  task?: number;
}

/**
 * Runs a use case on behalf of a user; an error of ours is logged with its context and the user
 * gets "couldn't save that" with what they typed, so nothing is lost.
 */
export async function orCouldNotSave(
  logger: Logger,
  context: Context,
  typed: string,
  respond: RespondFn,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    logger.error({ err, ...context }, 'could not complete a user request');
    await respond(ephemeral(couldNotSave(typed))).catch((replyErr: unknown) => {
      logger.error({ err: replyErr, ...context }, 'could not tell the user their request failed');
    });
  }
}
