import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { MODAL_BLOCK_LIMIT } from '../../../../src/slack/blocks/kit';
import { captureModal, handBackModal, reassignModal } from '../../../../src/slack/blocks/modals';
import { captureFields, modalFields, views } from '../../../../src/slack/ids';
import { ANA, fullTask, LEAD, makeTask } from './helpers';

function inputs(view: types.ModalView): types.InputBlock[] {
  return view.blocks.filter((b): b is types.InputBlock => b.type === 'input');
}

function inputById(view: types.ModalView, id: string): types.InputBlock {
  const found = inputs(view).find((b) => b.block_id === id);
  if (!found) throw new Error(`no input ${id}`);
  return found;
}

describe('captureModal', () => {
  const view = captureModal({ privateMetadata: '{"channel":"C1"}' });

  it('is the capture modal with every input, ids matching', () => {
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe(views.capture);
    expect(view.title.text).toBe('Delegate');
    expect(view.submit?.text).toBe('Save');
    expect(view.close?.text).toBe('Cancel');
    expect(view.private_metadata).toBe('{"channel":"C1"}');
    expect(view.blocks.length).toBeLessThanOrEqual(MODAL_BLOCK_LIMIT);
    expect(inputs(view).map((b) => b.block_id)).toEqual(Object.values(captureFields));
    for (const b of inputs(view)) expect(b.element.action_id).toBe(b.block_id);
  });

  it('has the right element types, requirement and options', () => {
    const title = inputById(view, captureFields.title);
    expect(title.optional).toBe(false);
    expect(title.element).toMatchObject({ type: 'plain_text_input', max_length: 200 });
    expect(inputById(view, captureFields.details).element).toMatchObject({ type: 'plain_text_input', multiline: true });
    const owner = inputById(view, captureFields.owner);
    expect(owner.element.type).toBe('users_select');
    expect(owner.hint?.text).toBe('Leave empty to hold it yourself');
    expect(inputById(view, captureFields.dueDate).element.type).toBe('datepicker');
    expect(inputById(view, captureFields.dueTime).element.type).toBe('timepicker');
    expect(inputById(view, captureFields.channel).element).toMatchObject({
      type: 'conversations_select',
      filter: { include: ['public', 'private'], exclude_bot_users: true },
    });
    const cadence = inputById(view, captureFields.cadence).element;
    expect(cadence.type).toBe('static_select');
    if (cadence.type !== 'static_select') return;
    expect(cadence.options?.map((o) => [o.value, o.text.text])).toEqual([
      ['none', 'No check-ins'],
      ['daily', 'Daily'],
      ['mwf', 'Mon, Wed, Fri'],
      ['weekly', 'Weekly'],
    ]);
    expect(cadence.initial_option?.value).toBe('mwf');
    for (const id of [captureFields.details, captureFields.owner, captureFields.dueDate, captureFields.channel]) {
      expect(inputById(view, id).optional).toBe(true);
    }
  });

  it('prefills, truncating to the input limits, with the source label on top', () => {
    const v = captureModal({
      prefill: { title: 'x'.repeat(500), details: 'y'.repeat(5000), sourceLabel: 'From a message in #launch' },
      privateMetadata: '',
    });
    const title = inputById(v, captureFields.title).element;
    const details = inputById(v, captureFields.details).element;
    if (title.type !== 'plain_text_input' || details.type !== 'plain_text_input') throw new Error('wrong types');
    expect(title.initial_value?.length).toBe(200);
    expect(details.initial_value?.length).toBeLessThanOrEqual(3000);
    expect(v.blocks[0]?.type).toBe('context');
    expect(JSON.stringify(v.blocks[0])).toContain('From a message in #launch');
  });

  it('leaves short prefills untouched and no initial value when none', () => {
    const v = captureModal({ prefill: { title: 'Write memo' }, privateMetadata: '' });
    const title = inputById(v, captureFields.title).element;
    expect(title.type === 'plain_text_input' && title.initial_value).toBe('Write memo');
    expect(JSON.stringify(view)).not.toContain('initial_value');
  });
});

describe('handBackModal', () => {
  it('asks for a required reason, carries the task id', () => {
    const task = fullTask({ id: 321 });
    const v = handBackModal(task);
    expect(v.callback_id).toBe(views.handBack);
    expect(v.private_metadata).toBe('321');
    expect(v.title.text).toBe('Hand back');
    expect(v.submit?.text).toBe('Hand back');
    const reason = inputById(v, modalFields.reason);
    expect(reason.optional).not.toBe(true);
    expect(reason.element).toMatchObject({
      type: 'plain_text_input',
      action_id: modalFields.reason,
      multiline: true,
      max_length: 500,
    });
    expect(JSON.stringify(v.blocks)).toContain(`<@${LEAD}>`);
  });
});

describe('reassignModal', () => {
  it('preselects the current owner', () => {
    const v = reassignModal(fullTask({ id: 9 }));
    expect(v.callback_id).toBe(views.reassign);
    expect(v.private_metadata).toBe('9');
    const el = inputById(v, modalFields.newOwner).element;
    expect(el).toMatchObject({ type: 'users_select', action_id: modalFields.newOwner, initial_user: ANA });
    expect(inputById(v, modalFields.newOwner).optional).not.toBe(true);
  });

  it('has no initial user for a held task', () => {
    expect(JSON.stringify(reassignModal(makeTask()))).not.toContain('initial_user');
  });
});
