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
  /** users_select in the morning prompt (block id = task): hand the task to the picked person. */
  promptHandTo: 'prompt_hand_to',
  /**
   * Suggested-owner buttons in the morning prompt, value `${taskId}:${userId}`. Slack requires
   * action ids unique within a block, so each button's id is this plus `:<index>` (suggestActionId);
   * match them with PROMPT_SUGGEST_PATTERN.
   */
  promptSuggest: 'prompt_suggest',
  /** static_select in the morning prompt (block id = task): 'tomorrow' | 'next_week' | 'date' (opens a modal). */
  promptSnooze: 'prompt_snooze',
  /** button "Only I can do this" (value = task id): opens the keep modal. */
  promptKeep: 'prompt_keep',
  /** button "Drop" in the morning prompt (value = task id), behind a confirm dialog. */
  promptDrop: 'prompt_drop',
  /** Check-in answers (block id `checkin:<checkinId>`, value = check-in id). */
  checkinOnTrack: 'checkin_on_track',
  checkinAtRisk: 'checkin_at_risk',
  checkinBlocked: 'checkin_blocked',
  checkinDone: 'checkin_done',
  /** button "Add a note" under a check-in (value = check-in id): opens the note modal. */
  checkinNote: 'checkin_note',
  /** datepicker under an overdue ask (block id `checkin:<checkinId>`): the new due date. */
  checkinNewDue: 'checkin_new_due',
  /** Escalation DM to the lead (value = task id): remind the owner now. */
  escalationNudge: 'escalation_nudge',
  /** Escalation DM to the lead (value = task id), behind a confirm dialog: the lead holds the task again. */
  escalationTakeBack: 'escalation_take_back',
  /** button "Add a note" on a task the viewer owns (App Home; value = task id): opens a note modal. */
  addNote: 'task_add_note',
  /** button "Settings" on every App Home: opens the settings modal. */
  homeSettings: 'home_settings',
  /** button "Thank <name>" in the weekly digest (block id `task:<id>`, value = task id): thanks the finisher once. */
  digestThank: 'digest_thank',
} as const;

/** Modal callback ids. */
export const views = {
  capture: 'capture_modal',
  handBack: 'hand_back_modal',
  reassign: 'reassign_modal',
  /** "Only I can do this": an optional reason. private_metadata is the caller's. */
  keep: 'keep_modal',
  /** Snooze a held task until a picked date. private_metadata is the caller's. */
  snoozeDate: 'snooze_date_modal',
  /** `/delegate settings`: prompt time, working days, pause. */
  settings: 'settings_modal',
  /** A note (and optional status) on a check-in. private_metadata is the caller's. */
  checkinNote: 'checkin_note_modal',
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
  /** keep modal: why only the lead can do it (optional). */
  keepReason: 'keep_reason',
  /** snooze-date modal: the datepicker. */
  snoozeUntil: 'snooze_until',
  /** check-in note modal: the note (required). */
  checkinNote: 'checkin_note_text',
  /** check-in note modal: a status to report with it (optional static_select). */
  checkinStatus: 'checkin_status',
} as const;

/** Block and action ids of the settings modal's inputs. */
export const settingsFields = {
  promptTime: 'prompt_time',
  workingDays: 'working_days',
  pausedUntil: 'paused_until',
  /** static_select, values '1'..'7' (ISO weekday). */
  digestDay: 'digest_day',
} as const;

/** The action id of the `index`-th suggested-owner button in a prompt row (unique within its block). */
export function suggestActionId(index: number): string {
  return `${actions.promptSuggest}:${index}`;
}

/** Matches every suggested-owner button's action id (for `app.action(...)`). */
export const PROMPT_SUGGEST_PATTERN = /^prompt_suggest(?::\d{1,2})?$/;

/** The message shortcut "Delegate this" (manifest.json). */
export const MESSAGE_SHORTCUT = 'delegate_message';

/** What a block id can point at: a task, a pending capture, or a check-in. */
export type BlockIdKind = 'task' | 'pending' | 'checkin';

/** A select's block id carries what it acts on, e.g. `task:42`, `pending:7` or `checkin:9`. */
export function blockIdFor(kind: BlockIdKind, id: number): string {
  return `${kind}:${id}`;
}

export function idFromBlockId(blockId: string | undefined, kind: BlockIdKind): number | null {
  const match = blockId?.match(/^(task|pending|checkin):(\d{1,15})(?::|$)/);
  return match && match[1] === kind ? Number(match[2]) : null;
}
