import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { type BlockIdKind, idFromBlockId } from '../../ids';

/** Who acted, in which workspace, on which task or pending capture (from the button value or the block id). */
export function actionTarget(body: BlockAction, kind: BlockIdKind = 'task') {
  const action: BlockElementAction | undefined = body.actions[0];
  const team = body.team?.id ?? body.user.team_id ?? '';
  const value = action && 'value' in action && typeof action.value === 'string' ? action.value : undefined;
  const fromValue = value && /^\d{1,15}$/.test(value) ? Number(value) : null;
  const id = fromValue ?? idFromBlockId(action?.block_id, kind);
  return { team, user: body.user.id, id, action };
}
