import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { IsoWeekday } from '../../../../src/domain/person';
import { describeWorkingDays, settingsModal, settingsSaved } from '../../../../src/slack/blocks/settings';
import { settingsFields, views } from '../../../../src/slack/ids';
import { allStrings, NOW, ZONE } from './helpers';

function inputById(view: types.ModalView, id: string): types.InputBlock {
  const found = view.blocks.find((b): b is types.InputBlock => b.type === 'input' && b.block_id === id);
  if (!found) throw new Error(`no input ${id}`);
  return found;
}

const sunThu: IsoWeekday[] = [7, 1, 2, 3, 4];

describe('settingsModal', () => {
  const view = settingsModal({ promptTime: '08:30', workingDays: sunThu, pausedUntil: '2026-12-24', timeZone: ZONE });

  it('is the settings modal with its three inputs, block id = action id', () => {
    expect(view.callback_id).toBe(views.settings);
    expect(view.title.text).toBe('Baton settings');
    expect(view.submit?.text).toBe('Save');
    expect(view.private_metadata).toBe('');
    const inputs = view.blocks.filter((b): b is types.InputBlock => b.type === 'input');
    expect(inputs.map((b) => b.block_id)).toEqual(Object.values(settingsFields));
    for (const b of inputs) expect(b.element.action_id).toBe(b.block_id);
  });

  it('prefills the time, a Sun–Thu week and a pause', () => {
    const time = inputById(view, settingsFields.promptTime);
    expect(time.label.text).toBe('Ask me at');
    expect(time.optional).toBe(false);
    expect(time.element).toMatchObject({ type: 'timepicker', initial_time: '08:30' });

    const days = inputById(view, settingsFields.workingDays);
    expect(days.label.text).toBe('On these days');
    expect(days.optional).toBe(false);
    const el = days.element;
    expect(el.type).toBe('checkboxes');
    if (el.type !== 'checkboxes') return;
    expect(el.options.map((o) => [o.text.text, o.value])).toEqual([
      ['Mon', '1'],
      ['Tue', '2'],
      ['Wed', '3'],
      ['Thu', '4'],
      ['Fri', '5'],
      ['Sat', '6'],
      ['Sun', '7'],
    ]);
    expect(el.initial_options?.map((o) => o.value)).toEqual(['1', '2', '3', '4', '7']);
    // Slack matches initial options against options by their whole object.
    for (const o of el.initial_options ?? []) expect(el.options).toContainEqual(o);

    const pause = inputById(view, settingsFields.pausedUntil);
    expect(pause.label.text).toBe('Pause until (vacation)');
    expect(pause.optional).toBe(true);
    expect(pause.hint?.text).toBe('Leave empty to keep prompts on');
    expect(pause.element).toMatchObject({ type: 'datepicker', initial_date: '2026-12-24' });
  });

  it('without a pause has no initial date; keeps the given metadata', () => {
    const v = settingsModal(
      { promptTime: '09:00', workingDays: [1, 2, 3, 4, 5], pausedUntil: null, timeZone: ZONE },
      '{"x":1}',
    );
    expect(v.private_metadata).toBe('{"x":1}');
    expect(JSON.stringify(v)).not.toContain('initial_date');
    const el = inputById(v, settingsFields.workingDays).element;
    expect(el.type === 'checkboxes' && el.initial_options?.map((o) => o.value)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('says which zone, escaped', () => {
    expect(JSON.stringify(view.blocks)).toContain('Times are in your Slack time zone (Europe/Berlin).');
    const evil = settingsModal({ promptTime: '09:00', workingDays: [], pausedUntil: null, timeZone: '<!channel>&' });
    const texts = allStrings(evil).map((s) => s.value);
    expect(texts.join('\n')).toContain('(&lt;!channel&gt;&amp;)');
    expect(texts.join('\n')).not.toContain('<!channel>');
    // No empty initial_options: Slack rejects them.
    expect(JSON.stringify(evil)).not.toContain('initial_options');
  });
});

describe('describeWorkingDays', () => {
  it.each<[IsoWeekday[], string]>([
    [[1, 2, 3, 4, 5], 'Mon–Fri'],
    [[5, 4, 3, 2, 1], 'Mon–Fri'],
    [[7, 1, 2, 3, 4], 'Sun–Thu'],
    [[1, 3, 5], 'Mon, Wed, Fri'],
    [[1, 2, 3, 4, 5, 6, 7], 'every day'],
    [[3], 'Wed'],
    [[6, 7], 'Sat, Sun'],
    [[1, 2], 'Mon, Tue'],
    [[1, 2, 3, 5], 'Mon–Wed, Fri'],
    [[6, 7, 1, 3], 'Sat–Mon, Wed'],
    [[7, 1], 'Sun, Mon'],
    [[1, 2, 3, 4, 5, 6], 'Mon–Sat'],
    [[], 'no days'],
  ])('%j → %s', (days, phrase) => {
    expect(describeWorkingDays(days)).toBe(phrase);
  });
});

describe('settingsSaved', () => {
  // NOW: Thu 3 Dec 2026, 11:00 in Berlin.
  const base = { promptTime: '09:00', pausedUntil: null, timeZone: ZONE, now: NOW };
  const tomorrow9 = new Date('2026-12-04T08:00:00Z');

  it.each<[IsoWeekday[], string]>([
    [[1, 2, 3, 4, 5], 'on Mon–Fri'],
    [[7, 1, 2, 3, 4], 'on Sun–Thu'],
    [[1, 3, 5], 'on Mon, Wed, Fri'],
    [[1, 2, 3, 4, 5, 6, 7], 'every day'],
    [[5], 'on Fri'],
  ])('%j', (workingDays, phrase) => {
    const m = settingsSaved({ ...base, workingDays, nextPromptAt: tomorrow9 });
    const expected = `Saved. I'll ask you at 09:00 ${phrase}. Next: at 09:00 tomorrow.`;
    expect(m.text).toBe(expected);
    expect(m.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: expected } }]);
  });

  it('mentions a pause that is not over, and when prompts resume', () => {
    const m = settingsSaved({
      ...base,
      workingDays: [1, 2, 3, 4, 5],
      pausedUntil: '2026-12-11',
      nextPromptAt: new Date('2026-12-14T08:00:00Z'),
    });
    expect(m.text).toBe(
      "Saved. I'll ask you at 09:00 on Mon–Fri, paused until Fri 11 Dec. Next: at 09:00 on Mon 14 Dec.",
    );
  });

  it('says when the next weekly digest comes, for a lead who has one', () => {
    const m = settingsSaved({
      ...base,
      workingDays: [1, 2, 3, 4, 5],
      nextPromptAt: tomorrow9,
      nextDigestAt: new Date('2026-12-09T08:00:00Z'),
    });
    expect(m.text).toBe(
      "Saved. I'll ask you at 09:00 on Mon–Fri. Next: at 09:00 tomorrow. Your weekly digest: at 09:00 on Wed 9 Dec.",
    );
  });

  it('leaves out a pause already over, and says when nothing is scheduled', () => {
    const m = settingsSaved({ ...base, workingDays: [1], pausedUntil: '2026-11-30', nextPromptAt: null });
    expect(m.text).toBe("Saved. I'll ask you at 09:00 on Mon. No prompt is scheduled.");
  });
});
