import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { changeTask } from '../../../app/change-task';
import { type AnswerResult, answerCheckin, moveDueDate, nudgeOwner } from '../../../app/checkins';
import type { Deps } from '../../../app/deps';
import type { CheckinStatus } from '../../../domain/checkin';
import { zoneOf } from '../../../domain/person';
import { checkinAnswered, noteModal } from '../../blocks/checkin';
import { taskUpdated } from '../../blocks/notices';
import { refused } from '../../blocks/refusals';
import { actions } from '../../ids';
import { ephemeral, orCouldNotSave } from '../replies';
import { actionTarget } from './target';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

const STATUS_OF: Record<string, CheckinStatus> = {
  [actions.checkinOnTrack]: 'on_track',
  [actions.checkinAtRisk]: 'at_risk',
  [actions.checkinBlocked]: 'blocked',
  [actions.checkinDone]: 'done',
};

/** On track / At risk / Blocked / Done under a check-in: recorded, and the check-in shows the answer in place. */
export const onCheckinAnswer = (deps: Deps) => async (args: Args) => {
  await args.ack();
  const { team, user, id, action } = actionTarget(args.body, 'checkin');
  const status = action ? STATUS_OF[action.action_id] : undefined;
  if (id === null || !status) return;
  await orCouldNotSave(deps.logger, { team, user }, '', args.respond, async () => {
    const result = await answerCheckin(deps, { teamId: team, actorId: user, checkinId: id, status, note: null });
    await replyToAnswer(deps, args, result, { status, user });
  });
};

export async function replyToAnswer(
  deps: Deps,
  args: Pick<Args, 'respond'>,
  result: AnswerResult,
  answer: { status: CheckinStatus; user: string; note?: string | null },
): Promise<void> {
  if (!result.ok) {
    await args.respond(ephemeral(refused(result.refusal)));
    return;
  }
  const person = await deps.people.find(result.task.teamId, answer.user);
  const now = deps.now();
  const answered = checkinAnswered(result.task, {
    status: answer.status,
    note: answer.note ?? null,
    byUserId: answer.user,
    at: now,
    timeZone: zoneOf(person),
    now,
  });
  await args.respond({ replace_original: true, ...answered });
}

/** "Add a note": a form for the note (and, optionally, a status). */
export const onCheckinNote = (deps: Deps) => async (args: Args) => {
  await args.ack();
  const { team, user, id } = actionTarget(args.body, 'checkin');
  if (id === null) return;
  await orCouldNotSave(deps.logger, { team, user }, '', args.respond, async () => {
    const checkin = await deps.checkins.find(team, id);
    const task = checkin && (await deps.tasks.find(team, checkin.taskId));
    if (!checkin || !task) {
      await args.respond(ephemeral(refused({ kind: 'checkin_gone' })));
      return;
    }
    const container = args.body.container as { channel_id?: string; message_ts?: string };
    const metadata = JSON.stringify({ checkinId: id, channel: container.channel_id, ts: container.message_ts });
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: noteModal(task, metadata) });
  });
};

/** A new due date picked under an overdue ask. */
export const onCheckinNewDue = (deps: Deps) => async (args: Args) => {
  await args.ack();
  const { team, user, id, action } = actionTarget(args.body, 'checkin');
  const date = action?.type === 'datepicker' ? action.selected_date : undefined;
  if (id === null || !date) return;
  await orCouldNotSave(deps.logger, { team, user }, date, args.respond, async () => {
    const result = await moveDueDate(deps, { teamId: team, actorId: user, checkinId: id, date });
    await args.respond(
      ephemeral(result.ok ? taskUpdated(`Moved *#${result.task.number}* to ${date}.`) : refused(result.refusal)),
    );
  });
};

/** From an escalation: nudge the owner in the thread now. */
export const onEscalationNudge = (deps: Deps) => async (args: Args) => {
  await args.ack();
  const { team, user, id } = actionTarget(args.body);
  if (id === null) return;
  await orCouldNotSave(deps.logger, { team, user, task: id }, '', args.respond, async () => {
    const result = await nudgeOwner(deps, { teamId: team, actorId: user, taskId: id });
    await args.respond(
      ephemeral(result.ok ? taskUpdated(`Nudged about *#${result.task.number}*.`) : refused(result.refusal)),
    );
  });
};

/** From an escalation: the lead takes the task back. */
export const onEscalationTakeBack = (deps: Deps) => async (args: Args) => {
  await args.ack();
  const { team, user, id } = actionTarget(args.body);
  if (id === null) return;
  await orCouldNotSave(deps.logger, { team, user, task: id }, '', args.respond, async () => {
    const result = await changeTask(deps, { teamId: team, actorId: user, task: { id }, change: { kind: 'take_back' } });
    await args.respond(
      ephemeral(result.ok ? taskUpdated(`You hold *#${result.task.number}* again.`) : refused(result.refusal)),
    );
  });
};
