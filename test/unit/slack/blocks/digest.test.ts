import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { DigestFacts, FinishedTask } from '../../../../src/domain/digest';
import { type DigestInput, digestMessage, markThanked, thanksMessage } from '../../../../src/slack/blocks/digest';
import {
  blocksTextLength,
  MESSAGE_BLOCK_LIMIT,
  MESSAGE_TEXT_BUDGET,
  SECTION_TEXT_LIMIT,
} from '../../../../src/slack/blocks/kit';
import { actions, idFromBlockId } from '../../../../src/slack/ids';
import { ANA, EVIL_TITLE, EVIL_TITLE_ESCAPED, interactiveElements, LEAD, NOW, sectionTexts, ZONE } from './helpers';
import { emptyLoad } from './impact-helpers';

const BEN = 'UBEN';
const DAY = 86_400_000;
const WEEK = { start: new Date(NOW.getTime() - 7 * DAY), end: NOW };

function facts(over: Partial<DigestFacts> = {}): DigestFacts {
  return {
    period: WEEK,
    finishedByTeam: [],
    finishedByTeamBefore: 0,
    finishedByLead: 0,
    handedOff: [],
    held: [],
    load: emptyLoad(),
    ...over,
  };
}

const finished = (taskId: number, by: string, title = `Task ${taskId}`): FinishedTask => ({
  taskId,
  number: taskId,
  title,
  by,
  at: new Date('2026-12-02T15:00:00Z'),
});

function input(f: DigestFacts, names: Record<string, string> = {}): DigestInput {
  return { facts: f, timeZone: ZONE, now: NOW, names };
}

function thankButtons(blocks: types.KnownBlock[]) {
  return interactiveElements(blocks).filter((e) => e.element.action_id === actions.digestThank);
}

describe('digestMessage', () => {
  const week = facts({
    finishedByTeam: [finished(12, ANA, 'Write launch memo'), finished(13, BEN)],
    finishedByTeamBefore: 1,
    finishedByLead: 1,
    handedOff: [
      {
        taskId: 20,
        number: 20,
        title: 'Book venue',
        ownerId: ANA,
        at: new Date('2026-12-01T09:00Z'),
        status: 'offered',
      },
      {
        taskId: 21,
        number: 21,
        title: 'Order badges',
        ownerId: BEN,
        at: new Date('2026-11-30T09:00Z'),
        status: 'held',
      },
    ],
    held: [{ taskId: 30, number: 30, title: 'Budget review', capturedAt: new Date('2026-10-29T09:00Z') }],
    load: {
      owners: [
        { ownerId: ANA, open: 3, overdue: 1, taskIds: [1, 2, 3] },
        { ownerId: BEN, open: 1, overdue: 0, taskIds: [4] },
      ],
      totalOpen: 4,
      singlePointsOfFailure: [ANA],
      stranded: [],
    },
  });
  const m = digestMessage(input(week, { [ANA]: 'Ana' }));

  it('has a meaningful text and a summary', () => {
    expect(m.text).toBe('Your week: the team finished 2 tasks; you still hold 1.');
    expect(sectionTexts(m.blocks)[0]).toBe(
      'Your team finished *2 tasks* this week (▲ 1 on the week before). You handed off *2*. You finished 1 yourself. You still hold *1*.',
    );
  });

  it('one Thank button per finished task, named for the finisher, carrying the task', () => {
    const buttons = thankButtons(m.blocks);
    expect(buttons.map((b) => [b.blockId, (b.element.text as { text: string }).text, b.element.value])).toEqual([
      ['task:12', 'Thank Ana', '12'],
      ['task:13', 'Say thanks', '13'],
    ]);
    expect(sectionTexts(m.blocks)).toContain(`🏁 *#12* Write launch memo — <@${ANA}>, Wed 2 Dec`);
  });

  it('what was handed off, what the lead holds and for how long, and the load', () => {
    const texts = sectionTexts(m.blocks);
    expect(texts).toContain(
      `*Handed off this week*\n• *#20* Book venue → <@${ANA}> (waiting for an answer)\n• *#21* Order badges → <@${BEN}> (back with you)`,
    );
    expect(texts).toContain('*You still hold 1* — who could own it?\n• *#30* Budget review — held 5 weeks');
    const load = texts.find((t) => t.startsWith('*Load per owner*'));
    expect(load).toContain(`<@${ANA}> \`██████████\` 3 · 1 overdue · ⚠️`);
    expect(load).toContain(`⚠️ <@${ANA}> holds 3 of 4 open tasks`);
  });

  it('leaves out what is empty', () => {
    const quiet = digestMessage(input(facts({ finishedByLead: 2 })));
    expect(quiet.text).toBe('Your week: the team finished 0 tasks; you still hold 0.');
    expect(sectionTexts(quiet.blocks)).toEqual([
      'Your team finished nothing this week. You finished 2 yourself. You hold nothing — nice.',
    ]);
    expect(thankButtons(quiet.blocks)).toEqual([]);
  });

  it('caps the thanks at 10 and counts the rest', () => {
    const many = digestMessage(
      input(facts({ finishedByTeam: Array.from({ length: 14 }, (_, i) => finished(100 + i, ANA)) })),
    );
    expect(thankButtons(many.blocks)).toHaveLength(10);
    expect(JSON.stringify(many.blocks)).toContain('…and 4 more finished this week');
  });

  it.each([
    ['plain titles', (i: number) => `Task ${i}`],
    ['long, escape-heavy titles', () => `${EVIL_TITLE} ${'&<>'.repeat(60)}`],
  ])('the heaviest week (%s): ≤ 50 blocks, within the text budget', (_, title) => {
    const heavy = facts({
      finishedByTeam: Array.from({ length: 200 }, (_, i) => finished(1000 + i, `UF${i}`, title(i))),
      handedOff: Array.from({ length: 200 }, (_, i) => ({
        taskId: 2000 + i,
        number: 2000 + i,
        title: title(i),
        ownerId: `UO${i}`,
        at: NOW,
        status: 'accepted' as const,
      })),
      held: Array.from({ length: 300 }, (_, i) => ({
        taskId: 3000 + i,
        number: 3000 + i,
        title: title(i),
        capturedAt: new Date(NOW.getTime() - i * DAY),
      })),
      load: {
        owners: Array.from({ length: 60 }, (_, i) => ({ ownerId: `UO${i}`, open: 60 - i, overdue: 1, taskIds: [] })),
        totalOpen: 1830,
        singlePointsOfFailure: [],
        stranded: Array.from({ length: 5 }, (_, i) => ({ ownerId: `UG${i}`, taskIds: [1] })),
      },
    });
    const names = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`UF${i}`, title(i)]));
    const msg = digestMessage(input(heavy, names));
    expect(msg.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCK_LIMIT);
    expect(blocksTextLength(msg.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
    for (const t of sectionTexts(msg.blocks)) expect(t.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    const shown = thankButtons(msg.blocks).length;
    expect(shown).toBeGreaterThan(0);
    expect(JSON.stringify(msg.blocks)).toContain(`…and ${200 - shown} more finished this week`);
    for (const b of thankButtons(msg.blocks)) {
      expect((b.element.text as { text: string }).text.length).toBeLessThanOrEqual(75);
    }
  });
});

describe('markThanked', () => {
  const m = digestMessage(input(facts({ finishedByTeam: [finished(12, ANA), finished(13, BEN)] }), { [ANA]: 'Ana' }));

  it('replaces that task’s button with “thanked”, leaves the others', () => {
    const after = markThanked(m.blocks, 12);
    expect(thankButtons(after).map((b) => idFromBlockId(b.blockId, 'task'))).toEqual([13]);
    expect(sectionTexts(after)).toContain(`🏁 *#12* Task 12 — <@${ANA}>, Wed 2 Dec · 🙌 thanked`);
    expect(markThanked(after, 12)).toEqual(after);
    expect(after.length).toBe(m.blocks.length);
  });
});

describe('thanksMessage', () => {
  it('names the lead, the finisher and the task', () => {
    const t = thanksMessage({ leadId: LEAD, finisherId: ANA, task: { number: 12, title: 'Write launch memo' } });
    expect(t.text).toBe(`🙌 <@${LEAD}> thanks <@${ANA}> for finishing #12 Write launch memo`);
    expect(sectionTexts(t.blocks)).toEqual([`🙌 <@${LEAD}> thanks <@${ANA}> for finishing *#12 Write launch memo*`]);
  });

  it('escapes the title', () => {
    const t = thanksMessage({ leadId: LEAD, finisherId: ANA, task: { number: 12, title: EVIL_TITLE } });
    expect(t.text).toContain(EVIL_TITLE_ESCAPED);
    expect(JSON.stringify(t.blocks)).toContain(EVIL_TITLE_ESCAPED);
  });
});
