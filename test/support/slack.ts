import { expect } from 'vitest';
import type { Emulator, PostedMessage, ViewRecord } from '../../src/sandbox';

/** The block id of the actions block holding the element `actionId` (selects carry their task there). */
export function blockIdOf(message: PostedMessage, actionId: string): string {
  for (const block of message.blocks as Array<{ block_id?: string; elements?: Array<{ action_id?: string }> }>) {
    if (block.elements?.some((el) => el.action_id === actionId)) return block.block_id ?? '';
  }
  throw new Error(`no element ${actionId} in message: ${JSON.stringify(message.blocks)}`);
}

/** The modal most recently opened for a user. */
export async function viewOpenedFor(emulator: Emulator, userId: string): Promise<ViewRecord> {
  await expect.poll(() => emulator.views((v) => v.userId === userId && v.type === 'modal').length).toBeGreaterThan(0);
  const views = emulator.views((v) => v.userId === userId && v.type === 'modal');
  const latest = views[views.length - 1];
  if (!latest) throw new Error('no modal opened');
  return latest;
}
