import type { Task } from '../../domain/task';
import { blockIdFor } from '../ids';
import { describeAge, dueLabel, statusLabel, taskLine } from './format';
import {
  actions,
  type Block,
  blocksTextLength,
  context,
  divider,
  header,
  MESSAGE_BLOCK_LIMIT,
  MESSAGE_TEXT_BUDGET,
  type Message,
  mention,
  section,
} from './kit';
import { acceptButton, doneButton, dropButton, handBackButton, heldElements, reassignButton } from './task-actions';

export interface TaskListParts {
  held: Task[];
  delegated: Task[];
  owned: Task[];
}

export interface TaskListOptions {
  viewerId: string;
  timeZone: string;
  now: Date;
}

/** Titles in the list are cut shorter than elsewhere to stay under Slack's total block size. */
const LIST_TITLE_LIMIT = 120;
/** Blocks one row takes: a section and an actions block. */
const ROW_BLOCKS = 2;

type PartKey = keyof TaskListParts;

interface Part {
  key: PartKey;
  title: string;
  empty: string;
  row: (task: Task, blockId: string) => Block[];
}

/**
 * How many rows of each part fit in one message: headers, dividers, and per part either its empty
 * line or its rows plus an "…and K more" line when cut. Rows are handed out round-robin, oldest
 * first, while both the block limit and the text budget hold. `rowText(part, row)` is the text
 * length of a row; `fixedText` that of everything else.
 */
export function allocateRows(
  counts: number[],
  rowText: (part: number, row: number) => number = () => 0,
  { blockLimit = MESSAGE_BLOCK_LIMIT, textBudget = MESSAGE_TEXT_BUDGET, fixedText = 0 } = {},
): number[] {
  const fixedBlocks = counts.length * 2 - 1; // a header per part, dividers between them
  const blocks = (shown: number[]) =>
    fixedBlocks +
    counts.reduce((sum, count, i) => {
      const n = shown[i] ?? 0;
      return sum + (count === 0 ? 1 : ROW_BLOCKS * n + (n < count ? 1 : 0));
    }, 0);
  const shown = counts.map(() => 0);
  let text = fixedText;
  let grew = true;
  while (grew) {
    grew = false;
    for (let i = 0; i < counts.length; i++) {
      const current = shown[i] ?? 0;
      if (current >= (counts[i] ?? 0)) continue;
      const next = shown.map((n, j) => (j === i ? n + 1 : n));
      const cost = rowText(i, current);
      if (blocks(next) <= blockLimit && text + cost <= textBudget) {
        shown[i] = current + 1;
        text += cost;
        grew = true;
      }
    }
  }
  return shown;
}

/** `/delegate list`: what the viewer holds, delegated and owns, each row with its actions. */
export function taskList({ held, delegated, owned }: TaskListParts, { timeZone, now }: TaskListOptions): Message {
  const usedBlockIds = new Set<string>();
  const blockIdOf = (task: Task, key: PartKey) => {
    const base = blockIdFor('task', task.id);
    // A task the viewer both leads and owns appears twice; block ids must be unique in a message.
    const id = usedBlockIds.has(base) ? `${base}:${key}` : base;
    usedBlockIds.add(id);
    return id;
  };

  const parts: Part[] = [
    {
      key: 'held',
      title: 'Held by you',
      empty: 'Nothing held — nice.',
      row: (task, blockId) => [
        section(
          `${taskLine(task, LIST_TITLE_LIMIT)}\nheld ${describeAge(task.createdAt, now)} · ${dueLabel(task, timeZone, now)}`,
        ),
        actions(blockId, heldElements(task)),
      ],
    },
    {
      key: 'delegated',
      title: 'Delegated by you',
      empty: 'Nothing delegated right now.',
      row: (task, blockId) => [
        section(
          `${taskLine(task, LIST_TITLE_LIMIT)}\n${task.ownerId ? `${mention(task.ownerId)} · ` : ''}${statusLabel(task, now)} · ${dueLabel(task, timeZone, now)}`,
        ),
        actions(blockId, [doneButton(task), reassignButton(task), dropButton(task)]),
      ],
    },
    {
      key: 'owned',
      title: 'Owned by you',
      empty: 'Nobody has handed you anything.',
      row: (task, blockId) => [
        section(
          `${taskLine(task, LIST_TITLE_LIMIT)}\nfrom ${mention(task.leadId)} · ${statusLabel(task, now)} · ${dueLabel(task, timeZone, now)}`,
        ),
        actions(
          blockId,
          task.status === 'offered' ? [acceptButton(task), handBackButton(task), doneButton(task)] : [doneButton(task)],
        ),
      ],
    },
  ];
  const tasks: TaskListParts = { held, delegated, owned };
  const lists = parts.map((p) => tasks[p.key]);
  const rowText = (i: number, r: number) => {
    const part = parts[i];
    const task = lists[i]?.[r];
    return part && task ? blocksTextLength(part.row(task, blockIdFor('task', task.id))) : 0;
  };
  // Headers, empty lines and "…and K more" lines: short, bounded.
  const fixedText = 400;
  const shown = allocateRows(
    lists.map((l) => l.length),
    rowText,
    { fixedText },
  );

  const blocks: Block[] = [];
  parts.forEach((part, i) => {
    const all = tasks[part.key];
    const n = shown[i] ?? 0;
    if (i > 0) blocks.push(divider);
    blocks.push(header(`${part.title} (${all.length})`));
    if (all.length === 0) blocks.push(context(part.empty));
    for (const task of all.slice(0, n)) blocks.push(...part.row(task, blockIdOf(task, part.key)));
    if (n < all.length) blocks.push(context(`…and ${all.length - n} more`));
  });

  return {
    text: `You hold ${held.length}, delegated ${delegated.length}, own ${owned.length}`,
    blocks,
  };
}
