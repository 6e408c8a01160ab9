import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { type ChangeRequest, changeTask } from '../../../app/change-task';
import type { Deps } from '../../../app/deps';
import { offerAnswered } from '../../blocks/handoff';
import { problem, taskUpdated } from '../../blocks/notices';
import { modalFields } from '../../ids';
import { formValues, metadata } from './form-values';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * A form that changes one task (hand back with a reason, reassign to someone). The modal closes on
 * the ack; the outcome comes as a DM, and a hand-back also updates the offer it came from in place.
 */
function taskForm(deps: Deps, toChange: (values: ReturnType<typeof formValues>) => ChangeRequest | null) {
  return async ({ ack, body, view, client }: Args) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? '';
    const user = body.user.id;
    const meta = metadata(view);
    const taskId = typeof meta.taskId === 'number' ? meta.taskId : null;
    const change = toChange(formValues(view));
    if (taskId === null || change === null) return;
    try {
      const result = await changeTask(deps, { teamId: team, actorId: user, task: { id: taskId }, change });
      if (!result.ok) {
        await client.chat.postMessage({ channel: user, ...problem(result.message) });
        return;
      }
      if (change.kind === 'hand_back' && typeof meta.channel === 'string' && typeof meta.ts === 'string') {
        const person = await deps.store.findPerson(team, user);
        const answered = offerAnswered(result.task, 'handed_back', {
          timeZone: person?.timeZone ?? 'UTC',
          now: deps.now(),
        });
        await client.chat.update({ channel: meta.channel, ts: meta.ts, ...answered });
        return;
      }
      const sentence = change.kind === 'hand_back' ? 'Handed' : 'Reassigned';
      await client.chat.postMessage({ channel: user, ...taskUpdated(`${sentence} *#${result.task.number}*.`) });
    } catch (err) {
      deps.logger.error({ err, team, user, task: taskId }, 'could not apply a task form');
      await client.chat
        .postMessage({ channel: user, ...problem("Couldn't save that, try again.") })
        .catch((replyErr: unknown) => deps.logger.error({ err: replyErr, team, user }, 'could not report the failure'));
    }
  };
}

export const onHandBackSubmitted = (deps: Deps) =>
  taskForm(deps, (values) => ({ kind: 'hand_back', reason: values.text(modalFields.reason) ?? '' }));

export const onReassignSubmitted = (deps: Deps) =>
  taskForm(deps, (values) => {
    const ownerId = values.user(modalFields.newOwner);
    return ownerId ? { kind: 'reassign', ownerId } : null;
  });
