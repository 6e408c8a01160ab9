import { describe, expect, it } from 'vitest';
import { type BlockContext, renderBlocks } from '../../../../src/sandbox/web/render/blocks';
import {
  checkinMessage,
  escalationMessage,
  noteModal,
  overdueMessage,
  reminderMessage,
} from '../../../../src/slack/blocks/checkin';
import { helpMessage } from '../../../../src/slack/blocks/help';
import { captureModal, handBackModal, reassignModal } from '../../../../src/slack/blocks/modals';
import { pickOwnerPrompt } from '../../../../src/slack/blocks/pending';
import { keepModal, promptMessage, snoozeDateModal } from '../../../../src/slack/blocks/prompt';
import { settingsModal } from '../../../../src/slack/blocks/settings';
import { taskMessages } from '../../slack/blocks/catalog';
import { ANA, LEAD, makeTask, NOW, ZONE } from '../../slack/blocks/helpers';

const ctx = (overrides: Partial<BlockContext> = {}): BlockContext => ({
  mrkdwn: {
    userName: (id) => ({ [LEAD]: 'Lena', [ANA]: 'Ana' })[id],
    channelName: (id) => ({ C0TEAM: 'team' })[id],
    timeZone: ZONE,
    now: NOW,
  },
  people: [
    { value: LEAD, label: 'Lena' },
    { value: ANA, label: 'Ana' },
  ],
  channels: [{ value: 'C0TEAM', label: '#team' }],
  surface: 'message',
  idPrefix: 'm1',
  ...overrides,
});

/** Every action id in the blocks' JSON: each must be on a rendered element the client can send. */
function actionIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(actionIds);
  if (typeof value !== 'object' || value === null) return [];
  const own =
    typeof (value as { action_id?: unknown }).action_id === 'string'
      ? [(value as { action_id: string }).action_id]
      : [];
  return [...own, ...Object.values(value).flatMap(actionIds)];
}

const held = makeTask({ id: 5, number: 5 });
const delegated = makeTask({
  id: 6,
  number: 6,
  ownerId: ANA,
  status: 'offered',
  channelId: 'C0TEAM',
  dueAt: new Date('2026-12-10T16:00:00Z'),
});
const accepted = { ...delegated, status: 'accepted' as const };
const z = { timeZone: ZONE, now: NOW };

const messages: Array<[string, { blocks: unknown[] }]> = [
  ...taskMessages(held, delegated),
  ['help', helpMessage()],
  [
    'prompt',
    promptMessage({
      leadId: LEAD,
      tasks: [{ task: held, suggestions: [{ userId: ANA, reasons: ['did similar work'] }] }],
      names: { [ANA]: 'Ana' },
      ...z,
    }),
  ],
  ['checkin', checkinMessage(accepted, { checkinId: 9, reason: 'cadence', ...z })],
  ['reminder', reminderMessage(accepted, { checkinId: 9, ...z })],
  ['overdue', overdueMessage(accepted, { checkinId: 9, ...z })],
  ['escalation', escalationMessage(accepted, { ownerId: ANA, silentWorkingDays: 2 })],
  ['pick owner', pickOwnerPrompt(3, { typedName: 'an', candidates: [ANA, LEAD] })],
];
const modals: Array<[string, { blocks: unknown[] }]> = [
  ['capture', captureModal({ privateMetadata: '{}' })],
  ['hand back', handBackModal(delegated)],
  ['reassign', reassignModal(accepted)],
  ['keep', keepModal(held, '')],
  ['snooze date', snoozeDateModal(held, '')],
  ['settings', settingsModal({ promptTime: '09:00', workingDays: [7, 1, 2, 3, 4], pausedUntil: null, timeZone: ZONE })],
  ['note', noteModal(accepted, '{}')],
];

describe('renderBlocks', () => {
  it.each([
    ...messages.map(([n, m]) => [n, m, 'message'] as const),
    ...modals.map(([n, m]) => [n, m, 'modal'] as const),
  ])("shows everything in Baton's %s, each control ready to send its action", (_, message, surface) => {
    const html = renderBlocks(message.blocks, ctx({ surface }));
    expect(html).not.toContain('this page does not show');
    for (const id of actionIds(message.blocks)) expect(html).toContain(`data-action-id="${id}"`);
  });

  it('renders buttons with their style, value and confirm dialog', () => {
    const html = renderBlocks(
      [
        {
          type: 'actions',
          block_id: 'task:7',
          elements: [
            {
              type: 'button',
              action_id: 'go',
              text: { type: 'plain_text', text: 'Accept' },
              value: '7',
              style: 'primary',
            },
            {
              type: 'button',
              action_id: 'drop',
              text: { type: 'plain_text', text: 'Drop' },
              value: '7',
              style: 'danger',
              confirm: {
                title: { type: 'plain_text', text: 'Drop #7?' },
                text: { type: 'mrkdwn', text: '*Gone* for good' },
                confirm: { type: 'plain_text', text: 'Drop it' },
                deny: { type: 'plain_text', text: 'Keep it' },
                style: 'danger',
              },
            },
          ],
        },
      ],
      ctx(),
    );
    expect(html).toContain('class="bk-button bk-primary"');
    expect(html).toMatch(
      /<button type="button" class="bk-button bk-danger"[^>]*data-block-id="task:7"[^>]*data-value="7">Drop<\/button>/,
    );
    expect(html).toContain(
      '<template class="bk-confirm" data-confirm="Drop it" data-deny="Keep it" data-style="danger">',
    );
    expect(html).toContain('<div class="dialog-text"><strong>Gone</strong> for good</div>');
  });

  it('names every select by its placeholder, with the initial choice selected', () => {
    const html = renderBlocks(
      [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'Who?' },
          accessory: {
            type: 'users_select',
            action_id: 'who',
            placeholder: { type: 'plain_text', text: 'Hand to…' },
            initial_user: ANA,
          },
        },
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: 'when',
              placeholder: { type: 'plain_text', text: 'Snooze' },
              options: [
                { text: { type: 'plain_text', text: 'Tomorrow' }, value: 'tomorrow' },
                { text: { type: 'plain_text', text: 'Next week' }, value: 'next_week' },
              ],
              initial_option: { text: { type: 'plain_text', text: 'Next week' }, value: 'next_week' },
            },
            {
              type: 'overflow',
              action_id: 'more',
              options: [{ text: { type: 'plain_text', text: 'Edit' }, value: 'edit' }],
            },
          ],
        },
      ],
      ctx(),
    );
    expect(html).toContain('aria-label="Hand to…"');
    expect(html).toContain(`<option value="${ANA}" selected>Ana</option>`);
    expect(html).toContain('<option value="next_week" selected>Next week</option>');
    expect(html).toContain('aria-label="More actions"');
    expect(html).toContain('data-block-id="b1"');
  });

  it('labels a modal input, marks it required or optional, and shows its error on the field', () => {
    const blocks = [
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: 'What needs doing?' },
        element: { type: 'plain_text_input', action_id: 'title', initial_value: 'a <b>' },
      },
      {
        type: 'input',
        block_id: 'days',
        optional: true,
        hint: { type: 'plain_text', text: 'Your week' },
        label: { type: 'plain_text', text: 'Days' },
        element: {
          type: 'checkboxes',
          action_id: 'days',
          options: [
            { text: { type: 'plain_text', text: 'Mon' }, value: '1' },
            { text: { type: 'plain_text', text: 'Sun' }, value: '7' },
          ],
          initial_options: [{ text: { type: 'plain_text', text: 'Sun' }, value: '7' }],
        },
      },
    ];
    const html = renderBlocks(blocks, ctx({ surface: 'modal', idPrefix: 'V1', errors: { title: 'Give it a title.' } }));
    expect(html).toContain('<label class="bk-label" id="V1-title-label" for="V1-title-el">What needs doing?</label>');
    expect(html).toMatch(
      /<input type="text" class="bk-field-input" id="V1-title-el"[^>]*aria-describedby="V1-title-error" aria-invalid="true" required value="a &lt;b&gt;">/,
    );
    expect(html).toContain('<p class="bk-error" id="V1-title-error" role="alert">Give it a title.</p>');
    expect(html).not.toContain('data-dispatch');
    expect(html).toContain('Days <span class="bk-optional">(optional)</span>');
    expect(html).toContain('aria-labelledby="V1-days-label"');
    expect(html).toMatch(/value="7" checked/);
    expect(html).not.toMatch(/value="1" checked/);
  });

  it('shows headers, fields, context and dividers, escaping plain text', () => {
    const html = renderBlocks(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Today <3' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Owner*' },
            { type: 'plain_text', text: '<@U1>' },
          ],
        },
        { type: 'divider' },
        {
          type: 'context',
          elements: [
            { type: 'image', image_url: 'https://example.com/x.png', alt_text: 'logo' },
            { type: 'mrkdwn', text: `by <@${LEAD}>` },
          ],
        },
      ],
      ctx(),
    );
    expect(html).toContain('<div class="bk-header" role="heading" aria-level="3">Today &lt;3</div>');
    expect(html).toContain('<div class="bk-field"><strong>Owner</strong></div><div class="bk-field">&lt;@U1&gt;</div>');
    expect(html).toContain('<hr class="bk-divider">');
    expect(html).not.toContain('https://example.com');
    expect(html).toContain('aria-label="logo"');
    expect(html).toContain('@Lena');
  });

  it('says which blocks it cannot show instead of dropping them', () => {
    expect(renderBlocks([{ type: 'video' }], ctx())).toContain('Block this page does not show: video');
  });
});
