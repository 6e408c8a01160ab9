import { escapeMrkdwn } from '../../domain/mrkdwn';
import { blockIdFor, actions as ids } from '../ids';
import { actions, button, datepicker, type Message, mention, section, truncate, usersSelect } from './kit';

function cancelButton(pendingId: number) {
  return button('Cancel', ids.cancelPending, String(pendingId));
}

/** "<@A>", "<@A> or <@B>", "<@A>, <@B> or <@C>". */
function orList(userIds: string[]): string {
  const mentions = userIds.slice(0, 10).map(mention);
  const last = mentions.pop();
  return mentions.length > 0 ? `${mentions.join(', ')} or ${last}` : (last ?? '');
}

export interface PickOwnerInput {
  /** The name as typed after @, with or without the @. */
  typedName: string;
  /** User ids it could be; may be empty. */
  candidates: string[];
}

/** Ephemeral under an inline capture whose @name matched nobody, or several people. */
export function pickOwnerPrompt(pendingId: number, { typedName, candidates }: PickOwnerInput): Message {
  const name = `@${escapeMrkdwn(truncate(typedName.replace(/^@/, ''), 80))}`;
  const could = candidates.length > 0 ? ` — it could be ${orList(candidates)}` : '';
  return {
    text: `I couldn't tell who ${name} is${could}. Pick the owner, or cancel.`,
    blocks: [
      section(`I couldn't tell who *${name}* is${could}. Pick the owner and I'll save the task:`),
      actions(blockIdFor('pending', pendingId), [
        usersSelect(ids.pickOwner, 'Pick the owner'),
        cancelButton(pendingId),
      ]),
    ],
  };
}

export interface FixDueInput {
  phrase: string;
  reason: 'not_understood' | 'in_the_past';
}

/** Ephemeral under an inline capture whose due phrase could not be used. The phrase is repeated. */
export function fixDuePrompt(pendingId: number, { phrase, reason }: FixDueInput): Message {
  const quoted = `“${escapeMrkdwn(truncate(phrase.trim(), 200))}”`;
  const problem = reason === 'in_the_past' ? `${quoted} is in the past.` : `I couldn't read ${quoted} as a date.`;
  return {
    text: `${problem} Pick a due date, save without one, or cancel.`,
    blocks: [
      section(`${problem} Pick a due date, or save the task without one:`),
      actions(blockIdFor('pending', pendingId), [
        datepicker(ids.pickDue, 'Pick a date'),
        button('Save without a due date', ids.captureWithoutDue, String(pendingId), { style: 'primary' }),
        cancelButton(pendingId),
      ]),
    ],
  };
}

/** Replaces the pending-capture ephemeral once cancelled. */
export function pendingCancelled(): Message {
  const sentence = 'Cancelled — nothing was saved.';
  return { text: sentence, blocks: [section(sentence)] };
}

/**
 * Replaces the pending-capture ephemeral once resolved. `sentence` is app-built mrkdwn in which
 * any user text is already escaped (e.g. from `taskLine`); it is not escaped again.
 */
export function pendingResolved(sentence: string): Message {
  return { text: sentence, blocks: [section(sentence)] };
}
