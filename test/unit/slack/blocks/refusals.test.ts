import { describe, expect, it } from 'vitest';
import type { Refusal } from '../../../../src/app/refusals';
import { captureFormErrorTexts, refusalText, refused } from '../../../../src/slack/blocks/refusals';
import { SETTINGS_MISSING } from '../../../../src/slack/blocks/settings';

/** Every refusal, and the sentence the person who asked reads (the words Baton has always used). */
const sentences: Array<[Refusal, string]> = [
  [{ kind: 'only_lead', action: 'offer', leadId: 'U1', number: 12 }, 'Only the lead (<@U1>) can hand off #12.'],
  [{ kind: 'only_lead', action: 'reassign', leadId: 'U1', number: 12 }, 'Only the lead (<@U1>) can reassign #12.'],
  [{ kind: 'only_lead', action: 'drop', leadId: 'U1', number: 12 }, 'Only the lead (<@U1>) can drop #12.'],
  [{ kind: 'only_lead', action: 'snooze', leadId: 'U1', number: 12 }, 'Only the lead (<@U1>) can snooze #12.'],
  [{ kind: 'only_lead', action: 'keep', leadId: 'U1', number: 12 }, 'Only the lead (<@U1>) can keep #12.'],
  [{ kind: 'only_lead', action: 'take_back', leadId: 'U1', number: 12 }, 'Only the lead (<@U1>) can take back #12.'],
  [{ kind: 'only_lead', action: 'nudge', leadId: 'U1', number: 12 }, 'Only the lead (<@U1>) can nudge about #12.'],
  [{ kind: 'only_owner', action: 'accept', ownerId: 'U2', number: 12 }, 'Only the owner (<@U2>) can accept #12.'],
  [{ kind: 'only_owner', action: 'hand_back', ownerId: 'U2', number: 12 }, 'Only the owner (<@U2>) can hand back #12.'],
  [{ kind: 'only_lead_or_owner', number: 12 }, 'Only the lead or the owner can mark #12 done.'],
  [
    { kind: 'only_owner_or_lead', action: 'answer', number: 12 },
    'Only the owner or the lead can answer check-ins on #12.',
  ],
  [
    { kind: 'only_owner_or_lead', action: 'move_due', number: 12 },
    'Only the owner or the lead can move the due date of #12.',
  ],
  [{ kind: 'already_done', number: 12 }, '#12 is already done.'],
  [{ kind: 'dropped', number: 12 }, '#12 was dropped.'],
  [{ kind: 'no_longer_open', number: 12 }, '#12 is no longer open.'],
  [{ kind: 'still_open', number: 12 }, '#12 is still open: only a done or dropped task can be reopened.'],
  [
    { kind: 'not_finished_by_team', number: 12 },
    '#12 is not finished by someone on your team (any more), so there is nobody to thank for it.',
  ],
  [{ kind: 'already_with', ownerId: 'U2', number: 12 }, '#12 is already with <@U2>; reassign it instead.'],
  [{ kind: 'already_offered', ownerId: 'U2', number: 12 }, '#12 is already offered to <@U2>.'],
  [{ kind: 'already_owns', ownerId: 'U2', number: 12 }, '<@U2> already owns #12.'],
  [{ kind: 'offered_to_lead', number: 12 }, 'You lead #12; to keep it, just leave it held.'],
  [
    { kind: 'reassigned_to_lead', ownerId: 'U2', number: 12 },
    "You lead #12, so it can't be reassigned to you; ask <@U2> to hand it back.",
  ],
  [{ kind: 'cannot_own', userId: 'B1', reason: 'bot' }, "<@B1> is a bot and can't own tasks."],
  [{ kind: 'cannot_own', userId: 'U4', reason: 'deactivated' }, "<@U4> is deactivated and can't own tasks."],
  [
    { kind: 'cannot_own', userId: 'U5', reason: 'not_a_member' },
    "<@U5> isn't a member of this workspace and can't own tasks.",
  ],
  [{ kind: 'not_a_member', userId: 'U5' }, "<@U5> isn't a member of this workspace."],
  [
    { kind: 'cannot_lead', reason: 'not_a_member' },
    "Baton keeps tasks only for members of this workspace, and Slack doesn't know you as one.",
  ],
  [{ kind: 'cannot_lead', reason: 'bot' }, "Bots can't lead tasks."],
  [{ kind: 'cannot_lead', reason: 'deactivated' }, "Your account is deactivated, so Baton can't keep tasks for you."],
  [{ kind: 'nobody_has_it', number: 12 }, 'No one has #12 yet; hand it to someone instead of reassigning it.'],
  [{ kind: 'not_offered', number: 12 }, "#12 isn't offered to anyone right now."],
  [{ kind: 'already_accepted', number: 12 }, 'You already accepted #12.'],
  [{ kind: 'already_back', leadId: 'U1', number: 12 }, '#12 is already back with <@U1>.'],
  [{ kind: 'reason_needed', leadId: 'U1' }, 'Give a reason so <@U1> knows why.'],
  [
    { kind: 'not_held', action: 'snooze', holderId: 'U2', number: 12 },
    '#12 is with <@U2>; only tasks you still hold can be snoozed.',
  ],
  [{ kind: 'not_held', action: 'keep', holderId: 'U2', number: 12 }, '#12 is with <@U2> already.'],
  [{ kind: 'not_in_future', action: 'snooze' }, 'Pick a time in the future to snooze until.'],
  [{ kind: 'not_in_future', action: 'keep' }, 'Keep it until a time in the future.'],
  [{ kind: 'already_held', number: 12 }, 'You already hold #12.'],
  [{ kind: 'no_such_task', number: 99 }, 'There is no task #99.'],
  [{ kind: 'task_gone' }, 'That task no longer exists.'],
  [{ kind: 'changed_meanwhile', number: 12 }, '#12 changed just now; have another look and try again.'],
  [{ kind: 'checkin_gone' }, 'That check-in no longer exists.'],
  [{ kind: 'no_owner_working', number: 12 }, '#12 has no owner working on it.'],
  [{ kind: 'new_due_not_future' }, 'Pick a date in the future.'],
  [{ kind: 'title_missing' }, "What's the task? Give it a title."],
  [{ kind: 'title_too_long', length: 201 }, 'Titles are at most 200 characters; yours has 201.'],
  [{ kind: 'bad_due', reason: 'in_the_past' }, 'That due date is in the past.'],
  [{ kind: 'bad_due', reason: 'not_understood' }, "That isn't a date I can read."],
  [
    { kind: 'channel_unusable', channelId: 'C1', problem: 'invisible' },
    "I can't see <#C1>. If it's private, invite @Baton to it first.",
  ],
  [
    { kind: 'channel_unusable', channelId: 'C1', problem: 'archived' },
    '<#C1> is archived; pick another channel for check-ins.',
  ],
  [
    { kind: 'channel_unusable', channelId: 'C1', problem: 'private' },
    'Invite @Baton to <#C1> first (`/invite @Baton`), then try again.',
  ],
];

describe('refusals', () => {
  it.each(sentences)('%j', (refusal, sentence) => {
    expect(refusalText(refusal)).toBe(sentence);
    expect(refused(refusal)).toEqual({
      text: sentence,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: sentence } }],
    });
  });

  it('has a sentence for every kind of refusal', () => {
    // The compiler makes this list every kind; a kind without a row above is a sentence nobody has read.
    const every: Record<Refusal['kind'], true> = {
      only_lead: true,
      only_owner: true,
      only_lead_or_owner: true,
      only_owner_or_lead: true,
      already_done: true,
      dropped: true,
      no_longer_open: true,
      not_finished_by_team: true,
      still_open: true,
      already_with: true,
      already_offered: true,
      already_owns: true,
      offered_to_lead: true,
      reassigned_to_lead: true,
      cannot_own: true,
      not_a_member: true,
      cannot_lead: true,
      nobody_has_it: true,
      not_offered: true,
      already_accepted: true,
      already_back: true,
      reason_needed: true,
      not_held: true,
      not_in_future: true,
      already_held: true,
      no_such_task: true,
      task_gone: true,
      changed_meanwhile: true,
      checkin_gone: true,
      no_owner_working: true,
      new_due_not_future: true,
      title_missing: true,
      title_too_long: true,
      bad_due: true,
      channel_unusable: true,
    };
    const covered = new Set(sentences.map(([r]) => r.kind));
    expect(Object.keys(every).filter((kind) => !covered.has(kind as Refusal['kind']))).toEqual([]);
  });
});

describe('form errors', () => {
  it('the capture form names the field’s problem in plain text', () => {
    expect(captureFormErrorTexts({})).toEqual({});
    expect(
      captureFormErrorTexts({
        title: { kind: 'title_missing' },
        owner: { kind: 'cannot_own', name: 'Build Bot', reason: 'bot' },
        due: { kind: 'bad_due', reason: 'in_the_past' },
      }),
    ).toEqual({
      title: 'Give the task a title.',
      owner: "Build Bot is a bot and can't own tasks.",
      due: 'That is in the past.',
    });
    expect(
      captureFormErrorTexts({
        title: { kind: 'title_too_long', length: 230 },
        owner: { kind: 'cannot_own', name: 'Old Account', reason: 'deactivated' },
        due: { kind: 'bad_due', reason: 'not_understood' },
      }),
    ).toEqual({
      title: 'At most 200 characters; this has 230.',
      owner: "Old Account is deactivated and can't own tasks.",
      due: 'Pick a valid date.',
    });
  });

  it('the settings form asks for what is missing', () => {
    expect(SETTINGS_MISSING).toEqual({
      promptTime: 'Pick the time I should ask you at.',
      workingDays: 'Pick at least one day.',
    });
  });
});
