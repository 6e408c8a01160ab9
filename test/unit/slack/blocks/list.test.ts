import { describe, expect, it } from 'vitest';
import type { Task } from '../../../../src/domain/task';
import { blocksTextLength, MESSAGE_BLOCK_LIMIT, MESSAGE_TEXT_BUDGET } from '../../../../src/slack/blocks/kit';
import { allocateRows, taskList } from '../../../../src/slack/blocks/list';
import { actions, idFromBlockId } from '../../../../src/slack/ids';
import { ANA, EVIL_TITLE, fullTask, interactiveElements, LEAD, makeTask, NOW, sectionTexts, ZONE } from './helpers';

const opts = { viewerId: LEAD, timeZone: ZONE, now: NOW };

function many(n: number, make: (i: number) => Task): Task[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

const heldTasks = (n: number) => many(n, (i) => makeTask({ id: 1000 + i, number: 1 + i }));
const delegatedTasks = (n: number) => many(n, (i) => fullTask({ id: 2000 + i, number: 200 + i, status: 'accepted' }));
const ownedTasks = (n: number) =>
  many(n, (i) => fullTask({ id: 3000 + i, number: 300 + i, leadId: 'UBOSS', ownerId: LEAD, status: 'offered' }));

describe('taskList', () => {
  const sizes = [0, 1, 100];
  const combos = sizes.flatMap((h) => sizes.flatMap((d) => sizes.map((o) => [h, d, o] as const)));

  it.each(combos)('held %i, delegated %i, owned %i: ≤ 50 blocks, counts the rest', (h, d, o) => {
    const message = taskList({ held: heldTasks(h), delegated: delegatedTasks(d), owned: ownedTasks(o) }, opts);
    expect(message.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCK_LIMIT);
    expect(blocksTextLength(message.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
    expect(message.text).toBe(`You hold ${h}, delegated ${d}, own ${o}`);

    const json = JSON.stringify(message.blocks);
    const headers = message.blocks.filter((b) => b.type === 'header').map((b) => JSON.stringify(b));
    expect(headers).toHaveLength(3);
    expect(headers[0]).toContain('Held by you');
    expect(headers[1]).toContain('Delegated by you');
    expect(headers[2]).toContain('Owned by you');
    if (h === 0) expect(json).toContain('Nothing held — nice.');

    // Every row shown + the "…and K more" count add up to the whole part.
    const rows = interactiveElements(message.blocks)
      .map((e) => idFromBlockId(e.blockId, 'task'))
      .filter((id): id is number => id !== null);
    const shown = (lo: number) => new Set(rows.filter((id) => id >= lo && id < lo + 1000)).size;
    const more = [...json.matchAll(/…and (\d+) more/g)].map((m) => Number(m[1]));
    const parts = [h, d, o];
    const shownPerPart = [shown(1000), shown(2000), shown(3000)];
    const expectedMore = parts.map((n, i) => n - (shownPerPart[i] ?? 0)).filter((k) => k > 0);
    expect(more).toEqual(expectedMore);
    for (const [i, n] of parts.entries()) if (n > 0) expect(shownPerPart[i]).toBeGreaterThan(0);
  });

  it('fills the message when everything is large', () => {
    const m = taskList({ held: heldTasks(100), delegated: delegatedTasks(100), owned: ownedTasks(100) }, opts);
    expect(m.blocks.length).toBeGreaterThanOrEqual(MESSAGE_BLOCK_LIMIT - 2);
  });

  it('stays under the text budget with long, escape-heavy titles', () => {
    const title = `${EVIL_TITLE}${'&'.repeat(180)}`;
    const m = taskList(
      {
        held: many(100, (i) => makeTask({ id: 1000 + i, title })),
        delegated: many(100, (i) => fullTask({ id: 2000 + i, title })),
        owned: many(100, (i) => fullTask({ id: 3000 + i, title, leadId: 'UBOSS', ownerId: LEAD })),
      },
      opts,
    );
    expect(blocksTextLength(m.blocks)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
    expect(m.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCK_LIMIT);
    expect(JSON.stringify(m.blocks)).toMatch(/…and \d+ more/);
  });

  it('shows held age, overdue, owner and lead, and the right actions per part', () => {
    const held = makeTask({ id: 11, number: 1, createdAt: new Date('2026-11-27T09:00:00Z') });
    const overdue = fullTask({ id: 12, number: 2, status: 'accepted', dueAt: new Date('2026-12-01T16:00:00Z') });
    const onTime = fullTask({ id: 13, number: 3, status: 'accepted' });
    const offered = fullTask({ id: 14, number: 4, leadId: 'UBOSS', ownerId: LEAD, status: 'offered' });
    const accepted = fullTask({ id: 15, number: 5, leadId: 'UBOSS', ownerId: LEAD, status: 'accepted' });
    const m = taskList({ held: [held], delegated: [overdue, onTime], owned: [offered, accepted] }, opts);
    const texts = sectionTexts(m.blocks);

    expect(texts.find((t) => t.includes('*#1*'))).toContain('held 6 days');
    expect(texts.find((t) => t.includes('*#2*'))).toContain('⚠️ overdue');
    expect(texts.find((t) => t.includes('*#2*'))).toContain(`<@${ANA}>`);
    expect(texts.find((t) => t.includes('*#3*'))).not.toContain('overdue');
    expect(texts.find((t) => t.includes('*#4*'))).toContain('from <@UBOSS>');

    const byTask = new Map<number, string[]>();
    for (const { blockId, element } of interactiveElements(m.blocks)) {
      const id = idFromBlockId(blockId, 'task');
      expect(id).not.toBeNull();
      if (id === null) continue;
      byTask.set(id, [...(byTask.get(id) ?? []), String(element.action_id)]);
      if (element.type === 'button') expect(element.value).toBe(String(id));
    }
    expect(byTask.get(11)).toEqual([actions.handTo, actions.snooze, actions.drop]);
    expect(byTask.get(12)).toEqual([actions.done, actions.reassign, actions.drop]);
    expect(byTask.get(14)).toEqual([actions.accept, actions.handBack, actions.done]);
    expect(byTask.get(15)).toEqual([actions.done]);
  });

  it('keeps block ids unique when a task is both delegated and owned by the viewer', () => {
    const self = fullTask({ id: 77, ownerId: LEAD, status: 'accepted' });
    const m = taskList({ held: [], delegated: [self], owned: [self] }, opts);
    const ids = m.blocks.flatMap((b) => (b.block_id ? [b.block_id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(idFromBlockId(id, 'task')).toBe(77);
  });
});

describe('allocateRows', () => {
  it('shares rows round-robin within the block limit', () => {
    // 3 headers + 2 dividers + 3 "more" lines = 8; 42 left → 21 rows, 7 each.
    expect(allocateRows([100, 100, 100])).toEqual([7, 7, 7]);
    expect(allocateRows([0, 100, 0])).toEqual([0, 21, 0]);
    expect(allocateRows([2, 100, 0])).toEqual([2, 19, 0]);
  });

  it('respects the text budget', () => {
    expect(allocateRows([10, 10, 10], () => 1000, { textBudget: 5000 })).toEqual([2, 2, 1]);
  });
});
