import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { type ChangeRequest, changeTask, whyNotAllowed } from '../../../app/change-task';
import type { Deps } from '../../../app/deps';
import { zoneOf } from '../../../domain/person';
import type { SnoozeChoice } from '../../../domain/snooze';
import { offerAnswered } from '../../blocks/handoff';
import { handBackModal, reassignModal } from '../../blocks/modals';
import { taskUpdated } from '../../blocks/notices';
import { refused } from '../../blocks/refusals';
import { ephemeral, orCouldNotSave } from '../replies';
import { actionTarget } from './target';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

const sentences: Record<ChangeRequest['kind'], (n: number) => string> = {
  offer: (n) => `Handed *#${n}* off. I'll tell you when they answer.`,
  reassign: (n) => `Reassigned *#${n}*. I'll tell you when they answer.`,
  accept: (n) => `You accepted *#${n}*.`,
  hand_back: (n) => `Handed *#${n}* back.`,
  complete: (n) => `Marked *#${n}* done. 🏁`,
  drop: (n) => `Dropped *#${n}*.`,
  snooze: (n) => `Snoozed *#${n}*.`,
  take_back: (n) => `You hold *#${n}* again.`,
  reopen: (n) => `Reopened *#${n}*: you hold it again.`,
  keep: (n) => `Kept *#${n}*; I won't ask about it for a while.`,
};

/** A button or select that changes a task; `toChange` reads the request from the action. */
function taskChange(deps: Deps, toChange: (args: Args) => ChangeRequest | null) {
  return async (args: Args) => {
    await args.ack();
    const { team, user, id } = actionTarget(args.body);
    const change = toChange(args);
    if (id === null || change === null) return;
    await orCouldNotSave(deps.logger, { team, user, task: id }, '', args.respond, async () => {
      const result = await changeTask(deps, { teamId: team, actorId: user, task: { id }, change });
      if (!result.ok) {
        await args.respond(ephemeral(refused(result.refusal)));
        return;
      }
      if (change.kind === 'accept') {
        // The owner's offer loses its buttons: the answer is given.
        const person = await deps.people.find(team, user);
        await args.respond({
          replace_original: true,
          ...offerAnswered(result.task, 'accepted', { timeZone: zoneOf(person), now: deps.now() }),
        });
        return;
      }
      await args.respond(ephemeral(taskUpdated(sentences[change.kind](result.task.number))));
    });
  };
}

export const onAccept = (deps: Deps) => taskChange(deps, () => ({ kind: 'accept' }));
export const onDone = (deps: Deps) => taskChange(deps, () => ({ kind: 'complete' }));
export const onDrop = (deps: Deps) => taskChange(deps, () => ({ kind: 'drop' }));

export const onHandTo = (deps: Deps) =>
  taskChange(deps, ({ body }) => {
    const action = body.actions[0];
    return action?.type === 'users_select' && action.selected_user
      ? { kind: 'offer', ownerId: action.selected_user }
      : null;
  });

export const onSnooze = (deps: Deps) =>
  taskChange(deps, ({ body }) => {
    const action = body.actions[0];
    const value =
      action?.type === 'static_select' || action?.type === 'overflow' ? action.selected_option?.value : undefined;
    return value === 'tomorrow' || value === 'next_week' ? { kind: 'snooze', choice: value as SnoozeChoice } : null;
  });

/** Hand back and Reassign ask for more in a modal; the trigger expires in 3 s, so it opens first. */
function openTaskModal(deps: Deps, kind: 'hand_back' | 'reassign', modal: typeof handBackModal) {
  return async ({ ack, body, client, respond }: Args) => {
    await ack();
    const { team, user, id } = actionTarget(body);
    if (id === null) return;
    await orCouldNotSave(deps.logger, { team, user, task: id }, '', respond, async () => {
      const task = await deps.tasks.find(team, id);
      const refusal = task ? whyNotAllowed(task, user, kind, deps.now()) : { kind: 'task_gone' as const };
      if (!task || refusal) {
        await respond(ephemeral(refused(refusal ?? { kind: 'task_gone' })));
        return;
      }
      const view = modal(task);
      const source =
        body.container?.type === 'message' ? { channel: body.container.channel_id, ts: body.container.message_ts } : {};
      await client.views.open({
        trigger_id: body.trigger_id,
        view: { ...view, private_metadata: JSON.stringify({ taskId: task.id, ...source }) },
      });
    });
  };
}

export const onHandBack = (deps: Deps) => openTaskModal(deps, 'hand_back', handBackModal);
export const onReassign = (deps: Deps) => openTaskModal(deps, 'reassign', reassignModal);
