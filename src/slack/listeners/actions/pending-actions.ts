import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { type PendingResolution, resolvePendingCapture } from '../../../app/capture-task';
import type { Deps } from '../../../app/deps';
import { pendingCancelled, pendingResolved } from '../../blocks/pending';
import { captureReply, orCouldNotSave } from '../replies';
import { actionTarget } from './target';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The lead settles what an inline capture was waiting for: an owner, a date, or neither. */
function settlePending(deps: Deps, toResolution: (args: Args) => PendingResolution | null) {
  return async (args: Args) => {
    await args.ack();
    const { team, user, id } = actionTarget(args.body, 'pending');
    const resolution = toResolution(args);
    if (id === null || resolution === null) return;
    await orCouldNotSave(deps.logger, { team, user }, '', args.respond, async () => {
      const result = await resolvePendingCapture(deps, team, user, id, resolution);
      if (result.kind === 'cancelled') {
        await args.respond({ replace_original: true, ...pendingCancelled() });
        return;
      }
      if (result.kind === 'gone') {
        await args.respond({ replace_original: true, ...pendingResolved('That one is already settled.') });
        return;
      }
      // A refused choice leaves the prompt as it is, so the lead can choose again.
      const replace = result.kind !== 'rejected';
      await args.respond({
        replace_original: replace,
        response_type: 'ephemeral',
        ...captureReply(result, deps.now()),
      });
    });
  };
}

export const onPickOwner = (deps: Deps) =>
  settlePending(deps, ({ body }) => {
    const action = body.actions[0];
    return action?.type === 'users_select' && action.selected_user ? { ownerId: action.selected_user } : null;
  });

export const onPickDue = (deps: Deps) =>
  settlePending(deps, ({ body }) => {
    const action = body.actions[0];
    return action?.type === 'datepicker' && action.selected_date ? { dueDate: action.selected_date } : null;
  });

export const onCaptureWithoutDue = (deps: Deps) => settlePending(deps, () => ({ withoutDue: true }));
export const onCancelPending = (deps: Deps) => settlePending(deps, () => ({ cancel: true }));
