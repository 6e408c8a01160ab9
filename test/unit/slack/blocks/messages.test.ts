import { describe, expect, it } from 'vitest';
import { taskRef } from '../../../../src/domain/task';
import { delegatedConfirmation } from '../../../../src/slack/blocks/capture';
import { channelParent } from '../../../../src/slack/blocks/channel';
import { leadAnswer, offerAnswered, ownerOffer } from '../../../../src/slack/blocks/handoff';
import { MESSAGE_BLOCK_LIMIT, SECTION_TEXT_LIMIT } from '../../../../src/slack/blocks/kit';
import { couldNotSave, problem, taskUpdated } from '../../../../src/slack/blocks/notices';
import { fixDuePrompt, pendingCancelled, pendingResolved, pickOwnerPrompt } from '../../../../src/slack/blocks/pending';
import { actions, idFromBlockId } from '../../../../src/slack/ids';
import { taskMessages } from './catalog';
import { ANA, fullTask, interactiveElements, LEAD, makeTask, NOW, sectionTexts, ZONE } from './helpers';

const held = makeTask({ id: 501, number: 12 });
const delegated = fullTask({ id: 502, number: 13 });
const z = { timeZone: ZONE, now: NOW };

/** The id a task row's element acts on: its button value, or its block id. */
function taskIdsOf(message: { blocks: unknown[] }) {
  return interactiveElements(message.blocks).map(({ blockId, element }) => ({
    blockTask: idFromBlockId(blockId, 'task'),
    value: element.value,
    type: element.type,
  }));
}

describe.each(taskMessages(held, delegated))('%s', (name, message) => {
  it('has a meaningful text with the task ref', () => {
    expect(message.text.trim().length).toBeGreaterThan(10);
    // The list's text is a summary of counts ("You hold 1, delegated 1, own 1").
    if (name === 'taskList') return expect(message.text).toMatch(/^You hold \d+, delegated \d+, own \d+$/);
    const refs = [taskRef(held), taskRef(delegated)];
    expect(refs.some((ref) => message.text.includes(ref))).toBe(true);
  });

  it('stays within Slack limits', () => {
    expect(message.blocks.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCK_LIMIT);
    for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
  });

  it('every button carries its task id; every actions block parses back to that task', () => {
    for (const { blockTask, value, type } of taskIdsOf(message)) {
      expect(blockTask === held.id || blockTask === delegated.id || blockTask === delegated.id + 1).toBe(true);
      if (type === 'button') expect(value).toBe(String(blockTask));
    }
  });
});

describe('actions per message', () => {
  const actionIds = (m: { blocks: unknown[] }) => interactiveElements(m.blocks).map((e) => e.element.action_id);

  it('offers Accept and Hand back to the owner', () => {
    expect(actionIds(ownerOffer(delegated, z))).toEqual([actions.accept, actions.handBack]);
    expect(ownerOffer(delegated, z).blocks.some((b) => b.type === 'actions' && b.block_id === 'task:502')).toBe(true);
  });

  it('leaves no buttons once the owner answered', () => {
    expect(actionIds(offerAnswered(delegated, 'accepted', z))).toEqual([]);
    expect(actionIds(offerAnswered(delegated, 'handed_back', z))).toEqual([]);
  });

  it('gives the lead a Hand to… select when a task comes back, not when accepted', () => {
    expect(actionIds(leadAnswer(delegated, 'handed_back', { ownerId: ANA, reason: 'No time', ...z }))).toContain(
      actions.handTo,
    );
    expect(actionIds(leadAnswer(delegated, 'accepted', { ownerId: ANA, ...z }))).toEqual([]);
  });

  it('channel parent shows who, due and status, and never buttons', () => {
    const parent = channelParent(delegated, z);
    const all = JSON.stringify(parent.blocks);
    expect(all).toContain(`<@${LEAD}> → <@${ANA}>`);
    expect(all).toContain('due Fri 4 Dec');
    expect(all).toContain('📨 waiting for an answer');
    expect(actionIds(parent)).toEqual([]);
    const overdue = channelParent(
      { ...delegated, status: 'accepted' },
      { ...z, now: new Date('2026-12-05T10:00:00Z') },
    );
    expect(JSON.stringify(overdue.blocks)).toContain('⚠️ overdue');
    expect(JSON.stringify(channelParent({ ...delegated, ownerId: null, status: 'held' }, z).blocks)).toContain(
      `held by <@${LEAD}>`,
    );
    expect(JSON.stringify(channelParent({ ...delegated, status: 'done' }, z).blocks)).toContain('🏁 done');
  });

  it('delegatedConfirmation names the owner, due date and channel', () => {
    const m = delegatedConfirmation(delegated, z);
    expect(JSON.stringify(m.blocks)).toContain(
      `Handed *#13* Write launch memo to <@${ANA}>, due Fri 4 Dec · check-ins in <#CLAUNCH>.`,
    );
  });
});

describe('long details', () => {
  it('keeps every section ≤ 3000 chars with 3000-char details and a 200-char title', () => {
    const big = fullTask({ title: 'T'.repeat(200), details: '&'.repeat(3000) });
    const messages = taskMessages(makeTask({ title: 'T'.repeat(200), details: '<'.repeat(3000) }), big);
    for (const [, m] of messages) {
      for (const text of sectionTexts(m.blocks)) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    }
  });

  it('never cuts an escape entity in half', () => {
    const m = ownerOffer(fullTask({ details: '&'.repeat(3000) }), z);
    for (const text of sectionTexts(m.blocks)) expect(text).not.toMatch(/&(?:a|am)?…/);
  });
});

describe('pending prompts', () => {
  it('pickOwnerPrompt: names the typed name and candidates; select and cancel on the pending block', () => {
    const m = pickOwnerPrompt(7, { typedName: '@ana', candidates: ['UA', 'UB'] });
    expect(m.text).toContain('@ana');
    expect(JSON.stringify(m.blocks)).toContain("I couldn't tell who *@ana* is — it could be <@UA> or <@UB>");
    const els = interactiveElements(m.blocks);
    expect(els.map((e) => e.element.action_id)).toEqual([actions.pickOwner, actions.cancelPending]);
    for (const { blockId, element } of els) {
      expect(idFromBlockId(blockId, 'pending')).toBe(7);
      if (element.type === 'button') expect(element.value).toBe('7');
    }
    expect(JSON.stringify(pickOwnerPrompt(7, { typedName: 'bo', candidates: [] }).blocks)).not.toContain('could be');
  });

  it.each([
    ['not_understood', 'soonish', 'I couldn\u2019t read'.replace('\u2019', "'")],
    ['in_the_past', 'yesterday', '“yesterday” is in the past.'],
  ] as const)('fixDuePrompt %s keeps the phrase', (reason, phrase, expected) => {
    const m = fixDuePrompt(9, { phrase, reason });
    expect(m.text).toContain(`“${phrase}”`);
    expect(m.text).toContain(expected);
    const els = interactiveElements(m.blocks);
    expect(els.map((e) => e.element.action_id)).toEqual([
      actions.pickDue,
      actions.captureWithoutDue,
      actions.cancelPending,
    ]);
    for (const { blockId, element } of els) {
      expect(idFromBlockId(blockId, 'pending')).toBe(9);
      if (element.type === 'button') expect(element.value).toBe('9');
    }
  });

  it('small replacements have text', () => {
    expect(pendingCancelled().text).toMatch(/cancelled/i);
    expect(pendingResolved('Captured *#12* x.').text).toBe('Captured *#12* x.');
    expect(problem('Only the lead or the owner can mark *#12* done.').blocks).toHaveLength(1);
    expect(taskUpdated('Marked *#12* done.').text).toBe('Marked *#12* done.');
  });
});

describe('couldNotSave', () => {
  it('returns what was typed in a code block that typed backticks cannot break', () => {
    const typed = 'Write ```memo```` by `friday`';
    const m = couldNotSave(typed);
    const [, code] = sectionTexts(m.blocks);
    expect(code?.startsWith('```\n')).toBe(true);
    expect(code?.endsWith('\n```')).toBe(true);
    const inner = code?.slice(4, -4) ?? '';
    expect(inner).not.toContain('``');
    expect(inner.replace(/\u200b/g, '')).toBe(typed);
  });

  it('keeps long text whole in the fallback and sections within limits', () => {
    const typed = 'x'.repeat(7000);
    const m = couldNotSave(typed);
    expect(m.text).toContain(typed);
    const shown = sectionTexts(m.blocks)
      .slice(1)
      .map((t) => t.replace(/^```\n|\n```$/g, ''))
      .join('');
    expect(shown).toBe(typed);
    for (const text of sectionTexts(m.blocks)) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
  });
});
