import { expect } from 'vitest';
import { tickJobId } from '../../src/queue/jobs';
import { enqueueTick } from '../../src/queue/producer';
import type { PostedMessage } from '../../src/sandbox';
import type { TestBaton } from './baton';

/** When a lead of a workspace is next due for the morning prompt (null: not a lead, or not yet known). */
export async function nextPromptOf(t: TestBaton, team: string, userId: string): Promise<Date | null> {
  const row = await t.baton.db
    .selectFrom('users')
    .select('next_prompt_at')
    .where('team_id', '=', team)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.next_prompt_at ?? null;
}

/** Runs the scheduler tick at an instant and waits until the worker has processed it. */
export async function tickAt(t: TestBaton, at: Date): Promise<void> {
  await enqueueTick(t.baton.queue, at);
  const id = tickJobId(at);
  await expect.poll(async () => (await t.baton.queue.getJob(id))?.finishedOn, { timeout: 10_000 }).toBeDefined();
}

/** Five minutes past the lead's next prompt instant. */
export async function promptTime(t: TestBaton, team: string, userId: string): Promise<Date> {
  await expect.poll(() => nextPromptOf(t, team, userId)).not.toBeNull();
  return new Date(((await nextPromptOf(t, team, userId))?.getTime() ?? 0) + 5 * 60_000);
}

/** The morning prompt of a lead, in their workspace. */
export const promptTo = (team: string, userId: string) => (m: PostedMessage) =>
  m.teamId === team && m.dmUser === userId && /You're holding/.test(m.text);
