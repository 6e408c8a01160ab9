import { describe, expect, it } from 'vitest';
import {
  describeAge,
  describePromptTime,
  dueLabel,
  escapeWithin,
  quoteWithin,
  statusLabel,
} from '../../../../src/slack/blocks/format';
import { makeTask, NOW, ZONE } from './helpers';

const ago = (ms: number) => new Date(NOW.getTime() - ms);
const DAY = 86_400_000;

describe('describeAge', () => {
  it.each([
    [0, 'today'],
    [DAY - 1, 'today'],
    [DAY, '1 day'],
    [6 * DAY, '6 days'],
    [13 * DAY, '13 days'],
    [21 * DAY, '3 weeks'],
    [65 * DAY, '2 months'],
    [400 * DAY, '1 year'],
  ])('%i ms → %s', (ms, expected) => {
    expect(describeAge(ago(ms), NOW)).toBe(expected);
  });
});

describe('statusLabel and dueLabel', () => {
  it.each([
    ['held', '✋ held'],
    ['offered', '📨 waiting for an answer'],
    ['accepted', '✅ accepted'],
    ['done', '🏁 done'],
    ['dropped', '🗑️ dropped'],
  ] as const)('%s', (status, label) => {
    expect(statusLabel(makeTask({ status }), NOW)).toBe(label);
  });

  it('marks open overdue tasks, not finished ones', () => {
    const dueAt = new Date(NOW.getTime() - DAY);
    expect(statusLabel(makeTask({ status: 'accepted', dueAt }), NOW)).toBe('✅ accepted · ⚠️ overdue');
    expect(statusLabel(makeTask({ status: 'done', dueAt }), NOW)).toBe('🏁 done');
  });

  it('formats due dates in the zone', () => {
    expect(dueLabel(makeTask({ dueAt: new Date('2026-12-04T16:00:00Z') }), ZONE, NOW)).toBe('due Fri 4 Dec');
    expect(dueLabel(makeTask({ dueAt: new Date('2026-12-04T14:00:00Z'), dueHasTime: true }), ZONE, NOW)).toBe(
      'due Fri 4 Dec 15:00',
    );
    expect(dueLabel(makeTask(), ZONE, NOW)).toBe('no due date');
  });
});

describe('describePromptTime', () => {
  it.each([
    ['later today', '2026-12-03T10:00:00Z', '2026-12-03T15:00:00Z', 'at 16:00 today'],
    ['tomorrow', '2026-12-03T10:00:00Z', '2026-12-04T08:00:00Z', 'at 09:00 tomorrow'],
    ['a weekday later', '2026-12-04T10:00:00Z', '2026-12-07T08:00:00Z', 'at 09:00 on Mon 7 Dec'],
    ['after local midnight it is today', '2026-12-03T23:30:00Z', '2026-12-04T08:00:00Z', 'at 09:00 today'],
    ['next year', '2026-12-31T10:00:00Z', '2027-01-04T08:00:00Z', 'at 09:00 on Mon 4 Jan 2027'],
  ])('%s', (_, now, at, expected) => {
    expect(describePromptTime(new Date(at), ZONE, new Date(now))).toBe(expected);
  });
});

describe('escapeWithin / quoteWithin', () => {
  it('cuts after escaping, never inside an entity', () => {
    expect(escapeWithin('a<b', 10)).toBe('a&lt;b');
    expect(escapeWithin('&&&', 10)).toBe('&amp;…');
    expect(escapeWithin('&&&', 10).length).toBeLessThanOrEqual(10);
  });

  it('quotes every line and stays within the limit', () => {
    expect(quoteWithin('a\n<b>', 100)).toBe('>a\n>&lt;b&gt;');
    const q = quoteWithin('\n'.repeat(5000), 300);
    expect(q.length).toBeLessThanOrEqual(300);
  });
});
