/** Slash commands, action ids, callback ids and block ids: the strings Slack sends back to us. */
export const COMMAND = '/delegate';

/** Block actions. Buttons carry the task id as their value; selects carry it in their block id. */
export const actions = {
  accept: 'task_accept',
  handBack: 'task_hand_back',
  /** users_select on a held task: hand it to the picked person now. */
  handTo: 'task_hand_to',
  done: 'task_done',
  drop: 'task_drop',
  /** Opens the reassign modal. */
  reassign: 'task_reassign',
  /** overflow/static select on a held task: values 'tomorrow' | 'next_week'. */
  snooze: 'task_snooze',
  /** users_select under an inline capture whose @name was ambiguous (block id = pending capture). */
  pickOwner: 'pending_pick_owner',
  /** datepicker under an inline capture whose date was not understood (block id = pending capture). */
  pickDue: 'pending_pick_due',
  /** button: capture without the due date that was not understood. */
  captureWithoutDue: 'pending_without_due',
  /** button: forget the pending capture. */
  cancelPending: 'pending_cancel',
} as const;

/** Modal callback ids. */
export const views = {
  capture: 'capture_modal',
  handBack: 'hand_back_modal',
  reassign: 'reassign_modal',
} as const;

/** Block and action ids of the capture modal's inputs. */
export const captureFields = {
  title: 'title',
  details: 'details',
  owner: 'owner',
  dueDate: 'due_date',
  dueTime: 'due_time',
  channel: 'channel',
  cadence: 'cadence',
} as const;

/** Block and action ids of the single-input modals. */
export const modalFields = {
  reason: 'reason',
  newOwner: 'new_owner',
} as const;

/** The message shortcut "Delegate this" (manifest.json). */
export const MESSAGE_SHORTCUT = 'delegate_message';

/** A select's block id carries what it acts on, e.g. `task:42` or `pending:7`. */
export function blockIdFor(kind: 'task' | 'pending', id: number): string {
  return `${kind}:${id}`;
}

export function idFromBlockId(blockId: string | undefined, kind: 'task' | 'pending'): number | null {
  const match = blockId?.match(/^(task|pending):(\d{1,15})(?::|$)/);
  return match && match[1] === kind ? Number(match[2]) : null;
}
