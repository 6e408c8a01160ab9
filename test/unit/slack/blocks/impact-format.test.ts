import { describe, expect, it } from 'vitest';
import { fitParts, type ListPart, linesWithin } from '../../../../src/slack/blocks/fit';
import { bar, changeLabel, describeDuration, heldTrend, percent } from '../../../../src/slack/blocks/impact-format';
import { blocksTextLength, context, section } from '../../../../src/slack/blocks/kit';

describe('text bars and figures', () => {
  it.each([
    [0, 10, ''],
    [1, 10, '█'],
    [5, 10, '█████'],
    [10, 10, '██████████'],
    [1, 1000, '█'],
    [3, 0, ''],
  ])('bar(%i, %i)', (value, max, expected) => {
    expect(bar(value, max)).toBe(expected);
  });

  it.each([
    [3, '▲ 3'],
    [-2, '▼ 2'],
    [0, 'no change'],
  ])('changeLabel(%i)', (change, expected) => {
    expect(changeLabel(change)).toBe(expected);
  });

  it.each([
    [null, '–'],
    [0, '0%'],
    [2 / 3, '67%'],
    [1, '100%'],
  ])('percent(%s)', (rate, expected) => {
    expect(percent(rate)).toBe(expected);
  });

  it.each([
    [30_000, 'under a minute'],
    [35 * 60_000, '35 min'],
    [4 * 3_600_000, '4 h'],
    [47 * 3_600_000, '47 h'],
    [72 * 3_600_000, '3 days'],
  ])('describeDuration(%i)', (ms, expected) => {
    expect(describeDuration(ms)).toBe(expected);
  });

  it.each([
    [[8, 6, 5], 'down from 8 to 5 👏'],
    [[2, 4], 'up from 2 to 4'],
    [[3, 1, 3], 'steady at 3'],
  ])('heldTrend %j', (counts, direction) => {
    const trend = heldTrend(counts.map((held, i) => ({ weekKey: `2026-W4${i}`, at: new Date(0), held })));
    expect(trend.split('\n')[0]).toBe(`*Held at the end of each week* — ${direction}`);
    expect(trend).toContain(`W40 ${bar(counts[0] ?? 0, Math.max(...counts)).padEnd(10)} ${counts[0]}`);
  });
});

describe('linesWithin', () => {
  const lines = ['aaaa', 'bbbb', 'cccc'];
  it.each([
    ['everything fits', 100, undefined, 'Head\naaaa\nbbbb\ncccc'],
    ['a limit on lines', 100, 2, 'Head\naaaa\nbbbb\n…and 1 more'],
    ['a limit on characters, with room for the count', 24, undefined, 'Head\naaaa\n…and 2 more'],
    ['no line fits', 20, undefined, 'Head\n…and 3 more'],
  ])('%s', (_, max, limit, expected) => {
    const out = linesWithin('Head', lines, max, limit);
    expect(out).toBe(expected);
  });

  it('never cuts a line', () => {
    const escaped = Array.from({ length: 50 }, (_, i) => `&lt;!channel&gt; ${i}`);
    const out = linesWithin('Head', escaped, 200);
    for (const line of out.split('\n').slice(1, -1)) expect(escaped).toContain(line);
    expect(out.length).toBeLessThanOrEqual(200);
  });
});

describe('fitParts', () => {
  const row = (i: number) => [section(`row ${i} ${'x'.repeat(40)}`)];
  const list = (n: number, maxRows = 100): ListPart => ({
    head: [section('head')],
    rows: Array.from({ length: n }, (_, i) => row(i)),
    maxRows,
    more: (k) => context(`…and ${k} more`),
    empty: [context('none')],
  });

  it('shows everything that fits, the empty line for an empty list', () => {
    const blocks = fitParts([[section('top')], list(2), list(0)], { blocks: 100, text: 10_000 });
    expect(blocks.map((b) => JSON.stringify(b))).toHaveLength(6);
    expect(JSON.stringify(blocks)).toContain('none');
    expect(JSON.stringify(blocks)).not.toContain('more');
  });

  it('stops at the block limit, the first list first, and counts the rest', () => {
    const blocks = fitParts([list(50), list(50)], { blocks: 20, text: 100_000 });
    expect(blocks.length).toBeLessThanOrEqual(20);
    const more = [...JSON.stringify(blocks).matchAll(/…and (\d+) more/g)].map((m) => Number(m[1]));
    // 2 heads + 2 "more" lines reserved: 16 rows, all to the first list.
    expect(more).toEqual([34, 50]);
  });

  it('stops at the text budget and at maxRows', () => {
    const blocks = fitParts([list(50, 3), list(50)], { blocks: 100, text: 600 });
    expect(blocksTextLength(blocks)).toBeLessThanOrEqual(600);
    const more = [...JSON.stringify(blocks).matchAll(/…and (\d+) more/g)].map((m) => Number(m[1]));
    expect(more[0]).toBe(47);
    expect(more[1]).toBeGreaterThan(40);
  });
});
