import type { types } from '@slack/bolt';
import type { DigestFacts, HandedOffTask } from '../../domain/digest';
import { formatDue } from '../../domain/due-date';
import { type Task, taskRef } from '../../domain/task';
import { blockIdFor, actions as ids } from '../ids';
import { fitParts, type ListPart, linesWithin, type Part } from './fit';
import { buttonName, describeAge, safeTitle, taskLine } from './format';
import { changeLabel, loadLines, plural, singlePointWarning } from './impact-format';
import {
  type Block,
  button,
  context,
  header,
  MESSAGE_BLOCK_LIMIT,
  MESSAGE_TEXT_BUDGET,
  type Message,
  mention,
  SECTION_TEXT_LIMIT,
  section,
} from './kit';

/**
 * The weekly digest DM: what the team finished and who finished it (each with a "Thank <name>"
 * button: action `digest_thank`, value and block id carry the task), what was handed off, what the
 * lead still holds and for how long, and the load per owner. One message: 50 blocks, the text
 * budget, "…and N more" where lists are long.
 */

const DIGEST_TITLE_LIMIT = 120;
const MAX_THANKS = 10;
const MAX_HANDED_OFF = 10;
const MAX_HELD = 5;
const MAX_LOAD_LINES = 10;

export interface DigestInput {
  facts: DigestFacts;
  /** The lead's zone. */
  timeZone: string;
  now: Date;
  /** Display names of the finishers, for the Thank buttons (which cannot render mentions). */
  names?: Record<string, string>;
}

const HANDED_OFF_STATUS: Record<HandedOffTask['status'], string> = {
  offered: 'waiting for an answer',
  accepted: 'accepted',
  done: 'done 🏁',
  held: 'back with you',
  dropped: 'dropped',
};

function summary(facts: DigestFacts): string {
  const finished = facts.finishedByTeam.length;
  const change = changeLabel(finished - facts.finishedByTeamBefore);
  const parts = [
    finished === 0
      ? 'Your team finished nothing this week.'
      : `Your team finished *${plural(finished, 'task', 'tasks')}* this week (${change} on the week before).`,
  ];
  if (facts.handedOff.length > 0) parts.push(`You handed off *${facts.handedOff.length}*.`);
  if (facts.finishedByLead > 0) parts.push(`You finished ${facts.finishedByLead} yourself.`);
  parts.push(facts.held.length === 0 ? 'You hold nothing — nice.' : `You still hold *${facts.held.length}*.`);
  return parts.join(' ');
}

export function digestMessage({ facts, timeZone, now, names = {} }: DigestInput): Message {
  const finishedRows = facts.finishedByTeam.map((f) => {
    const name = buttonName(names[f.by]);
    const block: types.SectionBlock = {
      ...section(`🏁 ${taskLine(f, DIGEST_TITLE_LIMIT)} — ${mention(f.by)}, ${formatDue(f.at, false, timeZone, now)}`),
      block_id: blockIdFor('task', f.taskId),
      accessory: button(name ? `Thank ${name}` : 'Say thanks', ids.digestThank, String(f.taskId)),
    };
    return [block];
  });
  const finished: ListPart = {
    head: finishedRows.length > 0 ? [section('*Finished by your team*')] : [],
    rows: finishedRows,
    maxRows: MAX_THANKS,
    more: (k) => context(`…and ${k} more finished this week — thank them in their threads too`),
  };

  const parts: Part[] = [[header('Your week with Baton'), section(summary(facts))], finished];

  if (facts.handedOff.length > 0) {
    const lines = facts.handedOff.map(
      (h) => `• ${taskLine(h, DIGEST_TITLE_LIMIT)} → ${mention(h.ownerId)} (${HANDED_OFF_STATUS[h.status]})`,
    );
    parts.push([section(linesWithin('*Handed off this week*', lines, SECTION_TEXT_LIMIT, MAX_HANDED_OFF))]);
  }
  if (facts.held.length > 0) {
    const lines = facts.held.map(
      (h) => `• ${taskLine(h, DIGEST_TITLE_LIMIT)} — held ${describeAge(h.capturedAt, now)}`,
    );
    const head = `*You still hold ${facts.held.length}* — who could own ${facts.held.length === 1 ? 'it' : 'these'}?`;
    parts.push([section(linesWithin(head, lines, SECTION_TEXT_LIMIT, MAX_HELD))]);
  }
  const load = loadLines(facts.load);
  if (load.length > 0) {
    const warning = singlePointWarning(facts.load);
    const body = linesWithin('*Load per owner* (open tasks)', load, SECTION_TEXT_LIMIT - 300, MAX_LOAD_LINES);
    parts.push([section(warning ? `${body}\n${warning}` : body)]);
  }
  parts.push([context('Your weekly digest from Baton. Change its day and time with `/delegate settings`.')]);

  const finishedCount = facts.finishedByTeam.length;
  return {
    text: `Your week: the team finished ${plural(finishedCount, 'task', 'tasks')}; you still hold ${facts.held.length}.`,
    blocks: fitParts(parts, { blocks: MESSAGE_BLOCK_LIMIT, text: MESSAGE_TEXT_BUDGET }),
  };
}

/**
 * The digest after the lead thanked the finisher of `taskId`: that task's Thank button gives way
 * to "🙌 thanked" (pass the message's blocks as Slack returns them; the rest is left alone).
 */
export function markThanked(blocks: readonly Block[], taskId: number): Block[] {
  const id = blockIdFor('task', taskId);
  return blocks.map((block) => {
    if (block.type !== 'section' || block.block_id !== id || !block.accessory || !block.text) return block;
    const { accessory: _button, ...rest } = block;
    return { ...rest, text: { ...block.text, text: `${block.text.text} · 🙌 thanked` } };
  });
}

export interface ThanksInput {
  leadId: string;
  /** Who finished the task. */
  finisherId: string;
  task: Pick<Task, 'number' | 'title'>;
}

/** The thanks, posted in the task's thread (or by DM to the finisher when it has no channel). */
export function thanksMessage({ leadId, finisherId, task }: ThanksInput): Message {
  const sentence = (what: string) => `🙌 ${mention(leadId)} thanks ${mention(finisherId)} for finishing ${what}`;
  return {
    text: sentence(`${taskRef(task)} ${safeTitle(task)}`),
    blocks: [section(sentence(`*${taskRef(task)} ${safeTitle(task)}*`))],
  };
}
