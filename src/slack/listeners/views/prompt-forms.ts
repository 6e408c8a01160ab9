import type { ChangeRequest } from '../../../app/change-task';
import type { Deps } from '../../../app/deps';
import { modalFields } from '../../ids';
import { changeFromPrompt } from '../actions/prompt-actions';
import type { formValues } from './form-values';
import { taskFormSubmission } from './task-form-submission';

/** A form opened from the morning prompt (keep with a reason, snooze to a date): change, then refresh the prompt. */
function promptForm(deps: Deps, toChange: (values: ReturnType<typeof formValues>) => ChangeRequest | null) {
  return taskFormSubmission(deps, toChange, ({ team, user, taskId, change, meta, client }) =>
    changeFromPrompt(deps, { team, user, taskId, prompt: meta.prompt ?? null }, change, (m) =>
      client.chat.postMessage({ channel: user, ...m }),
    ),
  );
}

export const onKeepSubmitted = (deps: Deps) =>
  promptForm(deps, (values) => ({ kind: 'keep', reason: values.text(modalFields.keepReason) }));

export const onSnoozeDateSubmitted = (deps: Deps) =>
  promptForm(deps, (values) => {
    const date = values.date(modalFields.snoozeUntil);
    return date ? { kind: 'snooze', choice: { date } } : null;
  });
