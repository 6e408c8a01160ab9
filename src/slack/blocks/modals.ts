import type { types } from '@slack/bolt';
import { escapeMrkdwn } from '../../domain/mrkdwn';
import type { Task } from '../../domain/task';
import { taskRef } from '../../domain/task';
import { captureFields, modalFields, views } from '../ids';
import { taskLine } from './format';
import { context, mention, option, plainText, section, staticSelect, truncate, usersSelect } from './kit';

export const TITLE_MAX_LENGTH = 200;
export const DETAILS_MAX_LENGTH = 3000;
export const REASON_MAX_LENGTH = 500;

export const CADENCE_OPTIONS = {
  none: option('No check-ins', 'none'),
  daily: option('Daily', 'daily'),
  mwf: option('Mon, Wed, Fri', 'mwf'),
  weekly: option('Weekly', 'weekly'),
} as const;

interface InputOptions {
  hint?: string;
  optional?: boolean;
}

/** An input block whose block id and action id are both `id`. */
function input(
  id: string,
  label: string,
  element: types.InputBlockElement,
  { hint, optional = false }: InputOptions = {},
): types.InputBlock {
  const block: types.InputBlock = { type: 'input', block_id: id, label: plainText(label, 2000), element, optional };
  if (hint) block.hint = plainText(hint, 2000);
  return block;
}

export interface CaptureModalInput {
  prefill?: { title?: string; details?: string; sourceLabel?: string };
  /** Passed through; the caller guarantees ≤ 3000 characters. */
  privateMetadata: string;
}

/**
 * The capture form. Prefilled values go into inputs as the user's own raw text (inputs are not
 * mrkdwn, and escaping would put `&amp;` into the saved title); the source label is escaped.
 */
export function captureModal({ prefill = {}, privateMetadata }: CaptureModalInput): types.ModalView {
  const title: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: captureFields.title,
    max_length: TITLE_MAX_LENGTH,
    placeholder: plainText('Write the launch memo'),
  };
  if (prefill.title?.trim()) title.initial_value = truncate(prefill.title.trim(), TITLE_MAX_LENGTH);

  const details: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: captureFields.details,
    multiline: true,
    max_length: DETAILS_MAX_LENGTH,
  };
  if (prefill.details?.trim()) details.initial_value = truncate(prefill.details.trim(), DETAILS_MAX_LENGTH);

  const channel: types.ConversationsSelect = {
    type: 'conversations_select',
    action_id: captureFields.channel,
    placeholder: plainText('Pick a channel'),
    filter: { include: ['public', 'private'], exclude_bot_users: true },
  };

  const blocks: types.KnownBlock[] = [];
  if (prefill.sourceLabel) blocks.push(context(escapeMrkdwn(truncate(prefill.sourceLabel, 2000))));
  blocks.push(
    input(captureFields.title, 'What needs doing?', title),
    input(captureFields.details, 'Details', details, { optional: true }),
    input(captureFields.owner, 'Owner', usersSelect(captureFields.owner, 'Pick a person'), {
      optional: true,
      hint: 'Leave empty to hold it yourself',
    }),
    input(
      captureFields.dueDate,
      'Due date',
      { type: 'datepicker', action_id: captureFields.dueDate, placeholder: plainText('Pick a date') },
      { optional: true, hint: 'Without a time it is due at the end of that working day' },
    ),
    input(
      captureFields.dueTime,
      'Due time',
      { type: 'timepicker', action_id: captureFields.dueTime, placeholder: plainText('Pick a time') },
      { optional: true },
    ),
    input(captureFields.channel, 'Check-in channel', channel, {
      optional: true,
      hint: 'Baton posts the task there and asks the owner for check-ins in its thread',
    }),
    input(
      captureFields.cadence,
      'Check-ins',
      staticSelect(captureFields.cadence, 'How often', Object.values(CADENCE_OPTIONS), CADENCE_OPTIONS.mwf),
      { optional: true },
    ),
  );

  return {
    type: 'modal',
    callback_id: views.capture,
    title: plainText('Delegate', 24),
    submit: plainText('Save', 24),
    close: plainText('Cancel', 24),
    private_metadata: privateMetadata,
    blocks,
  };
}

/** The owner hands a task back: why? private_metadata is the task id. */
export function handBackModal(task: Task): types.ModalView {
  return {
    type: 'modal',
    callback_id: views.handBack,
    private_metadata: String(task.id),
    title: plainText('Hand back', 24),
    submit: plainText('Hand back', 24),
    close: plainText('Cancel', 24),
    blocks: [
      section(`${taskLine(task)} goes back to ${mention(task.leadId)}, who holds it again. They'll see your note.`),
      input(modalFields.reason, 'Why are you handing it back?', {
        type: 'plain_text_input',
        action_id: modalFields.reason,
        multiline: true,
        max_length: REASON_MAX_LENGTH,
        placeholder: plainText(`e.g. I'm out next week — can't make ${taskRef(task)} in time`),
      }),
    ],
  };
}

/** The lead picks a new owner. private_metadata is the task id. */
export function reassignModal(task: Task): types.ModalView {
  const current = task.ownerId ? ` It's with ${mention(task.ownerId)} now; they'll be told it's off their plate.` : '';
  return {
    type: 'modal',
    callback_id: views.reassign,
    private_metadata: String(task.id),
    title: plainText('Reassign', 24),
    submit: plainText('Reassign', 24),
    close: plainText('Cancel', 24),
    blocks: [
      section(`Who should own ${taskLine(task)}?${current}`),
      input(modalFields.newOwner, 'New owner', usersSelect(modalFields.newOwner, 'Pick a person', task.ownerId)),
    ],
  };
}
