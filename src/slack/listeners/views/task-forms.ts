import { type ChangeRequest, changeTask } from '../../../app/change-task';
import type { Deps } from '../../../app/deps';
import { zoneOf } from '../../../domain/person';
import { offerAnswered } from '../../blocks/handoff';
import { taskUpdated } from '../../blocks/notices';
import { refused } from '../../blocks/refusals';
import { modalFields } from '../../ids';
import type { formValues } from './form-values';
import { taskFormSubmission } from './task-form-submission';

/**
 * Hand back (with a reason) and reassign. The outcome comes as a DM, and a hand-back also updates
 * the offer it came from in place.
 */
function taskForm(deps: Deps, toChange: (values: ReturnType<typeof formValues>) => ChangeRequest | null) {
  return taskFormSubmission(deps, toChange, async ({ team, user, taskId, change, meta, client }) => {
    const result = await changeTask(deps, { teamId: team, actorId: user, task: { id: taskId }, change });
    if (!result.ok) {
      await client.chat.postMessage({ channel: user, ...refused(result.refusal) });
      return;
    }
    if (change.kind === 'hand_back' && typeof meta.channel === 'string' && typeof meta.ts === 'string') {
      const person = await deps.people.find(team, user);
      const answered = offerAnswered(result.task, 'handed_back', {
        timeZone: zoneOf(person),
        now: deps.now(),
      });
      await client.chat.update({ channel: meta.channel, ts: meta.ts, ...answered });
      return;
    }
    const sentence = change.kind === 'hand_back' ? 'Handed' : 'Reassigned';
    await client.chat.postMessage({ channel: user, ...taskUpdated(`${sentence} *#${result.task.number}*.`) });
  });
}

export const onHandBackSubmitted = (deps: Deps) =>
  taskForm(deps, (values) => ({ kind: 'hand_back', reason: values.text(modalFields.reason) ?? '' }));

export const onReassignSubmitted = (deps: Deps) =>
  taskForm(deps, (values) => {
    const ownerId = values.user(modalFields.newOwner);
    return ownerId ? { kind: 'reassign', ownerId } : null;
  });
