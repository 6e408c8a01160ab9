import type { types } from '@slack/bolt';
import type { FinishedTask } from '../../domain/digest';
import { formatDue } from '../../domain/due-date';
import type { LeadImpact } from '../../domain/impact';
import { isOverdue, type Task } from '../../domain/task';
import { blockIdFor, actions as ids } from '../ids';
import { fitParts, type ListPart, linesWithin, type Part } from './fit';
import { describeAge, dueLabel, escapeWithin, statusLabel, taskLine } from './format';
import {
  changeLabel,
  describeDuration,
  heldTrend,
  loadLines,
  percent,
  plural,
  singlePointWarning,
} from './impact-format';
import {
  actions,
  type Block,
  button,
  context,
  divider,
  fieldsSection,
  header,
  MESSAGE_TEXT_BUDGET,
  MODAL_BLOCK_LIMIT,
  mention,
  SECTION_TEXT_LIMIT,
  section,
} from './kit';
import { type PromptTask, promptTaskRow } from './prompt';
import { acceptButton, doneButton, handBackButton } from './task-actions';

/**
 * The App Home: for a lead, their impact and what they hold and handed off; for an owner, what
 * they own and finished; both for someone who is both; a welcome for a first-time user. A
 * Settings button on every Home. At most 100 blocks: long lists end with "…and N more".
 *
 * Slack documents no total for a view's text (only 250 KB of JSON); messages fail near 13.2k
 * characters (msg_blocks_too_long), so the Home keeps to the messages' budget to be safe.
 */
export const HOME_TEXT_BUDGET = MESSAGE_TEXT_BUDGET;

const HOME_TITLE_LIMIT = 120;
/** Held tasks shown with their actions: only these need owner suggestions. */
export const HOME_HELD_ROWS = 8;
const MAX_OWNED_ROWS = 8;
const MAX_OWNER_GROUPS = 8;
const TASKS_PER_OWNER = 8;
const MAX_FINISHED = 10;
const MAX_REASONS = 3;
const REASON_LIMIT = 80;
const MAX_LOAD_LINES = 10;

export interface HomeLead {
  impact: LeadImpact;
  /** The tasks the viewer holds, with their suggested owners (shown oldest first). */
  held: PromptTask[];
  /** The open tasks the viewer handed off (offered or accepted). */
  delegated: Task[];
  /** What the viewer's team finished for them lately (the last 7 days), most recent first. */
  finishedByTeam?: FinishedTask[];
}

export interface HomeOwner {
  /** The open tasks the viewer owns. */
  owned: Task[];
  /** The tasks the viewer finished recently (e.g. the last 14 days), any order. */
  finished: Task[];
}

export interface HomeInput {
  viewerId: string;
  /** The viewer's zone. */
  timeZone: string;
  now: Date;
  /** null when the viewer never captured a task. */
  lead: HomeLead | null;
  /** null when nobody ever handed the viewer a task. */
  owner: HomeOwner | null;
  /** Display names for the suggested-owner buttons (which cannot render mentions). */
  names?: Record<string, string>;
}

const settingsButton = () => button('Settings', ids.homeSettings, 'settings');

export function homeView(input: HomeInput): types.HomeView {
  const { lead, owner } = input;
  if (!lead && !owner) return { type: 'home', blocks: welcome() };
  const intro = lead
    ? 'Here is what your team got done because of you, and what is still on your plate.'
    : 'Here is what you own, and what you finished lately.';
  const top: types.SectionBlock = {
    ...section(`Hi ${mention(input.viewerId)}! ${intro}`),
    accessory: settingsButton(),
  };
  const parts: Part[] = [[top]];
  if (lead) parts.push(...leadParts(lead, input));
  // A task both held and owned by the viewer cannot happen; if it did, its block ids must still differ.
  const heldIds = new Set(lead?.held.map(({ task }) => task.id));
  if (owner) parts.push(...ownerParts(owner, heldIds, input));
  return { type: 'home', blocks: fitParts(parts, { blocks: MODAL_BLOCK_LIMIT, text: HOME_TEXT_BUDGET }) };
}

function welcome(): Block[] {
  return [
    header('Welcome to Baton 👋'),
    {
      ...section(
        "Baton helps you hand work off. Capture what you're holding, and every working morning I'll ask who on your team could own it. Owners get check-ins in the task's thread, and this page shows what your team finished because of you.",
      ),
      accessory: settingsButton(),
    },
    section(
      [
        '*How to start*',
        '• `/delegate Write launch memo @ana by Friday #launch` — hand a task to someone now',
        "• `/delegate Renew the domain` — capture something you hold; I'll ask about it in the morning",
        '• `/delegate` — a form with every option',
        '• `/delegate settings` — when I ask you, on which days, and vacations',
      ].join('\n'),
    ),
    context('Nothing here yet: what you hand off, and what others hand you, will show up on this page.'),
  ];
}

// --- the lead's part ---------------------------------------------------------------------------

function leadParts(lead: HomeLead, { timeZone, now, names = {} }: HomeInput): Part[] {
  const { impact } = lead;
  const figures: Block[] = [
    divider,
    header('Your impact'),
    fieldsSection(figureFields(impact, now)),
    section(heldTrend(impact.held.weekly)),
  ];
  const handBacks = handBackText(impact);
  if (handBacks) figures.push(section(handBacks));
  const load = loadText(impact);
  if (load) figures.push(section(load));
  const finished = lead.finishedByTeam ?? [];
  if (finished.length > 0) {
    const lines = finished.map(
      (f) => `🏁 ${taskLine(f, HOME_TITLE_LIMIT)} — ${mention(f.by)}, ${formatDue(f.at, false, timeZone, now)}`,
    );
    figures.push(section(linesWithin('*Finished by your team* (7 days)', lines, SECTION_TEXT_LIMIT, MAX_FINISHED)));
  }

  const held = uniqueHeld(lead.held);
  const heldList: ListPart = {
    head: [divider, header(`You hold (${held.length})`)],
    rows: held.map((row) => promptTaskRow(row, names, timeZone, now)),
    maxRows: HOME_HELD_ROWS,
    more: (k) => context(`…and ${k} more — \`/delegate list\``),
    empty: [context('Nothing held — nice. Capture what comes up with `/delegate`.')],
  };

  const stranded = new Set(impact.load.stranded.map((s) => s.ownerId));
  const groups = byOwner(lead.delegated, now);
  const delegatedList: ListPart = {
    head: [divider, header(`Delegated (${lead.delegated.length})`)],
    rows: groups.map(([ownerId, tasks]) => [
      section(ownerGroupText(ownerId, tasks, stranded.has(ownerId), timeZone, now)),
    ]),
    maxRows: MAX_OWNER_GROUPS,
    more: (k) => context(`…and ${plural(k, 'more owner', 'more owners')} — \`/delegate list\``),
    empty: [context('Nothing delegated right now.')],
  };
  return [figures, heldList, delegatedList];
}

/** Oldest first, each task once (its block id must be unique in the view). */
function uniqueHeld(rows: readonly PromptTask[]): PromptTask[] {
  const seen = new Set<number>();
  return rows
    .filter(({ task }) => !seen.has(task.id) && seen.add(task.id))
    .sort((a, b) => a.task.createdAt.getTime() - b.task.createdAt.getTime() || a.task.id - b.task.id);
}

function figureFields(impact: LeadImpact, now: Date): string[] {
  const { finishedByTeam, held, delegation, followThrough } = impact;
  const week = finishedByTeam.last7Days;
  const month = finishedByTeam.last30Days;
  const oldest = held.oldestCapturedAt;
  return [
    [
      '*Finished by your team*',
      `*${week.count}* in the last 7 days (${changeLabel(week.change)})`,
      `*${month.count}* in the last 30 days (${changeLabel(month.change)})`,
    ].join('\n'),
    [
      '*You still hold*',
      held.count === 0
        ? 'nothing 🎉'
        : `*${plural(held.count, 'task', 'tasks')}*${oldest ? ` · the oldest for ${describeAge(oldest, now)}` : ''}`,
    ].join('\n'),
    [
      '*Delegation* (30 days)',
      delegation.finished === 0
        ? 'nothing finished yet'
        : `${percent(delegation.rate)} finished by others (${delegation.finishedByTeam} of ${delegation.finished})`,
      delegation.medianToAcceptedMs === null
        ? 'no hand-off accepted yet'
        : `an owner accepts after ${describeDuration(delegation.medianToAcceptedMs)} (median)`,
    ].join('\n'),
    [
      '*Follow-through* (30 days)',
      `${percent(followThrough.answerRate)} of check-ins answered`,
      `${percent(followThrough.onTimeRate)} done on time`,
      `${followThrough.overdue} overdue now`,
    ].join('\n'),
  ];
}

function handBackText({ handBacks }: LeadImpact): string | null {
  if (handBacks.count === 0 && handBacks.takenBack === 0) return null;
  const lines: string[] = [];
  if (handBacks.count > 0) {
    for (const { reason, count } of handBacks.byReason.slice(0, MAX_REASONS)) {
      const why = reason === '' ? '(no reason given)' : `“${escapeWithin(reason, REASON_LIMIT)}”`;
      lines.push(`• ${why}${count > 1 ? ` ×${count}` : ''}`);
    }
    const others = handBacks.byReason.length - MAX_REASONS;
    if (others > 0) lines.push(`• …and ${plural(others, 'other reason', 'other reasons')}`);
  }
  if (handBacks.takenBack > 0) lines.push(`You took back ${plural(handBacks.takenBack, 'task', 'tasks')}.`);
  const head =
    handBacks.count > 0
      ? `*Handed back to you* (30 days): ${plural(handBacks.count, 'time', 'times')} on ${plural(handBacks.tasks, 'task', 'tasks')}`
      : '*Handed back to you* (30 days): none';
  return [head, ...lines].join('\n');
}

function loadText({ load }: LeadImpact): string | null {
  const lines = loadLines(load);
  if (lines.length === 0) return null;
  const warning = singlePointWarning(load);
  const body = linesWithin('*Load per owner* (open tasks)', lines, SECTION_TEXT_LIMIT - 300, MAX_LOAD_LINES);
  return warning ? `${body}\n${warning}` : body;
}

/** Overdue first, then the soonest due, then those without a due date, oldest first. */
function byUrgency(now: Date) {
  return (a: Task, b: Task) =>
    Number(isOverdue(b, now)) - Number(isOverdue(a, now)) ||
    (a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    a.id - b.id;
}

/** Delegated tasks grouped by owner: owners with overdue tasks first, then the most loaded. */
function byOwner(tasks: readonly Task[], now: Date): Array<[string, Task[]]> {
  const groups = new Map<string, Task[]>();
  for (const task of tasks) {
    if (!task.ownerId) continue;
    groups.set(task.ownerId, [...(groups.get(task.ownerId) ?? []), task]);
  }
  const overdue = (list: Task[]) => list.filter((t) => isOverdue(t, now)).length;
  return [...groups.entries()]
    .map(([ownerId, list]): [string, Task[]] => [ownerId, list.sort(byUrgency(now))])
    .sort(([a, x], [b, y]) => overdue(y) - overdue(x) || y.length - x.length || (a < b ? -1 : a > b ? 1 : 0));
}

function ownerGroupText(ownerId: string, tasks: Task[], isStranded: boolean, timeZone: string, now: Date): string {
  const overdue = tasks.filter((t) => isOverdue(t, now)).length;
  const facts = [`${mention(ownerId)} · ${tasks.length} open`];
  if (overdue > 0) facts.push(`⚠️ ${overdue} overdue`);
  if (isStranded) facts.push('🚫 deactivated: reassign these');
  const lines = tasks.map(
    (t) => `• ${taskLine(t, HOME_TITLE_LIMIT)} — ${statusLabel(t, now)} · ${dueLabel(t, timeZone, now)}`,
  );
  return linesWithin(facts.join(' · '), lines, SECTION_TEXT_LIMIT, TASKS_PER_OWNER);
}

// --- the owner's part --------------------------------------------------------------------------

function ownerParts(owner: HomeOwner, heldIds: ReadonlySet<number>, { timeZone, now }: HomeInput): Part[] {
  const seen = new Set<number>();
  const owned = owner.owned.filter((t) => !seen.has(t.id) && seen.add(t.id)).sort(byUrgency(now));
  const ownedList: ListPart = {
    head: [divider, header(`You own (${owned.length})`)],
    rows: owned.map((task) => [
      section(
        `${taskLine(task, HOME_TITLE_LIMIT)}\nfrom ${mention(task.leadId)} · ${statusLabel(task, now)} · ${dueLabel(task, timeZone, now)}`,
      ),
      actions(heldIds.has(task.id) ? `${blockIdFor('task', task.id)}:owned` : blockIdFor('task', task.id), [
        ...(task.status === 'offered' ? [acceptButton(task), handBackButton(task)] : []),
        doneButton(task),
        button('Add a note', ids.addNote, String(task.id)),
      ]),
    ]),
    maxRows: MAX_OWNED_ROWS,
    more: (k) => context(`…and ${k} more — \`/delegate list\``),
    empty: [context('Nothing on your plate right now.')],
  };
  const parts: Part[] = [ownedList];
  const finished = [...owner.finished].sort(
    (a, b) => (b.doneAt?.getTime() ?? 0) - (a.doneAt?.getTime() ?? 0) || a.id - b.id,
  );
  if (finished.length > 0) {
    const lines = finished.map((t) => {
      const when = t.doneAt ? ` · ${formatDue(t.doneAt, false, timeZone, now)}` : '';
      return `🏁 ${taskLine(t, HOME_TITLE_LIMIT)} — for ${mention(t.leadId)}${when}`;
    });
    parts.push([section(linesWithin('*You finished recently*', lines, SECTION_TEXT_LIMIT, MAX_FINISHED))]);
  }
  return parts;
}
