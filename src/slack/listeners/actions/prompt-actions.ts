import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { type ChangeRequest, changeTask } from '../../../app/change-task';
import type { Deps } from '../../../app/deps';
import { refreshPrompt } from '../../../app/morning-prompt';
import type { Message } from '../../blocks/kit';
import { keepModal, snoozeDateModal } from '../../blocks/prompt';
import { refused } from '../../blocks/refusals';
import { slackErrorCode } from '../../directory';
import { idFromBlockId } from '../../ids';
import { RowIdText, UserId } from '../../payloads/ids';
import type { PromptRef } from '../../payloads/metadata';
import { ephemeral, orCouldNotSave } from '../replies';
import { actionTarget } from './target';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** A suggested-owner button's value: `<taskId>:<userId>`. */
const SuggestionValue = z
  .string()
  .transform((value) => {
    const [taskId, ownerId] = value.split(':');
    return { taskId, ownerId };
  })
  .pipe(z.object({ taskId: RowIdText, ownerId: UserId }));

/** The prompt a click came from (its message and the tasks it shows), or null when it came from elsewhere. */
export function promptRef(body: BlockAction): PromptRef | null {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  const blocks = (body.message?.blocks ?? []) as Array<{ block_id?: string }>;
  const taskIds = [...new Set(blocks.map((b) => idFromBlockId(b.block_id, 'task')).filter((id) => id !== null))];
  if (!container?.channel_id || !container.message_ts) return null;
  return { channel: container.channel_id, ts: container.message_ts, taskIds };
}

/** Applies a change from the prompt, then shows in the prompt what was done and by whom. */
export async function changeFromPrompt(
  deps: Deps,
  where: { team: string; user: string; taskId: number; prompt: PromptRef | null },
  change: ChangeRequest,
  reply: (message: Message) => Promise<unknown>,
): Promise<void> {
  const { team, user, taskId, prompt } = where;
  const result = await changeTask(deps, { teamId: team, actorId: user, task: { id: taskId }, change });
  if (!result.ok) {
    await reply(refused(result.refusal));
    return;
  }
  if (!prompt) return;
  try {
    await refreshPrompt(deps, team, user, { channel: prompt.channel, ts: prompt.ts }, prompt.taskIds);
  } catch (err) {
    // The change is saved; only the prompt still shows the task as it was (deleted since, say).
    const gone = ['message_not_found', 'cant_update_message', 'channel_not_found'].includes(slackErrorCode(err) ?? '');
    if (gone) deps.logger.warn({ team, user, task: taskId }, 'the prompt to show a change in is gone');
    else deps.logger.error({ err, team, user, task: taskId }, 'could not show a change in the prompt');
  }
}

function promptChange(deps: Deps, toChange: (args: Args) => { taskId: number | null; change: ChangeRequest } | null) {
  return async (args: Args) => {
    await args.ack();
    const { team, user } = actionTarget(args.body);
    const picked = toChange(args);
    if (!picked || picked.taskId === null) return;
    const taskId = picked.taskId;
    await orCouldNotSave(deps.logger, { team, user, task: taskId }, '', args.respond, () =>
      changeFromPrompt(deps, { team, user, taskId, prompt: promptRef(args.body) }, picked.change, (m) =>
        args.respond(ephemeral(m)),
      ),
    );
  };
}

export const onPromptHandTo = (deps: Deps) =>
  promptChange(deps, ({ body }) => {
    const action = body.actions[0];
    if (action?.type !== 'users_select' || !action.selected_user) return null;
    return { taskId: actionTarget(body).id, change: { kind: 'offer', ownerId: action.selected_user } };
  });

export const onPromptSuggest = (deps: Deps) =>
  promptChange(deps, ({ body }) => {
    const action = body.actions[0];
    const suggestion = SuggestionValue.safeParse(action?.type === 'button' ? action.value : undefined);
    if (!suggestion.success) return null;
    const { taskId, ownerId } = suggestion.data;
    return { taskId, change: { kind: 'offer', ownerId } };
  });

export const onPromptDrop = (deps: Deps) =>
  promptChange(deps, ({ body }) => ({ taskId: actionTarget(body).id, change: { kind: 'drop' } }));

/** Snooze from the prompt: tomorrow and next week act at once; "Pick a date…" opens a form. */
export const onPromptSnooze =
  (deps: Deps) =>
  async (args: Args): Promise<void> => {
    const action = args.body.actions[0];
    const value = action?.type === 'static_select' ? action.selected_option?.value : undefined;
    if (value === 'date') {
      await openPromptModal(deps, args, snoozeDateModal);
      return;
    }
    if (value !== 'tomorrow' && value !== 'next_week') {
      await args.ack();
      return;
    }
    await promptChange(deps, ({ body }) => ({
      taskId: actionTarget(body).id,
      change: { kind: 'snooze', choice: value },
    }))(args);
  };

/** "Only I can do this": a form for an optional reason. */
export const onPromptKeep = (deps: Deps) => (args: Args) => openPromptModal(deps, args, keepModal);

async function openPromptModal(deps: Deps, args: Args, modal: typeof keepModal): Promise<void> {
  await args.ack();
  const { team, user, id } = actionTarget(args.body);
  if (id === null) return;
  await orCouldNotSave(deps.logger, { team, user, task: id }, '', args.respond, async () => {
    const task = await deps.tasks.find(team, id);
    if (!task) {
      await args.respond(ephemeral(refused({ kind: 'task_gone' })));
      return;
    }
    const metadata = JSON.stringify({ taskId: task.id, prompt: promptRef(args.body) });
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: modal(task, metadata) });
  });
}
