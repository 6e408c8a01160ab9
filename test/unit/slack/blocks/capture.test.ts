import { describe, expect, it } from 'vitest';
import { heldConfirmation } from '../../../../src/slack/blocks/capture';
import { actions, idFromBlockId } from '../../../../src/slack/ids';
import { interactiveElements, makeTask, sectionTexts } from './helpers';

const task = makeTask({ id: 42, number: 12, title: 'Write launch memo' });

describe('heldConfirmation', () => {
  it.each([
    [
      'today',
      'Europe/Berlin',
      '2026-12-03T06:00:00Z',
      '2026-12-03T08:00:00Z',
      "I'll ask you at 09:00 today who can own it.",
    ],
    [
      'tomorrow',
      'Europe/Berlin',
      '2026-12-03T10:00:00Z',
      '2026-12-04T08:00:00Z',
      "I'll ask you at 09:00 tomorrow who can own it.",
    ],
    [
      'a weekday later (Friday evening → Monday)',
      'Europe/Berlin',
      '2026-12-04T18:00:00Z',
      '2026-12-07T08:00:00Z',
      "I'll ask you at 09:00 on Mon 7 Dec who can own it.",
    ],
    [
      'tomorrow in New York although already the day after in UTC',
      'America/New_York',
      '2026-12-03T23:00:00Z',
      '2026-12-04T14:00:00Z',
      "I'll ask you at 09:00 tomorrow who can own it.",
    ],
  ])('%s', (_, zone, now, next, expected) => {
    const m = heldConfirmation(task, { nextPromptAt: new Date(next), timeZone: zone, now: new Date(now) });
    const [first] = sectionTexts(m.blocks);
    expect(first).toBe(`Captured *#12* Write launch memo. You hold it for now — ${expected}`);
    expect(m.text).toContain('#12');
  });

  it('null: prompts paused, no time', () => {
    const m = heldConfirmation(task, { nextPromptAt: null, timeZone: 'Europe/Berlin', now: new Date() });
    const [first] = sectionTexts(m.blocks);
    expect(first).toMatch(/prompts are paused/);
    expect(first).not.toMatch(/\d\d:\d\d/);
  });

  it('has Hand to…, Snooze and a confirmed Drop on block task:<id>', () => {
    const m = heldConfirmation(task, { nextPromptAt: null, timeZone: 'UTC', now: new Date() });
    const els = interactiveElements(m.blocks);
    expect(els.map((e) => e.element.action_id)).toEqual([actions.handTo, actions.snooze, actions.drop]);
    for (const { blockId } of els) expect(idFromBlockId(blockId, 'task')).toBe(42);
    const [handTo, snooze, drop] = els.map((e) => e.element);
    expect(handTo?.type).toBe('users_select');
    expect(JSON.stringify(handTo?.placeholder)).toContain('Hand to…');
    expect(JSON.stringify(snooze)).toContain('"value":"tomorrow"');
    expect(JSON.stringify(snooze)).toContain('"value":"next_week"');
    expect(drop?.value).toBe('42');
    expect(drop?.confirm).toBeDefined();
  });
});
