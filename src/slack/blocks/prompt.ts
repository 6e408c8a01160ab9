import type { types } from '@slack/bolt';
import { formatDue } from '../../domain/due-date';
import { KEEP_DAYS } from '../../domain/prompt-schedule';
import { isOverdue, type Task, taskRef } from '../../domain/task';
import { blockIdFor, actions as ids, modalFields, suggestActionId, views } from '../ids';
import { buttonName, describeAge, dueLabel, escapeWithin, safeTitle, taskLine } from './format';
import {
  actions,
  type Block,
  blocksTextLength,
  button,
  confirmDialog,
  context,
  header,
  inputBlock,
  MESSAGE_BLOCK_LIMIT,
  MESSAGE_TEXT_BUDGET,
  type Message,
  mention,
  option,
  plainText,
  section,
  staticSelect,
  usersSelect,
} from './kit';

export const KEEP_REASON_MAX_LENGTH = 500;
/** Suggested-owner buttons per task. */
export const MAX_SUGGESTIONS = 3;
/** Reasons shown per suggested owner. */
const MAX_REASONS = 3;
const REASON_LIMIT = 80;
/** Titles in the prompt are cut shorter than elsewhere: up to 15 rows share one message. */
const PROMPT_TITLE_LIMIT = 150;
/** Titles in the notification text. */
const FALLBACK_TITLE_LIMIT = 40;
const FALLBACK_TITLES = 3;

export type PromptOutcomeKind = 'handed' | 'kept' | 'snoozed' | 'dropped';

/** What the lead did with one task of the prompt; the task then shows as one line, without actions. */
export interface PromptOutcome {
  kind: PromptOutcomeKind;
  /** Who acted (the lead, usually). */
  byUserId: string;
  /** handed: the new owner. */
  ownerId?: string | null;
  /** snoozed: when the task comes back. */
  until?: Date | null;
  /** kept: the lead's optional reason (user text). */
  reason?: string | null;
}

export interface PromptSuggestion {
  userId: string;
  /** Why, e.g. "finished 3 similar tasks", "on time 90%". */
  reasons: string[];
}

export interface PromptTask {
  task: Task;
  suggestions: PromptSuggestion[];
  outcome?: PromptOutcome | null;
}

export interface PromptInput {
  leadId: string;
  /** Oldest first, as they should be shown. */
  tasks: PromptTask[];
  /** Display names of suggested people, for the buttons (which cannot render mentions). */
  names?: Record<string, string>;
  /** The lead's zone. */
  timeZone: string;
  now: Date;
}

export const PROMPT_SNOOZE_OPTIONS = [
  option('Tomorrow', 'tomorrow'),
  option('Next week', 'next_week'),
  option('Pick a date…', 'date'),
];

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

function suggestionButtons(task: Task, suggestions: PromptSuggestion[], names: Record<string, string>): types.Button[] {
  const shown = suggestions.slice(0, MAX_SUGGESTIONS);
  return shown.map((s, i) => {
    const name = buttonName(names[s.userId]);
    const fallback = shown.length === 1 ? 'Suggested owner' : `Suggested owner ${i + 1}`;
    return button(name || fallback, suggestActionId(i), `${task.id}:${s.userId}`);
  });
}

function suggestionLine(suggestions: PromptSuggestion[]): string | null {
  const shown = suggestions.slice(0, MAX_SUGGESTIONS);
  if (shown.length === 0) return null;
  const people = shown.map((s) => {
    const reasons = s.reasons
      .map((r) => r.trim().replace(/\s+/g, ' '))
      .filter((r) => r !== '')
      .slice(0, MAX_REASONS)
      .map((r) => escapeWithin(r, REASON_LIMIT));
    return reasons.length > 0 ? `${mention(s.userId)} (${reasons.join(' · ')})` : mention(s.userId);
  });
  return `Suggested: ${people.join(', ')}`;
}

function dropButton(task: Task): types.Button {
  return button('Drop', ids.promptDrop, String(task.id), {
    style: 'danger',
    confirm: confirmDialog(
      `Drop ${taskRef(task)}?`,
      `Nobody will be asked about ${taskRef(task)} again.`,
      'Drop it',
      'Keep it',
      'danger',
    ),
  });
}

/**
 * The open row of a task: its line, its age, due date and suggestions, and what the lead can do
 * (block id `task:<id>`). The App Home shows held tasks with the same row.
 */
export function promptTaskRow(
  { task, suggestions }: PromptTask,
  names: Record<string, string>,
  timeZone: string,
  now: Date,
): Block[] {
  const age = describeAge(task.createdAt, now);
  const facts = [age === 'today' ? 'held since today' : `held ${age}`];
  if (task.dueAt) facts.push(dueLabel(task, timeZone, now));
  if (isOverdue(task, now)) facts.push('⚠️ overdue');
  const lines = [facts.join(' · ')];
  const suggested = suggestionLine(suggestions);
  if (suggested) lines.push(suggested);
  return [
    section(taskLine(task, PROMPT_TITLE_LIMIT)),
    context(lines.join('\n')),
    actions(blockIdFor('task', task.id), [
      usersSelect(ids.promptHandTo, 'Hand to…'),
      ...suggestionButtons(task, suggestions, names),
      staticSelect(ids.promptSnooze, 'Snooze', PROMPT_SNOOZE_OPTIONS),
      button('Only I can do this', ids.promptKeep, String(task.id)),
      dropButton(task),
    ]),
  ];
}

/** One line for a task the lead already acted on. */
export function outcomeLine(task: Task, outcome: PromptOutcome, timeZone: string, now: Date): string {
  const line = taskLine(task, PROMPT_TITLE_LIMIT);
  const by = mention(outcome.byUserId);
  switch (outcome.kind) {
    case 'handed':
      return outcome.ownerId
        ? `✅ ${line} — handed to ${mention(outcome.ownerId)} by ${by}`
        : `✅ ${line} — handed off by ${by}`;
    case 'kept': {
      const reason = outcome.reason?.trim().replace(/\s+/g, ' ');
      const why = reason ? ` (${escapeWithin(reason, 300)})` : '';
      return `🙋 ${line} — kept by ${by}${why} — I won't ask for ${KEEP_DAYS} days`;
    }
    case 'snoozed':
      return outcome.until
        ? `💤 ${line} — snoozed until ${formatDue(outcome.until, false, timeZone, now)} by ${by}`
        : `💤 ${line} — snoozed by ${by}`;
    case 'dropped':
      return `🗑️ ${line} — dropped by ${by}`;
  }
}

function headline(open: number, total: number): string {
  if (total === 0) return "You're not holding anything — nice.";
  if (open === 0) return 'All settled — thanks!';
  return `You're holding ${open} ${plural(open, 'task', 'tasks')}. Who can own ${plural(open, 'this', 'these')}?`;
}

const FOOTER = `“Only I can do this” keeps a task out of these prompts for ${KEEP_DAYS} days. Change when I ask with \`/delegate settings\`.`;

function moreLine(k: number): types.ContextBlock {
  return context(`…and ${k} more — \`/delegate list\``);
}

/**
 * The morning prompt DM: the tasks the lead holds, oldest first, each with Hand to…, suggested
 * owners, Snooze, "Only I can do this" and Drop. Tasks with an outcome (the app re-renders the whole
 * prompt with chat.update after each action) show as one line. As many rows as fit in one message
 * (50 blocks, the text budget) are shown, then "…and K more".
 */
export function promptMessage({ tasks, names = {}, timeZone, now }: PromptInput): Message {
  // Block ids must be unique within a message: a task listed twice is shown once.
  const seen = new Set<number>();
  const rows = tasks.filter(({ task }) => !seen.has(task.id) && seen.add(task.id));
  const open = rows.filter((r) => !r.outcome);
  const title = headline(open.length, rows.length);

  const top: Block[] = [header(title)];
  const bottom: Block[] = open.length > 0 ? [context(FOOTER)] : [];
  const rendered = rows.map((r) =>
    r.outcome ? [section(outcomeLine(r.task, r.outcome, timeZone, now))] : promptTaskRow(r, names, timeZone, now),
  );

  let blockCount = top.length + bottom.length;
  let textLength = blocksTextLength(top) + blocksTextLength(bottom);
  const moreCost = blocksTextLength(moreLine(rows.length));
  let shown = 0;
  for (const row of rendered) {
    const last = shown + 1 === rows.length;
    const blocks = blockCount + row.length + (last ? 0 : 1);
    const text = textLength + blocksTextLength(row) + (last ? 0 : moreCost);
    if (blocks > MESSAGE_BLOCK_LIMIT || text > MESSAGE_TEXT_BUDGET) break;
    blockCount += row.length;
    textLength += blocksTextLength(row);
    shown++;
  }

  const blocks: Block[] = [...top, ...rendered.slice(0, shown).flat()];
  if (shown < rows.length) blocks.push(moreLine(rows.length - shown));
  blocks.push(...bottom);

  const oldest = open
    .slice(0, FALLBACK_TITLES)
    .map(({ task }) => `${taskRef(task)} ${safeTitle(task, FALLBACK_TITLE_LIMIT)}`);
  const extra = open.length > FALLBACK_TITLES ? ', …' : '';
  const text = oldest.length > 0 ? `${title} Oldest: ${oldest.join(', ')}${extra}` : title;
  return { text, blocks };
}

/** The prompt re-rendered after the lead acted on one of its tasks (the rest keep theirs). */
export function promptTaskSettled(input: PromptInput, taskId: number, outcome: PromptOutcome): Message {
  return promptMessage({
    ...input,
    tasks: input.tasks.map((t) => (t.task.id === taskId ? { ...t, outcome } : t)),
  });
}

/** "Only I can do this": an optional reason, then the task stays out of the prompt for 14 days. */
export function keepModal(task: Task, privateMetadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: views.keep,
    private_metadata: privateMetadata,
    title: plainText('Only I can do this', 24),
    submit: plainText('Keep it', 24),
    close: plainText('Cancel', 24),
    blocks: [
      section(`I won't ask you about ${taskLine(task)} for ${KEEP_DAYS} days.`),
      // Slack marks optional inputs "(optional)" next to the label itself.
      inputBlock(
        modalFields.keepReason,
        'Why only you?',
        {
          type: 'plain_text_input',
          action_id: modalFields.keepReason,
          multiline: true,
          max_length: KEEP_REASON_MAX_LENGTH,
          placeholder: plainText('e.g. It needs the board’s sign-off, which only I have'),
        },
        { optional: true },
      ),
    ],
  };
}

/** Snooze a held task until a picked date (the "Pick a date…" snooze option). */
export function snoozeDateModal(task: Task, privateMetadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: views.snoozeDate,
    private_metadata: privateMetadata,
    title: plainText('Snooze', 24),
    submit: plainText('Snooze', 24),
    close: plainText('Cancel', 24),
    blocks: [
      section(`When should I ask you about ${taskLine(task)} again?`),
      inputBlock(modalFields.snoozeUntil, 'Ask me again on', {
        type: 'datepicker',
        action_id: modalFields.snoozeUntil,
        placeholder: plainText('Pick a date'),
      }),
    ],
  };
}
