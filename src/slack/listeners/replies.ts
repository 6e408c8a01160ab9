import type {
  AllMiddlewareArgs,
  BlockAction,
  RespondArguments,
  RespondFn,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { CaptureResult } from '../../app/capture-task';
import { zoneOf } from '../../domain/person';
import type { Logger } from '../../observability/logger';
import { delegatedConfirmation, heldConfirmation } from '../blocks/capture';
import type { Message } from '../blocks/kit';
import { couldNotSave, problem } from '../blocks/notices';
import { fixDuePrompt, pickOwnerPrompt } from '../blocks/pending';
import { refused } from '../blocks/refusals';
import { slackErrorCode } from '../directory';

/** An ephemeral answer to whoever acted, as a new message (the one they clicked stays). */
export function ephemeral(message: Message) {
  return { response_type: 'ephemeral' as const, replace_original: false, ...message };
}

/** What the lead sees after a capture, whichever way it went. */
export function captureReply(result: CaptureResult, now: Date): Message {
  switch (result.kind) {
    case 'captured': {
      const timeZone = zoneOf(result.lead);
      return result.task.ownerId
        ? delegatedConfirmation(result.task, { timeZone, now })
        : heldConfirmation(result.task, { nextPromptAt: result.nextPromptAt, timeZone, now });
    }
    case 'needs_owner':
      return pickOwnerPrompt(result.pendingId, { typedName: result.typedName, candidates: result.candidates });
    case 'needs_due':
      return fixDuePrompt(result.pendingId, { phrase: result.phrase, reason: result.reason });
    case 'rejected':
      return refused(result.refusal);
  }
}

export interface Context {
  team: string;
  user: string;
  task?: number;
}

/** Slack's 3 seconds to open a form (its trigger) had passed: nothing was lost, the user can ask again. */
export function isLateForm(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code === 'expired_trigger_id' || code === 'invalid_trigger_id';
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
    if (isLateForm(err)) {
      logger.warn({ ...context, code: slackErrorCode(err) }, 'a form could not open in time');
      await answer(ephemeral(problem('That took too long to open; try again.')));
      return;
    }
    logger.error({ err, ...context }, 'could not complete a user request');
    await answer(ephemeral(couldNotSave(typed)));
  }

  async function answer(message: ReturnType<typeof ephemeral>): Promise<void> {
    await respond(message).catch((replyErr: unknown) => {
      logger.error({ err: replyErr, ...context }, 'could not tell the user their request failed');
    });
  }
}

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/**
 * Clicks in a modal or the Home tab come without a response_url, so Bolt gives their listeners no
 * `respond`: answers to them go to the user by DM, and there is no message to replace.
 */
export function answering(listener: (args: ActionArgs) => Promise<void>) {
  return (args: ActionArgs): Promise<void> => {
    if (typeof args.respond === 'function') return listener(args);
    const dm: RespondFn = async (message: string | RespondArguments) => {
      const reply = typeof message === 'string' ? { text: message } : message;
      if (!reply.replace_original) {
        const { response_type: _type, replace_original: _replace, delete_original: _delete, ...content } = reply;
        await args.client.chat.postMessage({ channel: args.body.user.id, text: content.text ?? '', ...content });
      }
      // What a response_url would have answered: no content.
      return new Response(null, { status: 204 });
    };
    return listener({ ...args, respond: dm });
  };
}
