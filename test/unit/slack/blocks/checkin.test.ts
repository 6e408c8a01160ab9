import { describe, expect, it } from 'vitest';
import { CHECKIN_STATUSES } from '../../../../src/domain/checkin';
import type { Task } from '../../../../src/domain/task';
import { taskRef } from '../../../../src/domain/task';
import { channelParent } from '../../../../src/slack/blocks/channel';
import {
  checkinAnswered,
  checkinMessage,
  doneInThread,
  dueMovedInThread,
  escalationMessage,
  fallbackNotice,
  leadAlert,
  newDueConfirmed,
  noteModal,
  overdueMessage,
  reminderMessage,
  STATUS_LABELS,
} from '../../../../src/slack/blocks/checkin';
import { MESSAGE_BLOCK_LIMIT, type Message, SECTION_TEXT_LIMIT } from '../../../../src/slack/blocks/kit';
import { actions, blockIdFor, idFromBlockId, modalFields, views } from '../../../../src/slack/ids';
import {
  ANA,
  allNodes,
  allStrings,
  EVIL_TEXT,
  EVIL_TITLE,
  EVIL_TITLE_ESCAPED,
  fullTask,
  interactiveElements,
  LEAD,
  NOW,
  sectionTexts,
  ZONE,
} from './helpers';

const z = { timeZone: ZONE, now: NOW };
const CHECKIN = 77;
const EVIL_TEXT_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!here&gt;';
const RAW = ['<!channel>', '<!here>', '<@U123>', '<script>', '</script>'];
const BARE_AMPERSAND = /&(?!amp;|lt;|gt;)/;

function expectOnlyEscaped(value: unknown) {
  for (const { key, value: s } of allStrings(value)) {
    if (key === 'initial_value') continue;
    for (const raw of RAW) expect(s, `${key}: ${s}`).not.toContain(raw);
    expect(s, `${key}: ${s}`).not.toMatch(BARE_AMPERSAND);
  }
}

/** An accepted task owned by Ana in #launch, due Mon 7 Dec (end of day) — two working days after Thu 3 Dec. */
function accepted(overrides: Partial<Task> = {}): Task {
  return fullTask({
    id: 612,
    number: 12,
    status: 'accepted',
    acceptedAt: new Date('2026-12-01T09:42:00Z'),
    dueAt: new Date('2026-12-07T16:00:00Z'),
    ...overrides,
  });
}

/** Every check-in message builder, for one task and one note. */
function checkinMessages(task: Task, note: string | null): Array<[string, Message]> {
  return [
    ['checkinMessage cadence', checkinMessage(task, { checkinId: CHECKIN, reason: 'cadence', ...z })],
    ['checkinMessage before_due', checkinMessage(task, { checkinId: CHECKIN, reason: 'before_due', ...z })],
    ['checkinMessage due_day', checkinMessage(task, { checkinId: CHECKIN, reason: 'due_day', ...z })],
    ['reminderMessage', reminderMessage(task, { checkinId: CHECKIN, ...z })],
    ['overdueMessage', overdueMessage(task, { checkinId: CHECKIN, ...z })],
    ...CHECKIN_STATUSES.map((status): [string, Message] => [
      `checkinAnswered ${status}`,
      checkinAnswered(task, { status, note, byUserId: ANA, at: new Date('2026-12-03T09:42:00Z'), ...z }),
    ]),
    ['leadAlert at_risk', leadAlert(task, { status: 'at_risk', note, ownerId: ANA, ...z })],
    ['leadAlert blocked', leadAlert(task, { status: 'blocked', note, ownerId: ANA, ...z })],
    ['escalationMessage', escalationMessage(task, { ownerId: ANA, silentWorkingDays: 2 })],
    ['fallbackNotice', fallbackNotice(task, { channelId: 'CLAUNCH', reason: 'is_archived' })],
    ['newDueConfirmed', newDueConfirmed(task, { byUserId: ANA, ...z })],
    ['dueMovedInThread', dueMovedInThread(task, { byUserId: ANA, ...z })],
    ['doneInThread', doneInThread(task, { byUserId: ANA })],
  ];
}

function sectionText(message: Message): string {
  return sectionTexts(message.blocks).join('\n');
}

describe('STATUS_LABELS', () => {
  it('has an emoji and a label for every check-in status', () => {
    expect(STATUS_LABELS).toEqual({
      on_track: { emoji: '🟢', label: 'On track' },
      at_risk: { emoji: '🟠', label: 'At risk' },
      blocked: { emoji: '🔴', label: 'Blocked' },
      done: { emoji: '🏁', label: 'Done' },
    });
  });
});

describe.each(checkinMessages(accepted(), 'Waiting on finance'))('%s', (_name, message) => {
  it('has a meaningful text with the task ref', () => {
    expect(message.text.trim().length).toBeGreaterThan(10);
    expect(message.text).toContain(taskRef(accepted()));
  });

  it('stays within Slack limits', () => {
    expect(message.blocks.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeLessThanOrEqual(MESSAGE_BLOCK_LIMIT);
    for (const text of sectionTexts(message.blocks)) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
  });
});

describe('user text is escaped in every check-in message', () => {
  const evil = accepted({ title: EVIL_TITLE, details: EVIL_TEXT });

  it.each(checkinMessages(evil, EVIL_TEXT))('%s', (name, message) => {
    expectOnlyEscaped(message);
    expect(message.text).toContain(EVIL_TITLE_ESCAPED);
    // The thread note sits under the task's parent message: it names the date, not the task.
    if (name !== 'dueMovedInThread') expect(JSON.stringify(message.blocks)).toContain(EVIL_TITLE_ESCAPED);
  });

  it('shows the escaped note where notes appear', () => {
    const answered = checkinAnswered(evil, {
      status: 'blocked',
      note: EVIL_TEXT,
      byUserId: ANA,
      at: NOW,
      ...z,
    });
    expect(sectionText(answered)).toContain(`>${EVIL_TEXT_ESCAPED}`);
    const alert = leadAlert(evil, { status: 'blocked', note: EVIL_TEXT, ownerId: ANA, ...z });
    expect(alert.text).toContain(`“${EVIL_TEXT_ESCAPED}”`);
    expect(sectionText(alert)).toContain(`“${EVIL_TEXT_ESCAPED}”`);
  });

  it('the note modal escapes the title', () => {
    const modal = noteModal(evil, '{}');
    expectOnlyEscaped(modal);
    expect(JSON.stringify(modal.blocks)).toContain(EVIL_TITLE_ESCAPED);
  });

  it('the walker can fail', () => {
    expect(() => expectOnlyEscaped({ text: EVIL_TITLE })).toThrow();
  });
});

describe('long text', () => {
  it('keeps every section ≤ 3000 chars with a 3000-char note and a 200-char title', () => {
    const long = accepted({ title: '&'.repeat(200) });
    for (const note of ['&'.repeat(3000), '<'.repeat(3000), `${'line\n'.repeat(600)}`]) {
      for (const [, m] of checkinMessages(long, note)) {
        for (const text of sectionTexts(m.blocks)) expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
        expectOnlyEscaped(m);
      }
    }
  });
});

describe('check-in buttons', () => {
  const task = accepted();
  const answerIds = [
    actions.checkinOnTrack,
    actions.checkinAtRisk,
    actions.checkinBlocked,
    actions.checkinDone,
    actions.checkinNote,
  ];

  it.each([
    ['checkinMessage', checkinMessage(task, { checkinId: CHECKIN, reason: 'cadence', ...z })],
    ['reminderMessage', reminderMessage(task, { checkinId: CHECKIN, ...z })],
  ])('%s offers the four answers and a note, carrying the check-in id', (_name, message) => {
    const elements = interactiveElements(message.blocks);
    expect(elements.map((e) => e.element.action_id)).toEqual(answerIds);
    expect(elements.map((e) => e.element.text)).toEqual(
      ['🟢 On track', '🟠 At risk', '🔴 Blocked', '🏁 Done', '📝 Add a note'].map((text) =>
        expect.objectContaining({ text }),
      ),
    );
    for (const { blockId, element } of elements) {
      expect(element.value).toBe(String(CHECKIN));
      expect(blockId).toBe(`checkin:${CHECKIN}`);
      expect(idFromBlockId(blockId, 'checkin')).toBe(CHECKIN);
      expect(idFromBlockId(blockId, 'task')).toBeNull();
    }
  });

  it('overdueMessage offers a datepicker and Done, in the check-in block', () => {
    const elements = interactiveElements(overdueMessage(task, { checkinId: CHECKIN, ...z }).blocks);
    expect(elements.map((e) => [e.element.type, e.element.action_id])).toEqual([
      ['datepicker', actions.checkinNewDue],
      ['button', actions.checkinDone],
    ]);
    for (const { blockId } of elements) expect(idFromBlockId(blockId, 'checkin')).toBe(CHECKIN);
    expect(elements[1]?.element.value).toBe(String(CHECKIN));
  });

  it('leaves no buttons once answered, and none in notices', () => {
    const noButtons = checkinMessages(task, 'note').filter(
      ([name]) => !/^(checkinMessage|reminderMessage|overdueMessage|escalationMessage)/.test(name),
    );
    expect(noButtons.length).toBeGreaterThan(5);
    for (const [, m] of noButtons) expect(interactiveElements(m.blocks)).toEqual([]);
  });

  it('escalation offers Nudge, Reassign and a confirmed Take it back, carrying the task id', () => {
    const elements = interactiveElements(escalationMessage(task, { ownerId: ANA, silentWorkingDays: 2 }).blocks);
    expect(elements.map((e) => e.element.action_id)).toEqual([
      actions.escalationNudge,
      actions.reassign,
      actions.escalationTakeBack,
    ]);
    for (const { blockId, element } of elements) {
      expect(element.value).toBe(String(task.id));
      expect(idFromBlockId(blockId, 'task')).toBe(task.id);
    }
    expect(elements[2]?.element.confirm).toBeDefined();
    expect(elements[0]?.element.confirm).toBeUndefined();
  });
});

describe('sentences', () => {
  const task = accepted();

  it('asks how it is going, with the due date before and on the due day', () => {
    expect(sectionText(checkinMessage(task, { checkinId: CHECKIN, reason: 'cadence', ...z }))).toBe(
      `<@${ANA}> check-in on *#12* Write launch memo: how is it going?`,
    );
    // Thu 3 Dec → Mon 7 Dec: Friday and Monday are working days, the weekend is not.
    expect(sectionText(checkinMessage(task, { checkinId: CHECKIN, reason: 'before_due', ...z }))).toBe(
      `<@${ANA}> check-in on *#12* Write launch memo: how is it going? It's due Mon 7 Dec — in 2 working days.`,
    );
    const tomorrow = accepted({ dueAt: new Date('2026-12-04T16:00:00Z') });
    expect(sectionText(checkinMessage(tomorrow, { checkinId: CHECKIN, reason: 'before_due', ...z }))).toContain(
      "It's due Fri 4 Dec — in 1 working day.",
    );
    const today = accepted({ dueAt: new Date('2026-12-03T16:00:00Z') });
    const dueDay = checkinMessage(today, { checkinId: CHECKIN, reason: 'due_day', ...z });
    expect(sectionText(dueDay)).toContain("how is it going? It's due today.");
    expect(dueDay.text).toContain("It's due today.");
  });

  it('nudges with the day of the last word', () => {
    const m = reminderMessage(accepted({ lastStatusAt: new Date('2026-12-01T09:00:00Z') }), {
      checkinId: CHECKIN,
      ...z,
    });
    expect(sectionText(m)).toBe(
      `<@${ANA}> a nudge: no update on *#12* Write launch memo since Tuesday. How is it going?`,
    );
    const since = reminderMessage(task, { checkinId: CHECKIN, since: new Date('2026-11-20T09:00:00Z'), ...z });
    expect(sectionText(since)).toContain('since Fri 20 Nov.');
  });

  it('asks for a new date when overdue', () => {
    const late = accepted({ dueAt: new Date('2026-12-02T16:00:00Z') });
    expect(sectionText(overdueMessage(late, { checkinId: CHECKIN, ...z }))).toBe(
      `<@${ANA}> *#12* Write launch memo was due Wed 2 Dec. When will it be done?`,
    );
  });

  it('records the answer, in the recipient zone, with the note quoted', () => {
    const m = checkinAnswered(task, {
      status: 'at_risk',
      note: 'Finance is late\nwith the numbers',
      byUserId: ANA,
      at: new Date('2026-12-03T09:42:00Z'),
      ...z,
    });
    const [first, second] = sectionTexts(m.blocks);
    expect(first).toBe(`🟠 At risk — reported by <@${ANA}> at 10:42`);
    expect(second).toBe('>Finance is late\n>with the numbers');
    expect(m.text).toContain('#12');
    const earlier = checkinAnswered(task, {
      status: 'on_track',
      note: null,
      byUserId: ANA,
      at: new Date('2026-12-01T09:42:00Z'),
      ...z,
    });
    expect(sectionTexts(earlier.blocks)).toEqual([`🟢 On track — reported by <@${ANA}> on Tue 1 Dec 10:42`]);
  });

  it('alerts the lead with the status and note', () => {
    const m = leadAlert(task, { status: 'blocked', note: 'Need  access\nto prod', ownerId: ANA, ...z });
    expect(sectionText(m)).toBe(`<@${ANA}> reports *#12* Write launch memo is 🔴 Blocked: “Need access to prod”`);
    expect(m.text).toBe(`<@${ANA}> reports #12 Write launch memo is 🔴 Blocked: “Need access to prod”`);
    expect(JSON.stringify(m.blocks)).not.toContain('https://');
    expect(leadAlert(task, { status: 'at_risk', note: '  ', ownerId: ANA, ...z }).text).toBe(
      `<@${ANA}> reports #12 Write launch memo is 🟠 At risk.`,
    );
  });

  it('escalates silence', () => {
    expect(sectionText(escalationMessage(task, { ownerId: ANA, silentWorkingDays: 2 }))).toBe(
      `<@${ANA}> hasn't checked in on *#12* Write launch memo for 2 working days.`,
    );
    expect(escalationMessage(task, { ownerId: ANA, silentWorkingDays: 1 }).text).toContain('for 1 working day.');
  });

  it.each([
    ['is_archived', "it's archived"],
    ['not_in_channel', 'I was removed'],
    ['channel_not_found', "it's gone"],
  ] as const)('explains the DM fallback: %s', (reason, why) => {
    expect(sectionText(fallbackNotice(task, { channelId: 'COLD', reason }))).toBe(
      `I can't post in <#COLD> any more (${why}), so check-ins for *#12* Write launch memo go to <@${ANA}> by DM.`,
    );
  });

  it('confirms a moved due date to the lead and in the thread', () => {
    const moved = accepted({ dueAt: new Date('2026-12-11T16:00:00Z') });
    expect(sectionText(newDueConfirmed(moved, { byUserId: ANA, ...z }))).toBe(
      `<@${ANA}> moved *#12* Write launch memo to Fri 11 Dec.`,
    );
    const thread = dueMovedInThread(moved, { byUserId: ANA, ...z });
    expect(sectionText(thread)).toBe(`New due date: Fri 11 Dec (set by <@${ANA}>).`);
    expect(thread.text).toContain('#12');
  });

  it('marks done in the thread', () => {
    expect(sectionText(doneInThread(task, { byUserId: ANA }))).toBe(
      `🏁 <@${ANA}> marked *#12* Write launch memo done.`,
    );
  });
});

describe('noteModal', () => {
  it('takes a required note and an optional status', () => {
    const modal = noteModal(accepted(), JSON.stringify({ checkinId: CHECKIN }));
    expect(modal.callback_id).toBe(views.checkinNote);
    expect(modal.private_metadata).toBe(JSON.stringify({ checkinId: CHECKIN }));
    expect(modal.submit?.text).toBe('Send');
    const inputs = allNodes(modal.blocks).filter((n) => n.type === 'input');
    expect(inputs.map((b) => [b.block_id, b.optional])).toEqual([
      [modalFields.checkinNote, false],
      [modalFields.checkinStatus, true],
    ]);
    const [note, status] = inputs.map((b) => b.element as Record<string, unknown>);
    expect(note).toMatchObject({
      type: 'plain_text_input',
      action_id: modalFields.checkinNote,
      multiline: true,
      max_length: 1000,
    });
    expect(status).toMatchObject({ type: 'static_select', action_id: modalFields.checkinStatus });
    expect(((status?.options ?? []) as Array<{ value: string }>).map((o) => o.value)).toEqual([...CHECKIN_STATUSES]);
  });
});

describe('check-in block ids', () => {
  it('round-trip and do not collide with other kinds', () => {
    expect(blockIdFor('checkin', 9)).toBe('checkin:9');
    expect(idFromBlockId('checkin:9', 'checkin')).toBe(9);
    expect(idFromBlockId('checkin:9', 'task')).toBeNull();
    expect(idFromBlockId('task:9', 'checkin')).toBeNull();
    expect(idFromBlockId('pending:9', 'pending')).toBe(9);
    expect(idFromBlockId('checkin:x', 'checkin')).toBeNull();
  });
});

describe('channelParent with a last status', () => {
  it('shows the last answer and overdue together', () => {
    const task = accepted({
      dueAt: new Date('2026-12-02T16:00:00Z'),
      lastStatus: 'at_risk',
      lastStatusAt: new Date('2026-12-01T09:42:00Z'),
      ownerId: ANA,
      leadId: LEAD,
    });
    const parent = channelParent(task, z);
    const all = JSON.stringify(parent.blocks);
    expect(all).toContain('🟠 At risk · reported Tue 1 Dec 10:42');
    expect(all).toContain('⚠️ overdue');
    expect(parent.text).toContain('🟠 At risk');
    expect(interactiveElements(parent.blocks)).toEqual([]);
  });

  it('formats the time in the given zone and shows nothing without a last status', () => {
    const task = accepted({ lastStatus: 'blocked', lastStatusAt: new Date('2026-12-01T09:42:00Z') });
    expect(JSON.stringify(channelParent(task, { ...z, timeZone: 'America/New_York' }).blocks)).toContain(
      '🔴 Blocked · reported Tue 1 Dec 04:42',
    );
    expect(JSON.stringify(channelParent(accepted(), z).blocks)).not.toContain('reported');
  });
});
