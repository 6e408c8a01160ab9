import type { CaptureFormErrors } from '../../app/capture-task';
import type { Refusal } from '../../app/refusals';
import { MAX_TITLE_LENGTH } from '../../domain/delegate-command';
import type { InactiveReason } from '../../domain/person';
import { taskRef } from '../../domain/task';
import { channelLink, type Message, mention } from './kit';
import { problem } from './notices';

/** The verb of each action someone may be refused ("Only the lead can … #12"). */
const VERBS: Record<Extract<Refusal, { kind: 'only_lead' | 'only_owner' }>['action'], string> = {
  offer: 'hand off',
  reassign: 'reassign',
  drop: 'drop',
  snooze: 'snooze',
  keep: 'keep',
  take_back: 'take back',
  reopen: 'reopen',
  nudge: 'nudge about',
  accept: 'accept',
  hand_back: 'hand back',
};

const INACTIVE: Record<InactiveReason, string> = {
  not_a_member: "isn't a member of this workspace",
  bot: 'is a bot',
  deactivated: 'is deactivated',
};

const CANNOT_LEAD: Record<InactiveReason, string> = {
  not_a_member: "Baton keeps tasks only for members of this workspace, and Slack doesn't know you as one.",
  bot: "Bots can't lead tasks.",
  deactivated: "Your account is deactivated, so Baton can't keep tasks for you.",
};

/**
 * What a refusal says to the person who asked, in mrkdwn. Tasks are named by number, people by
 * mention, channels by link: no user text goes in, so nothing here needs escaping.
 */
export function refusalText(r: Refusal): string {
  const ref = 'number' in r ? taskRef(r) : '';
  switch (r.kind) {
    case 'only_lead':
      return `Only the lead (${mention(r.leadId)}) can ${VERBS[r.action]} ${ref}.`;
    case 'only_owner':
      return `Only the owner (${mention(r.ownerId)}) can ${VERBS[r.action]} ${ref}.`;
    case 'only_lead_or_owner':
      return `Only the lead or the owner can mark ${ref} done.`;
    case 'only_owner_or_lead':
      return r.action === 'answer'
        ? `Only the owner or the lead can answer check-ins on ${ref}.`
        : `Only the owner or the lead can move the due date of ${ref}.`;
    case 'already_done':
      return `${ref} is already done.`;
    case 'dropped':
      return `${ref} was dropped.`;
    case 'no_longer_open':
      return `${ref} is no longer open.`;
    case 'already_with':
      return `${ref} is already with ${mention(r.ownerId)}; reassign it instead.`;
    case 'already_offered':
      return `${ref} is already offered to ${mention(r.ownerId)}.`;
    case 'already_owns':
      return `${mention(r.ownerId)} already owns ${ref}.`;
    case 'offered_to_lead':
      return `You lead ${ref}; to keep it, just leave it held.`;
    case 'reassigned_to_lead':
      return `You lead ${ref}, so it can't be reassigned to you; ask ${mention(r.ownerId)} to hand it back.`;
    case 'cannot_own':
      return `${mention(r.userId)} ${INACTIVE[r.reason]} and can't own tasks.`;
    case 'not_a_member':
      return `${mention(r.userId)} isn't a member of this workspace.`;
    case 'cannot_lead':
      return CANNOT_LEAD[r.reason];
    case 'nobody_has_it':
      return `No one has ${ref} yet; hand it to someone instead of reassigning it.`;
    case 'not_offered':
      return `${ref} isn't offered to anyone right now.`;
    case 'already_accepted':
      return `You already accepted ${ref}.`;
    case 'already_back':
      return `${ref} is already back with ${mention(r.leadId)}.`;
    case 'reason_needed':
      return `Give a reason so ${mention(r.leadId)} knows why.`;
    case 'not_held':
      return r.action === 'snooze'
        ? `${ref} is with ${mention(r.holderId)}; only tasks you still hold can be snoozed.`
        : `${ref} is with ${mention(r.holderId)} already.`;
    case 'not_in_future':
      return r.action === 'snooze'
        ? 'Pick a time in the future to snooze until.'
        : 'Keep it until a time in the future.';
    case 'already_held':
      return `You already hold ${ref}.`;
    case 'no_such_task':
      return `There is no task ${ref}.`;
    case 'still_open':
      return `${ref} is still open: only a done or dropped task can be reopened.`;
    case 'not_finished_by_team':
      return `${ref} is not finished by someone on your team (any more), so there is nobody to thank for it.`;
    case 'task_gone':
      return 'That task no longer exists.';
    case 'changed_meanwhile':
      return `${ref} changed just now; have another look and try again.`;
    case 'checkin_gone':
      return 'That check-in no longer exists.';
    case 'no_owner_working':
      return `${ref} has no owner working on it.`;
    case 'new_due_not_future':
      return 'Pick a date in the future.';
    case 'title_missing':
      return "What's the task? Give it a title.";
    case 'title_too_long':
      return `Titles are at most ${MAX_TITLE_LENGTH} characters; yours has ${r.length}.`;
    case 'bad_due':
      return r.reason === 'in_the_past' ? 'That due date is in the past.' : "That isn't a date I can read.";
    case 'channel_unusable': {
      const channel = channelLink(r.channelId);
      if (r.problem === 'invisible') return `I can't see ${channel}. If it's private, invite @Baton to it first.`;
      if (r.problem === 'archived') return `${channel} is archived; pick another channel for check-ins.`;
      return `Invite @Baton to ${channel} first (\`/invite @Baton\`), then try again.`;
    }
  }
}

/** A refusal as an ephemeral message. */
export function refused(r: Refusal): Message {
  return problem(refusalText(r));
}

/** The capture form's field errors, in plain text (a modal shows no mrkdwn or mentions). */
export function captureFormErrorTexts(errors: CaptureFormErrors): Partial<Record<keyof CaptureFormErrors, string>> {
  const { title, owner, due } = errors;
  return {
    ...(title && {
      title:
        title.kind === 'title_missing'
          ? 'Give the task a title.'
          : `At most ${MAX_TITLE_LENGTH} characters; this has ${title.length}.`,
    }),
    ...(owner && { owner: `${owner.name} ${INACTIVE[owner.reason]} and can't own tasks.` }),
    ...(due && { due: due.reason === 'in_the_past' ? 'That is in the past.' : 'Pick a valid date.' }),
  };
}
