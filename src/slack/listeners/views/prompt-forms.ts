import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ChangeRequest } from '../../../app/change-task';
import type { Deps } from '../../../app/deps';
import { modalFields } from '../../ids';
import { changeFromPrompt, type PromptRef } from '../actions/prompt-actions';
import { formValues, metadata } from './form-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** A form opened from the morning prompt (keep with a reason, snooze to a date): change, then refresh the prompt. */
function promptForm(deps: Deps, toChange: (values: ReturnType<typeof formValues>) => ChangeRequest | null) {
  return async ({ ack, body, view, client }: Args) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    const meta = metadata(view);
    const taskId = typeof meta.taskId === 'number' ? meta.taskId : null;
    const change = toChange(formValues(view));
    if (taskId === null || change === null) return;
    const prompt = (meta.prompt ?? null) as PromptRef | null;
    const dm = (message: { text: string }) => client.chat.postMessage({ channel: user, ...message });
    try {
      await changeFromPrompt(deps, { team, user, taskId, prompt }, change, dm);
    } catch (err) {
      deps.logger.error({ err, team, user, task: taskId }, 'could not apply a form from the morning prompt');
      await dm({ text: "Couldn't save that, try again." }).catch((replyErr: unknown) =>
        deps.logger.error({ err: replyErr, team, user }, 'could not report the failure'),
      );
    }
  };
}

export const onKeepSubmitted = (deps: Deps) =>
  promptForm(deps, (values) => ({ kind: 'keep', reason: values.text(modalFields.keepReason) }));

export const onSnoozeDateSubmitted = (deps: Deps) =>
  promptForm(deps, (values) => {
    const date = values.date(modalFields.snoozeUntil);
    return date ? { kind: 'snooze', choice: { date } } : null;
  });
