import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';

const { db, repos } = useTestRepositories();
const outbox = repos.outbox;

/** An event of a new task in a team of its own (straight in the tables). */
async function newEvent(): Promise<{ teamId: string; eventId: number }> {
  const team = uniqueTeamId();
  const task = await db
    .insertInto('tasks')
    .values({ team_id: team, number: 1, title: 'Plan the offsite', lead_id: 'ULEAD', source: 'command' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const event = await db
    .insertInto('task_events')
    .values({ team_id: team, task_id: task.id, actor_id: 'ULEAD', kind: 'captured' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { teamId: team, eventId: event.id };
}

describe('outbox repository', () => {
  it('lists events still undelivered after a while, oldest first, until removed', async () => {
    const [old, older, fresh] = [await newEvent(), await newEvent(), await newEvent()];
    for (const e of [old, older, fresh]) await outbox.add(e.teamId, e.eventId);
    await outbox.add(old.teamId, old.eventId); // twice: still one row
    // Far in the past, so that other test files' rows come after these.
    await sql`update event_outbox set created_at = '1991-01-01T10:00:00Z' where event_id = ${old.eventId}`.execute(db);
    await sql`update event_outbox set created_at = '1991-01-01T09:00:00Z' where event_id = ${older.eventId}`.execute(
      db,
    );

    expect(await outbox.listStale(60_000, 2)).toEqual([older, old]);
    await outbox.remove(older.teamId, older.eventId);
    expect(await outbox.listStale(60_000, 1)).toEqual([old]);
    expect(await outbox.listStale(60_000, 1_000)).not.toContainEqual(fresh);
  });
});
