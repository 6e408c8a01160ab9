import { describe, expect, it } from 'vitest';
import { digestMessage, markThanked, thanksMessage } from '../../../../src/slack/blocks/digest';
import { homeView } from '../../../../src/slack/blocks/home';
import { captureModal, handBackModal, reassignModal } from '../../../../src/slack/blocks/modals';
import { couldNotSave } from '../../../../src/slack/blocks/notices';
import { fixDuePrompt, pickOwnerPrompt } from '../../../../src/slack/blocks/pending';
import { taskMessages } from './catalog';
import {
  ANA,
  allStrings,
  EVIL_TEXT,
  EVIL_TITLE,
  EVIL_TITLE_ESCAPED,
  fullTask,
  LEAD,
  makeTask,
  NOW,
  ZONE,
} from './helpers';
import { busyImpact } from './impact-helpers';

const RAW = ['<!channel>', '<!here>', '<@U123>', '<script>', '</script>'];
/** An ampersand that does not start one of the three entities escapeMrkdwn produces. */
const BARE_AMPERSAND = /&(?!amp;|lt;|gt;)/;

/** No raw control sequence, no bare `&`, anywhere in the value. `initial_value` of inputs is the user's raw text. */
function expectOnlyEscaped(value: unknown) {
  for (const { key, value: s } of allStrings(value)) {
    if (key === 'initial_value') continue;
    for (const raw of RAW) expect(s, `${key}: ${s}`).not.toContain(raw);
    expect(s, `${key}: ${s}`).not.toMatch(BARE_AMPERSAND);
  }
}

const held = makeTask({ title: EVIL_TITLE, details: EVIL_TEXT });
const delegated = fullTask({ title: EVIL_TITLE, details: EVIL_TEXT });

describe('user text is escaped everywhere', () => {
  it.each(taskMessages(held, delegated))('%s', (name, message) => {
    expectOnlyEscaped(message);
    // The list's text only counts tasks.
    if (name !== 'taskList') expect(message.text).toContain(EVIL_TITLE_ESCAPED);
    expect(JSON.stringify(message.blocks)).toContain(EVIL_TITLE_ESCAPED);
  });

  it('shows the escaped details and reason where they appear', () => {
    const [, offer] = taskMessages(held, delegated).find(([name]) => name === 'ownerOffer') ?? [];
    expect(JSON.stringify(offer?.blocks)).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!here&gt;');
    const [, answer] = taskMessages(held, delegated).find(([name]) => name === 'leadAnswer handed_back') ?? [];
    expect(answer?.text).toContain('“&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!here&gt;”');
  });

  it('modals', () => {
    expectOnlyEscaped(handBackModal(delegated));
    expectOnlyEscaped(reassignModal(delegated));
    const modal = captureModal({
      prefill: { title: EVIL_TITLE, details: EVIL_TEXT, sourceLabel: `From <@U123> in <!channel> & co` },
      privateMetadata: '{}',
    });
    expectOnlyEscaped(modal);
    expect(JSON.stringify(modal.blocks)).toContain('From &lt;@U123&gt; in &lt;!channel&gt; &amp; co');
    expect(JSON.stringify(handBackModal(delegated).blocks)).toContain(EVIL_TITLE_ESCAPED);
  });

  it('keeps the prefilled input values raw (inputs are not mrkdwn)', () => {
    const modal = captureModal({ prefill: { title: EVIL_TITLE }, privateMetadata: '' });
    const values = allStrings(modal).filter((s) => s.key === 'initial_value');
    expect(values.map((v) => v.value)).toEqual([EVIL_TITLE]);
  });

  it('pending prompts and couldNotSave', () => {
    const pick = pickOwnerPrompt(7, { typedName: '<!channel>&<@U123>', candidates: [] });
    expectOnlyEscaped(pick);
    expect(pick.text).toContain('@&lt;!channel&gt;&amp;&lt;@U123&gt;');
    const due = fixDuePrompt(7, { phrase: EVIL_TEXT, reason: 'not_understood' });
    expectOnlyEscaped(due);
    expect(due.text).toContain('&lt;script&gt;');
    const typed = `/delegate ${EVIL_TITLE} ${EVIL_TEXT}`;
    const saved = couldNotSave(typed);
    expectOnlyEscaped(saved);
    expect(saved.text).toContain(EVIL_TITLE_ESCAPED);
  });

  it('the App Home: titles, hand-back reasons, suggestion reasons and names', () => {
    const impact = busyImpact();
    impact.handBacks.byReason = [{ reason: EVIL_TEXT, count: 2 }];
    const view = homeView({
      viewerId: LEAD,
      timeZone: ZONE,
      now: NOW,
      names: { [ANA]: EVIL_TITLE },
      lead: {
        impact,
        held: [{ task: held, suggestions: [{ userId: ANA, reasons: [EVIL_TEXT] }] }],
        delegated: [delegated],
      },
      owner: {
        owned: [{ ...delegated, id: delegated.id + 1, leadId: 'UBOSS', ownerId: LEAD }],
        finished: [{ ...delegated, id: delegated.id + 2, leadId: 'UBOSS', ownerId: LEAD, status: 'done', doneAt: NOW }],
      },
    });
    expectOnlyEscaped(view);
    const json = JSON.stringify(view.blocks);
    expect(json.split(EVIL_TITLE_ESCAPED).length - 1).toBe(4);
    expect(json).toContain('“&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!here&gt;” ×2');
  });

  it('the weekly digest, after a thanks, and the thanks itself', () => {
    const ref = { taskId: 7, number: 7, title: EVIL_TITLE };
    const digest = digestMessage({
      facts: {
        period: { start: new Date(NOW.getTime() - 7 * 86_400_000), end: NOW },
        finishedByTeam: [{ ...ref, by: ANA, at: NOW }],
        finishedByTeamBefore: 0,
        finishedByLead: 0,
        handedOff: [{ ...ref, taskId: 8, ownerId: ANA, at: NOW, status: 'accepted' }],
        held: [{ ...ref, taskId: 9, capturedAt: NOW }],
        load: { owners: [], totalOpen: 0, singlePointsOfFailure: [], stranded: [] },
      },
      timeZone: ZONE,
      now: NOW,
      names: { [ANA]: EVIL_TITLE },
    });
    expectOnlyEscaped(digest);
    expect(JSON.stringify(digest.blocks).split(EVIL_TITLE_ESCAPED).length - 1).toBe(3);
    expectOnlyEscaped(markThanked(digest.blocks, 7));
    const thanks = thanksMessage({ leadId: LEAD, finisherId: ANA, task: { number: 7, title: EVIL_TITLE } });
    expectOnlyEscaped(thanks);
    expect(thanks.text).toContain(EVIL_TITLE_ESCAPED);
  });

  it('the walker itself catches a raw title (the test can fail)', () => {
    expect(() => expectOnlyEscaped({ blocks: [{ text: { text: EVIL_TITLE } }] })).toThrow();
    expect(() => expectOnlyEscaped({ text: 'a & b' })).toThrow();
  });
});
