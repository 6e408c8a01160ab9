import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../../src/domain/task';
import { blocksTextLength, MESSAGE_BLOCK_LIMIT, MESSAGE_TEXT_BUDGET } from '../../../../src/slack/blocks/kit';
import {
  keepModal,
  type PromptInput,
  type PromptOutcome,
  type PromptTask,
  promptMessage,
  promptTaskSettled,
  snoozeDateModal,
} from '../../../../src/slack/blocks/prompt';
import {
  actions,
  idFromBlockId,
  modalFields,
  PROMPT_SUGGEST_PATTERN,
  suggestActionId,
  views,
} from '../../../../src/slack/ids';
import {
  ANA,
  allStrings,
  EVIL_TEXT,
  EVIL_TITLE,
  EVIL_TITLE_ESCAPED,
  interactiveElements,
  LEAD,
  makeTask,
  NOW,
  sectionTexts,
  ZONE,
} from './helpers';

const RAW = ['<!channel>', '<!here>', '<@U123>', '<script>', '</script>'];
const BARE_AMPERSAND = /&(?!amp;|lt;|gt;)/;
const EVIL_TEXT_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!here&gt;';

function expectOnlyEscaped(value: unknown) {
  for (const { key, value: s } of allStrings(value)) {
    if (key === 'initial_value') continue;
    for (const raw of RAW) expect(s, `${key}: ${s}`).not.toContain(raw);
    expect(s, `${key}: ${s}`).not.toMatch(BARE_AMPERSAND);
  }
}

const BEN = 'UBEN';
const CAT = 'UCAT';
const DAN = 'UDAN';

function row(task: Task, suggestions: PromptTask['suggestions'] = [], outcome?: PromptOutcome): PromptTask {
  return outcome ? { task, suggestions, outcome } : { task, suggestions };
}

function input(tasks: PromptTask[], names: Record<string, string> = {}): PromptInput {
  return { leadId: LEAD, tasks, names, timeZone: ZONE, now: NOW };
}

const tasksOf = (n: number, overrides: Partial<Task> = {}) =>
  Array.from({ length: n }, (_, i) =>
    makeTask({
      id: 5000 + i,
      number: 1 + i,
      title: `Task ${i + 1}`,
      createdAt: new Date(NOW.getTime() - (n - i) * 86_400_000),
      ...overrides,
    }),
  );

function actionBlocks(blocks: types.KnownBlock[]): types.ActionsBlock[] {
  return blocks.filter((b): b is types.ActionsBlock => b.type === 'actions');
}

function headerText(blocks: types.KnownBlock[]): string | undefined {
  const h = blocks.find((b): b is types.HeaderBlock => b.type === 'header');
  return h?.text.text;
}

const suggestions3 = [
  { userId: ANA, reasons: ['finished 3 similar tasks', 'on time 90%'] },
  { userId: BEN, reasons: ['finished 1 similar task'] },
  { userId: CAT, reasons: [] },
  { userId: DAN, reasons: ['a fourth is never shown'] },
];

describe('promptMessage', () => {
  it('says how many, singular and plural', () => {
    const one = promptMessage(input([row(makeTask({ id: 1, number: 12, title: 'Write memo' }))]));
    expect(headerText(one.blocks)).toBe("You're holding 1 task. Who can own this?");
    expect(one.text).toBe("You're holding 1 task. Who can own this? Oldest: #12 Write memo");
    const three = promptMessage(input(tasksOf(3).map((t) => row(t))));
    expect(headerText(three.blocks)).toBe("You're holding 3 tasks. Who can own these?");
    expect(three.text).toBe("You're holding 3 tasks. Who can own these? Oldest: #1 Task 1, #2 Task 2, #3 Task 3");
    const five = promptMessage(input(tasksOf(5).map((t) => row(t))));
    expect(five.text).toBe("You're holding 5 tasks. Who can own these? Oldest: #1 Task 1, #2 Task 2, #3 Task 3, …");
  });

  it('shows a task: line, age and due, suggestions with reasons, then one actions block in order', () => {
    const task = makeTask({ id: 42, number: 12, title: 'Write memo', dueAt: new Date('2026-12-04T16:00:00Z') });
    const m = promptMessage(input([row(task, suggestions3)], { [ANA]: 'Ana', [BEN]: 'Ben' }));
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions', 'context']);
    expect(sectionTexts(m.blocks)).toEqual(['*#12* Write memo']);
    const ctx = JSON.stringify(m.blocks[2]);
    expect(ctx).toContain('held 6 days · due Fri 4 Dec');
    expect(ctx).toContain(
      `Suggested: <@${ANA}> (finished 3 similar tasks · on time 90%), <@${BEN}> (finished 1 similar task), <@${CAT}>`,
    );
    expect(ctx).not.toContain(DAN);

    const [block] = actionBlocks(m.blocks);
    expect(block?.block_id).toBe('task:42');
    const els = block?.elements ?? [];
    expect(els.map((e) => e.action_id)).toEqual([
      actions.promptHandTo,
      suggestActionId(0),
      suggestActionId(1),
      suggestActionId(2),
      actions.promptSnooze,
      actions.promptKeep,
      actions.promptDrop,
    ]);
    expect(els[0]).toMatchObject({ type: 'users_select', placeholder: { text: 'Hand to…' } });
    const buttons = els.filter((e): e is types.Button => e.type === 'button');
    expect(buttons.map((b) => [b.text.text, b.value])).toEqual([
      ['Ana', `42:${ANA}`],
      ['Ben', `42:${BEN}`],
      ['Suggested owner 3', `42:${CAT}`],
      ['Only I can do this', '42'],
      ['Drop', '42'],
    ]);
    const drop = buttons[4];
    expect(drop?.style).toBe('danger');
    expect(drop?.confirm?.title?.text).toBe('Drop #12?');
    const snooze = els[4];
    expect(snooze?.type).toBe('static_select');
    if (snooze?.type === 'static_select') {
      expect(snooze.options?.map((o) => [o.text.text, o.value])).toEqual([
        ['Tomorrow', 'tomorrow'],
        ['Next week', 'next_week'],
        ['Pick a date…', 'date'],
      ]);
    }
  });

  it('suggest action ids are unique per block and all match the listener pattern', () => {
    const m = promptMessage(input(tasksOf(3).map((t) => row(t, suggestions3))));
    for (const block of actionBlocks(m.blocks)) {
      const ids = block.elements.map((e) => e.action_id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const suggest = interactiveElements(m.blocks).filter((e) =>
      String(e.element.action_id).startsWith('prompt_suggest'),
    );
    expect(suggest).toHaveLength(9);
    for (const { element } of suggest) expect(String(element.action_id)).toMatch(PROMPT_SUGGEST_PATTERN);
    expect(actions.promptSuggest).toMatch(PROMPT_SUGGEST_PATTERN);
    expect('prompt_suggestion').not.toMatch(PROMPT_SUGGEST_PATTERN);
  });

  it('falls back to a generic label for a single unnamed suggestion, and says "held since today"', () => {
    const task = makeTask({ id: 7, createdAt: new Date(NOW.getTime() - 3_600_000) });
    const m = promptMessage(input([row(task, [{ userId: ANA, reasons: ['x'] }])]));
    const labels = interactiveElements(m.blocks)
      .map((e) => e.element)
      .filter((e) => e.type === 'button')
      .map((e) => (e.text as { text: string }).text);
    expect(labels[0]).toBe('Suggested owner');
    expect(JSON.stringify(m.blocks)).toContain('held since today');
    expect(JSON.stringify(m.blocks)).not.toContain('due ');
  });

  it.each([1, 3, 16, 17, 60])('%i tasks: ≤ 50 blocks, within the text budget, the rest counted', (n) => {
    const all = tasksOf(n);
    const m = promptMessage(
      input(
        all.map((t) => row(t, suggestions3)),
        { [ANA]: 'Ana' },
      ),
    );
    expect(m.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCK_LIMIT);
    expect(blocksTextLength(m.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
    const shownIds = actionBlocks(m.blocks).map((b) => idFromBlockId(b.block_id, 'task'));
    for (const id of shownIds) expect(id).not.toBeNull();
    // Oldest first, as given, with no gaps.
    expect(shownIds).toEqual(all.slice(0, shownIds.length).map((t) => t.id));
    const more = [...JSON.stringify(m.blocks).matchAll(/…and (\d+) more — `\/delegate list`/g)].map((x) =>
      Number(x[1]),
    );
    if (shownIds.length === n) expect(more).toEqual([]);
    else expect(more).toEqual([n - shownIds.length]);
    // Header, 3 blocks per task, footer: 16 fit exactly; from 17 on, one more line counts the rest.
    if (n > 16) {
      expect(shownIds.length).toBe(15);
      expect(more).toHaveLength(1);
    } else expect(shownIds).toHaveLength(n);
  });

  it('stays under the text budget with long, escape-heavy titles and reasons', () => {
    const title = `${EVIL_TITLE}${'&'.repeat(190)}`;
    const reasons = [EVIL_TEXT.repeat(5), '&'.repeat(200), EVIL_TEXT];
    const all = tasksOf(60, { title });
    const m = promptMessage(
      input(
        all.map((t) =>
          row(
            t,
            [ANA, BEN, CAT].map((userId) => ({ userId, reasons })),
          ),
        ),
        { [ANA]: 'Ana' },
      ),
    );
    expect(m.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCK_LIMIT);
    expect(blocksTextLength(m.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
    const shown = actionBlocks(m.blocks).length;
    expect(shown).toBeGreaterThan(0);
    expect(JSON.stringify(m.blocks)).toContain(`…and ${60 - shown} more`);
    expectOnlyEscaped(m);
  });

  it('escapes titles, reasons and kept reasons everywhere; names on buttons lose control characters', () => {
    const evil = makeTask({ id: 901, number: 9, title: EVIL_TITLE });
    const kept = makeTask({ id: 902, number: 10, title: EVIL_TITLE });
    const m = promptMessage(
      input(
        [
          row(evil, [{ userId: ANA, reasons: [EVIL_TEXT] }]),
          row(kept, [], { kind: 'kept', byUserId: LEAD, reason: EVIL_TEXT }),
        ],
        { [ANA]: '<!channel> & <@U123>' },
      ),
    );
    expectOnlyEscaped(m);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain(`*#9* ${EVIL_TITLE_ESCAPED}`);
    expect(json).toContain(`(${EVIL_TEXT_ESCAPED})`);
    expect(m.text).toContain(EVIL_TITLE_ESCAPED);
    expectOnlyEscaped(keepModal(evil, '{}'));
    expectOnlyEscaped(snoozeDateModal(evil, '{}'));
    expect(JSON.stringify(keepModal(evil, '').blocks)).toContain(EVIL_TITLE_ESCAPED);
  });

  it('the escaping check can fail', () => {
    expect(() => expectOnlyEscaped({ blocks: [{ text: { text: EVIL_TITLE } }] })).toThrow();
    expect(() => expectOnlyEscaped({ text: 'a & b' })).toThrow();
  });

  describe('outcomes', () => {
    const task = makeTask({ id: 77, number: 12, title: 'Write memo' });
    const other = makeTask({ id: 78, number: 13, title: 'Plan offsite' });
    const settled = (outcome: PromptOutcome) => promptMessage(input([row(task, suggestions3, outcome), row(other)]));

    it.each<[string, PromptOutcome, string]>([
      [
        'handed',
        { kind: 'handed', byUserId: LEAD, ownerId: BEN },
        `✅ *#12* Write memo — handed to <@${BEN}> by <@${LEAD}>`,
      ],
      [
        'kept with a reason',
        { kind: 'kept', byUserId: LEAD, reason: ' board\n sign-off ' },
        `🙋 *#12* Write memo — kept by <@${LEAD}> (board sign-off) — I won't ask for 14 days`,
      ],
      [
        'kept without a reason',
        { kind: 'kept', byUserId: LEAD, reason: null },
        `🙋 *#12* Write memo — kept by <@${LEAD}> — I won't ask for 14 days`,
      ],
      [
        'snoozed',
        { kind: 'snoozed', byUserId: LEAD, until: new Date('2026-12-06T23:00:00Z') },
        `💤 *#12* Write memo — snoozed until Mon 7 Dec by <@${LEAD}>`,
      ],
      ['dropped', { kind: 'dropped', byUserId: LEAD }, `🗑️ *#12* Write memo — dropped by <@${LEAD}>`],
    ])('%s: one line, no actions for that task', (_, outcome, line) => {
      const m = settled(outcome);
      expect(sectionTexts(m.blocks)).toEqual([line, '*#13* Plan offsite']);
      expect(actionBlocks(m.blocks).map((b) => b.block_id)).toEqual(['task:78']);
      expect(headerText(m.blocks)).toBe("You're holding 1 task. Who can own this?");
      expect(m.text).toContain('#13 Plan offsite');
      expect(m.text).not.toContain('#12');
    });

    it('promptTaskSettled re-renders the whole prompt with one task settled', () => {
      const base = input([row(task, suggestions3), row(other)]);
      const m = promptTaskSettled(base, 77, { kind: 'dropped', byUserId: LEAD });
      expect(m).toEqual(settled({ kind: 'dropped', byUserId: LEAD }));
    });

    it('all settled: the header thanks, no actions and no footer', () => {
      const m = promptMessage(
        input([
          row(task, [], { kind: 'handed', byUserId: LEAD, ownerId: ANA }),
          row(other, [], { kind: 'dropped', byUserId: LEAD }),
        ]),
      );
      expect(headerText(m.blocks)).toBe('All settled — thanks!');
      expect(m.text).toBe('All settled — thanks!');
      expect(actionBlocks(m.blocks)).toHaveLength(0);
      expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section']);
    });

    it('settled rows take one block, so more open tasks fit after a re-render', () => {
      const all = tasksOf(30);
      const before = promptMessage(input(all.map((t) => row(t))));
      const after = promptMessage(
        input(all.map((t, i) => (i < 10 ? row(t, [], { kind: 'dropped', byUserId: LEAD }) : row(t)))),
      );
      expect(sectionTexts(before.blocks)).toHaveLength(15);
      // 10 one-line settled rows, then as many open rows as still fit: 22 tasks in view instead of 15.
      expect(sectionTexts(after.blocks)).toHaveLength(22);
      expect(actionBlocks(after.blocks).map((b) => idFromBlockId(b.block_id, 'task'))).toEqual(
        all.slice(10, 22).map((t) => t.id),
      );
      expect(JSON.stringify(after.blocks)).toContain('…and 8 more');
      expect(after.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCK_LIMIT);
    });
  });

  it('shows a task listed twice once (block ids stay unique)', () => {
    const t = makeTask({ id: 55 });
    const m = promptMessage(input([row(t), row(t)]));
    expect(actionBlocks(m.blocks)).toHaveLength(1);
  });
});

describe('keepModal and snoozeDateModal', () => {
  const task = makeTask({ id: 31, number: 12, title: 'Write memo' });

  it('keepModal: optional multiline reason, ≤ 500', () => {
    const v = keepModal(task, '{"task":31}');
    expect(v.callback_id).toBe(views.keep);
    expect(v.private_metadata).toBe('{"task":31}');
    expect(v.submit?.text).toBe('Keep it');
    expect(sectionTexts(v.blocks)).toEqual(["I won't ask you about *#12* Write memo for 14 days."]);
    const inputBlock = v.blocks.find((b): b is types.InputBlock => b.type === 'input');
    expect(inputBlock?.block_id).toBe(modalFields.keepReason);
    expect(inputBlock?.optional).toBe(true);
    expect(inputBlock?.label.text).toMatch(/^Why only you\?/);
    expect(inputBlock?.element).toMatchObject({
      type: 'plain_text_input',
      action_id: modalFields.keepReason,
      multiline: true,
      max_length: 500,
    });
  });

  it('snoozeDateModal: a required datepicker', () => {
    const v = snoozeDateModal(task, '31');
    expect(v.callback_id).toBe(views.snoozeDate);
    expect(v.private_metadata).toBe('31');
    expect(v.submit?.text).toBe('Snooze');
    const inputBlock = v.blocks.find((b): b is types.InputBlock => b.type === 'input');
    expect(inputBlock?.block_id).toBe(modalFields.snoozeUntil);
    expect(inputBlock?.optional).toBe(false);
    expect(inputBlock?.element).toMatchObject({ type: 'datepicker', action_id: modalFields.snoozeUntil });
  });
});
