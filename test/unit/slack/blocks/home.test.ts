import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../../src/domain/task';
import { HOME_TEXT_BUDGET, type HomeInput, homeView } from '../../../../src/slack/blocks/home';
import { blocksTextLength, MODAL_BLOCK_LIMIT, SECTION_TEXT_LIMIT } from '../../../../src/slack/blocks/kit';
import type { PromptTask } from '../../../../src/slack/blocks/prompt';
import { actions, idFromBlockId } from '../../../../src/slack/ids';
import {
  ANA,
  allNodes,
  EVIL_TITLE,
  EVIL_TITLE_ESCAPED,
  fullTask,
  interactiveElements,
  LEAD,
  makeTask,
  NOW,
  sectionTexts,
  ZONE,
} from './helpers';
import { busyImpact, quietImpact } from './impact-helpers';

const BEN = 'UBEN';
const BOSS = 'UBOSS';
const DAY = 86_400_000;

function input(over: Partial<HomeInput> = {}): HomeInput {
  return { viewerId: LEAD, timeZone: ZONE, now: NOW, lead: null, owner: null, ...over };
}

const heldRow = (task: Task, suggestions: PromptTask['suggestions'] = []): PromptTask => ({ task, suggestions });

function text(view: types.HomeView): string {
  return JSON.stringify(view.blocks);
}

function settingsButtons(view: types.HomeView) {
  return interactiveElements(view.blocks).filter((e) => e.element.action_id === actions.homeSettings);
}

function blockIds(view: types.HomeView): string[] {
  return view.blocks.map((b) => b.block_id).filter((id): id is string => typeof id === 'string');
}

describe('homeView: a first-time user', () => {
  const view = homeView(input());

  it('says what Baton does and how to start, with a Settings button', () => {
    expect(view.type).toBe('home');
    const all = text(view);
    expect(all).toContain('Welcome to Baton');
    expect(all).toContain('/delegate Write launch memo @ana by Friday #launch');
    expect(all).toContain('/delegate settings');
    expect(settingsButtons(view)).toHaveLength(1);
    expect(view.blocks.length).toBeGreaterThan(2);
  });
});

describe('homeView: a lead', () => {
  const held = [
    heldRow(makeTask({ id: 2, number: 2, title: 'Younger', createdAt: new Date(NOW.getTime() - 2 * DAY) })),
    heldRow(makeTask({ id: 1, number: 1, title: 'Older', createdAt: new Date(NOW.getTime() - 20 * DAY) }), [
      { userId: ANA, reasons: ['finished 2 similar tasks'] },
    ]),
  ];
  const delegated = [
    fullTask({
      id: 11,
      number: 11,
      title: 'Ben later',
      ownerId: BEN,
      status: 'accepted',
      dueAt: new Date('2026-12-10T16:00Z'),
    }),
    fullTask({
      id: 12,
      number: 12,
      title: 'Ana on time',
      ownerId: ANA,
      status: 'accepted',
      dueAt: new Date('2026-12-08T16:00Z'),
    }),
    fullTask({
      id: 13,
      number: 13,
      title: 'Ana overdue',
      ownerId: ANA,
      status: 'accepted',
      dueAt: new Date('2026-12-01T16:00Z'),
    }),
    fullTask({ id: 14, number: 14, title: 'Ana no due', ownerId: ANA, status: 'offered', dueAt: null }),
    fullTask({ id: 15, number: 15, title: 'Stranded', ownerId: 'UGONE', status: 'accepted', dueAt: null }),
  ];
  const view = homeView(input({ lead: { impact: busyImpact(), held, delegated }, names: { [ANA]: 'Ana' } }));
  const all = text(view);

  it('greets, with the Settings button', () => {
    expect(sectionTexts(view.blocks)[0]).toContain(`Hi <@${LEAD}>! Here is what your team got done because of you`);
    expect(settingsButtons(view)).toHaveLength(1);
  });

  it('shows the figures', () => {
    const fields = sectionTexts(view.blocks).join('\n');
    expect(fields).toContain('*Finished by your team*\n*5* in the last 7 days (▲ 2)\n*18* in the last 30 days (▼ 3)');
    expect(fields).toContain('*You still hold*\n*4 tasks* · the oldest for 3 weeks');
    expect(fields).toContain('80% finished by others (16 of 20)');
    expect(fields).toContain('an owner accepts after 4 h (median)');
    expect(fields).toContain('92% of check-ins answered\n75% done on time\n2 overdue now');
    expect(fields).toContain(
      '*Handed back to you* (30 days): 3 times on 2 tasks\n• “no time this week” ×2\n• “not my area”',
    );
    expect(fields).toContain('You took back 1 task.');
  });

  it('draws the held trend as text bars, oldest week first', () => {
    const trend = sectionTexts(view.blocks).find((t) => t.startsWith('*Held at the end of each week*'));
    expect(trend).toContain('down from 9 to 2');
    expect(trend).toContain('W42 ██████████ 9');
    expect(trend).toContain('W49 ██         2');
  });

  it('shows the load per owner, flags the single point of failure and the stranded tasks', () => {
    const load = sectionTexts(view.blocks).find((t) => t.startsWith('*Load per owner*'));
    expect(load).toContain(`<@${ANA}> \`██████████\` 5 · 2 overdue · ⚠️`);
    expect(load).toContain(`<@${BEN}> \`████      \` 2`);
    expect(load).toContain('<@UGONE> is deactivated and still owns 2 open tasks');
    expect(load).toContain(`⚠️ <@${ANA}> holds 5 of 8 open tasks`);
  });

  it('lists held tasks oldest first with the morning prompt’s actions', () => {
    const rows = view.blocks.filter((b): b is types.ActionsBlock => b.type === 'actions');
    expect(rows.map((b) => b.block_id)).toEqual(['task:1', 'task:2']);
    expect(rows[0]?.elements.map((e) => e.action_id)).toEqual([
      actions.promptHandTo,
      'prompt_suggest:0',
      actions.promptSnooze,
      actions.promptKeep,
      actions.promptDrop,
    ]);
    expect(all).toContain('You hold (2)');
  });

  it('groups delegated tasks by owner, owners with overdue work first, overdue tasks first', () => {
    const groups = sectionTexts(view.blocks).filter((t) => /^<@U\w+> · \d+ open/.test(t));
    // Ana has overdue work; then the most loaded; ties by user id.
    expect(groups.map((g) => g.split(' · ')[0])).toEqual([`<@${ANA}>`, `<@${BEN}>`, '<@UGONE>']);
    const ana = groups[0] ?? '';
    expect(ana.split('\n')[0]).toBe(`<@${ANA}> · 3 open · ⚠️ 1 overdue`);
    expect(ana.split('\n').slice(1)).toEqual([
      '• *#13* Ana overdue — ✅ accepted · ⚠️ overdue · due Tue 1 Dec',
      '• *#12* Ana on time — ✅ accepted · due Tue 8 Dec',
      '• *#14* Ana no due — 📨 waiting for an answer · no due date',
    ]);
    expect(groups[2]).toContain('🚫 deactivated: reassign these');
    expect(all).toContain('Delegated (5)');
  });

  it('lists what the team finished lately, most recent first, escaped, with who finished it', () => {
    const finished = (taskId: number, by: string, hoursAgo: number, title = `Task ${taskId}`) => ({
      taskId,
      number: taskId,
      title,
      by,
      at: new Date(NOW.getTime() - hoursAgo * 3_600_000),
    });
    const view = homeView(
      input({
        lead: {
          impact: quietImpact(),
          held: [],
          delegated: [],
          finishedByTeam: [finished(7, 'UANA', 2, EVIL_TITLE), finished(5, 'UBEN', 30)],
        },
      }),
    );
    const section = sectionTexts(view.blocks).find((t) => t.startsWith('*Finished by your team* (7 days)')) ?? '';
    const lines = section.split('\n').slice(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]?.startsWith(`🏁 *#7* ${EVIL_TITLE_ESCAPED} — <@UANA>, `)).toBe(true);
    expect(lines[1]?.startsWith('🏁 *#5* Task 5 — <@UBEN>, ')).toBe(true);
    expect(text(homeView(input({ lead: { impact: quietImpact(), held: [], delegated: [] } })))).not.toContain(
      'Finished by your team* (7 days)',
    );
  });

  it('a lead with nothing yet still sees the figures and the empty lists', () => {
    const quiet = homeView(input({ lead: { impact: quietImpact(), held: [], delegated: [] } }));
    const texts = text(quiet);
    expect(texts).toContain('Nothing held — nice.');
    expect(texts).toContain('Nothing delegated right now.');
    expect(texts).toContain('nothing finished yet');
    expect(texts).toContain('steady at 0');
    expect(texts).not.toContain('Load per owner');
    expect(texts).not.toContain('Handed back');
  });
});

describe('homeView: an owner', () => {
  const owned = [
    fullTask({
      id: 31,
      number: 31,
      title: 'Accepted one',
      leadId: BOSS,
      ownerId: LEAD,
      status: 'accepted',
      dueAt: new Date('2026-12-09T16:00Z'),
    }),
    fullTask({
      id: 32,
      number: 32,
      title: 'Offered one',
      leadId: BOSS,
      ownerId: LEAD,
      status: 'offered',
      dueAt: new Date('2026-12-02T16:00Z'),
    }),
  ];
  const finished = [
    fullTask({
      id: 41,
      number: 41,
      title: 'Earlier',
      leadId: BOSS,
      ownerId: LEAD,
      status: 'done',
      doneAt: new Date('2026-11-25T10:00Z'),
    }),
    fullTask({
      id: 42,
      number: 42,
      title: 'Latest',
      leadId: BOSS,
      ownerId: LEAD,
      status: 'done',
      doneAt: new Date('2026-12-02T10:00Z'),
    }),
  ];
  const view = homeView(input({ owner: { owned, finished } }));

  it('lists owned tasks, overdue first, with Done and Add a note (and Accept / Hand back when offered)', () => {
    const rows = view.blocks.filter((b): b is types.ActionsBlock => b.type === 'actions');
    expect(rows.map((b) => b.block_id)).toEqual(['task:32', 'task:31']);
    expect(rows[0]?.elements.map((e) => [e.action_id, (e as types.Button).value])).toEqual([
      [actions.accept, '32'],
      [actions.handBack, '32'],
      [actions.done, '32'],
      [actions.addNote, '32'],
    ]);
    expect(rows[1]?.elements.map((e) => e.action_id)).toEqual([actions.done, actions.addNote]);
    expect(sectionTexts(view.blocks)).toContain(
      `*#32* Offered one\nfrom <@${BOSS}> · 📨 waiting for an answer · ⚠️ overdue · due Wed 2 Dec`,
    );
  });

  it('shows what they finished, most recent first, and no lead figures', () => {
    const done = sectionTexts(view.blocks).find((t) => t.startsWith('*You finished recently*'));
    expect(done).toBe(
      `*You finished recently*\n🏁 *#42* Latest — for <@${BOSS}> · Wed 2 Dec\n🏁 *#41* Earlier — for <@${BOSS}> · Wed 25 Nov`,
    );
    expect(text(view)).not.toContain('Your impact');
    expect(sectionTexts(view.blocks)[0]).toContain('Here is what you own');
    expect(settingsButtons(view)).toHaveLength(1);
  });

  it('nothing owned right now', () => {
    expect(text(homeView(input({ owner: { owned: [], finished: [] } })))).toContain('Nothing on your plate right now.');
  });
});

describe('homeView: someone who leads and owns', () => {
  it('shows both, with unique block ids', () => {
    const view = homeView(
      input({
        lead: { impact: busyImpact(), held: [heldRow(makeTask({ id: 1 }))], delegated: [fullTask({ id: 2 })] },
        owner: { owned: [fullTask({ id: 3, leadId: BOSS, ownerId: LEAD })], finished: [] },
      }),
    );
    const all = text(view);
    expect(all).toContain('Your impact');
    expect(all).toContain('You own (1)');
    expect(settingsButtons(view)).toHaveLength(1);
    const ids = blockIds(view);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps block ids unique even if a task came in both lists', () => {
    const task = makeTask({ id: 7 });
    const view = homeView(
      input({
        lead: { impact: quietImpact(), held: [heldRow(task), heldRow(task)], delegated: [] },
        owner: {
          owned: [
            { ...task, ownerId: LEAD },
            { ...task, ownerId: LEAD },
          ],
          finished: [],
        },
      }),
    );
    const ids = blockIds(view);
    expect(ids).toEqual(['task:7', 'task:7:owned']);
    expect(idFromBlockId('task:7:owned', 'task')).toBe(7);
  });
});

describe('homeView: the heaviest user', () => {
  const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
  const long = `${EVIL_TITLE} ${'&<>'.repeat(60)}`;
  const owners = many(40, (i) => `UOWNER${i}`);

  function heavy(title: (i: number) => string): types.HomeView {
    const impact = busyImpact();
    impact.handBacks.byReason = many(50, (i) => ({ reason: `${long} ${i}`, count: 50 - i }));
    impact.load.owners = owners.map((ownerId, i) => ({ ownerId, open: 40 - i, overdue: i % 3, taskIds: [] }));
    impact.load.stranded = many(10, (i) => ({ ownerId: `UGONE${i}`, taskIds: [1, 2] }));
    const suggestions = many(3, (i) => ({ userId: `USUG${i}`, reasons: [long, long, long] }));
    return homeView(
      input({
        names: Object.fromEntries(many(3, (i) => [`USUG${i}`, long])),
        lead: {
          impact,
          held: many(300, (i) =>
            heldRow(
              makeTask({
                id: 10_000 + i,
                number: i,
                title: title(i),
                createdAt: new Date(NOW.getTime() - (300 - i) * DAY),
                dueAt: new Date(NOW.getTime() - DAY),
              }),
              suggestions,
            ),
          ),
          delegated: many(500, (i) =>
            fullTask({
              id: 20_000 + i,
              number: 1000 + i,
              title: title(i),
              ownerId: owners[i % owners.length],
              status: i % 2 ? 'accepted' : 'offered',
            }),
          ),
          finishedByTeam: many(80, (i) => ({
            taskId: 50_000 + i,
            number: 4000 + i,
            title: title(i),
            by: owners[i % owners.length] ?? '',
            at: new Date(NOW.getTime() - i * 3_600_000),
          })),
        },
        owner: {
          owned: many(200, (i) =>
            fullTask({ id: 30_000 + i, number: 2000 + i, title: title(i), leadId: BOSS, ownerId: LEAD }),
          ),
          finished: many(60, (i) =>
            fullTask({
              id: 40_000 + i,
              number: 3000 + i,
              title: title(i),
              leadId: BOSS,
              ownerId: LEAD,
              status: 'done',
              doneAt: new Date(NOW.getTime() - i * 3_600_000),
            }),
          ),
        },
      }),
    );
  }

  it.each([
    ['plain titles', (i: number) => `Task ${i}`],
    ['long, escape-heavy titles', () => long],
  ])('%s: ≤ 100 blocks, sections ≤ 3000 chars, text within budget, every list counted', (_, title) => {
    const view = heavy(title);
    expect(view.blocks.length).toBeLessThanOrEqual(MODAL_BLOCK_LIMIT);
    expect(blocksTextLength(view.blocks)).toBeLessThanOrEqual(HOME_TEXT_BUDGET);
    for (const t of sectionTexts(view.blocks)) expect(t.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    for (const node of allNodes(view.blocks)) {
      if (Array.isArray(node.fields))
        for (const f of node.fields) expect(String((f as { text: string }).text).length).toBeLessThanOrEqual(2000);
    }
    const ids = blockIds(view);
    expect(new Set(ids).size).toBe(ids.length);

    const all = text(view);
    const shownHeld = view.blocks.filter(
      (b) => b.type === 'actions' && idFromBlockId(b.block_id, 'task')! < 20_000,
    ).length;
    const shownOwned = view.blocks.filter(
      (b) => b.type === 'actions' && idFromBlockId(b.block_id, 'task')! >= 30_000,
    ).length;
    expect(shownHeld).toBeGreaterThan(0);
    expect(shownOwned).toBeGreaterThan(0);
    expect(all).toContain(`…and ${300 - shownHeld} more — \`/delegate list\``);
    expect(all).toContain(`…and ${200 - shownOwned} more — \`/delegate list\``);
    expect(all).toContain('You hold (300)');
    expect(all).toContain('Delegated (500)');
    expect(all).toContain('You own (200)');
    expect(all).toMatch(/…and \d+ more owners/);
    expect(settingsButtons(view)).toHaveLength(1);
  });
});
