import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { z } from 'zod';
import type { ChangeRequest } from '../../../app/change-task';
import type { Deps } from '../../../app/deps';
import { problem } from '../../blocks/notices';
import { readMetadata, TaskFormMetadata } from '../../payloads/metadata';
import { formValues } from './form-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface TaskFormSubmission {
  team: string;
  user: string;
  taskId: number;
  change: ChangeRequest;
  /** The form's private_metadata (where it was opened from). */
  meta: z.infer<typeof TaskFormMetadata>;
  client: Args['client'];
}

/**
 * A form that changes one task (its id in private_metadata): the modal closes on the ack, then
 * `apply` runs; an error of ours is logged and the user told by DM.
 */
export function taskFormSubmission(
  deps: Deps,
  toChange: (values: ReturnType<typeof formValues>) => ChangeRequest | null,
  apply: (submission: TaskFormSubmission) => Promise<void>,
) {
  return async ({ ack, body, view, client }: Args) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    const meta = readMetadata(view.private_metadata, TaskFormMetadata);
    const change = toChange(formValues(view));
    if (meta === null || change === null) {
      if (meta === null)
        deps.logger.warn({ team, user, form: view.callback_id }, 'ignored a form with metadata Baton did not write');
      return;
    }
    const taskId = meta.taskId;
    try {
      await apply({ team, user, taskId, change, meta, client });
    } catch (err) {
      deps.logger.error({ err, team, user, task: taskId }, 'could not apply a task form');
      await client.chat
        .postMessage({ channel: user, ...problem("Couldn't save that, try again.") })
        .catch((replyErr: unknown) => deps.logger.error({ err: replyErr, team, user }, 'could not report the failure'));
    }
  };
}
