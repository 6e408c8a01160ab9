import type { Db } from '../../src/db/database';
import { DEMO, type Emulator } from '../../src/sandbox';

/**
 * `count` leads in the emulator and in Postgres (workspace DEMO), each holding one task, all due
 * for their morning prompt at 09:00 UTC on Tuesday 1 December 2026.
 */
export async function seedLeads(db: Db, emulator: Emulator, count: number): Promise<string[]> {
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
        next_prompt_at: new Date('2026-12-01T09:00:00Z'),
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
