import { type Task, taskRef } from '../../domain/task';
import { actions as ids } from '../ids';
import { button, confirmDialog, option, staticSelect, usersSelect } from './kit';

/** Element builders for the things one can do to a task. Buttons carry the task id as value. */

export const SNOOZE_OPTIONS = [option('Tomorrow', 'tomorrow'), option('Next week', 'next_week')];

export function handToSelect(): ReturnType<typeof usersSelect> {
  return usersSelect(ids.handTo, 'Hand to…');
}

export function snoozeSelect(): ReturnType<typeof staticSelect> {
  return staticSelect(ids.snooze, 'Snooze', SNOOZE_OPTIONS);
}

export function dropButton(task: Pick<Task, 'id' | 'number'>): ReturnType<typeof button> {
  return button('Drop', ids.drop, String(task.id), {
    style: 'danger',
    confirm: confirmDialog(
      `Drop ${taskRef(task)}?`,
      `Nobody will be asked about ${taskRef(task)} again. The owner, if any, is told.`,
      'Drop it',
      'Keep it',
      'danger',
    ),
  });
}

export function doneButton(task: Pick<Task, 'id'>): ReturnType<typeof button> {
  return button('Done', ids.done, String(task.id), { style: 'primary' });
}

export function reassignButton(task: Pick<Task, 'id'>): ReturnType<typeof button> {
  return button('Reassign', ids.reassign, String(task.id));
}

export function acceptButton(task: Pick<Task, 'id'>): ReturnType<typeof button> {
  return button('Accept', ids.accept, String(task.id), { style: 'primary' });
}

export function handBackButton(task: Pick<Task, 'id'>): ReturnType<typeof button> {
  return button('Hand back', ids.handBack, String(task.id));
}

/** What a lead can do with a task they hold: hand it to someone, snooze it, drop it. */
export function heldElements(task: Pick<Task, 'id' | 'number'>) {
  return [handToSelect(), snoozeSelect(), dropButton(task)];
}
