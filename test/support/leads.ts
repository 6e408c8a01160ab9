import type { Db } from '../../src/db/database';
import { DEMO, type Emulator } from '../../src/sandbox';

/** Tuesday 1 December 2026, 09:00 UTC: when seeded leads are due unless a test says otherwise. */
export const FIRST_PROMPT = new Date('2026-12-01T09:00:00Z');

/**
 * 09:00 UTC on a Tuesday at least a week after `now`: a simulated morning still ahead of the wall
 * clock, for tests whose Baton keeps the real every-minute tick schedule (its ticks then find nothing due).
 */
export function aTuesdayAhead(now = new Date()): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 7, 9));
  day.setUTCDate(day.getUTCDate() + ((2 - day.getUTCDay() + 7) % 7));
  return day;
}

/**
 * `count` leads in the emulator and in Postgres (workspace DEMO), each holding one task, all due
 * for their morning prompt at `firstPrompt` (UTC, 09:00, Mon–Fri).
 */
export async function seedLeads(
  db: Db,
  emulator: Emulator,
  count: number,
  firstPrompt = FIRST_PROMPT,
): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `U0LEAD${String(i).padStart(4, '0')}`);
  emulator.addUsers(
    DEMO.teamId,
    ids.map((id) => ({ id, name: id.toLowerCase(), realName: `Lead ${id}`, tz: 'UTC' })),
  );
  await db
    .insertInto('users')
    .values(
      ids.map((id) => ({
        team_id: DEMO.teamId,
        user_id: id,
        name: id.toLowerCase(),
        time_zone: 'UTC',
        tz_refreshed_at: new Date(),
        next_prompt_at: firstPrompt,
      })),
    )
    .execute();
  await db.insertInto('task_counters').values({ team_id: DEMO.teamId, last_number: count }).execute();
  await db
    .insertInto('tasks')
    .values(
      ids.map((id, i) => ({
        team_id: DEMO.teamId,
        number: i + 1,
        title: `Task of ${id}`,
        lead_id: id,
        source: 'command' as const,
      })),
    )
    .execute();
  return ids;
}
