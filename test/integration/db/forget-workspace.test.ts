import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { upsertWorkspace } from '../../../src/db/repositories/workspaces';
import { createStore } from '../../../src/db/store';
import { uniqueTeamId, useTestDb } from '../../support/db-context';

const db = useTestDb({ max: 5 });
const store = createStore(db);

/** One row in every table that holds workspace data. */
async function fillWorkspace(teamId: string): Promise<void> {
  await upsertWorkspace(db, { team_id: teamId });
  await store.savePerson(
    {
      teamId,
      id: 'ULEAD',
      name: 'Lead',
      handle: 'lead',
      displayName: null,
      timeZone: 'UTC',
      isBot: false,
      isDeleted: false,
    },
    new Date(),
  );
  const { task } = await store.insertTask({
    teamId,
    title: 'Order chairs',
    details: null,
    leadId: 'ULEAD',
    ownerId: null,
    status: 'held',
    dueAt: null,
    dueHasTime: false,
    channelId: null,
    source: 'command',
    sourcePermalink: null,
    checkinCadence: 'daily',
    delegatedAt: null,
    idempotencyKey: null,
    createdAt: new Date(),
  });
  const event = await store.appendEvent({
    teamId,
    taskId: task.id,
    actorId: 'ULEAD',
    kind: 'captured',
    payload: {},
    at: new Date(),
  });
  await store.addToOutbox(teamId, event.id);
  await store.openCheckin(teamId, task.id, '2030-01-02', 'checkin');
  await store.claimDelivery(teamId, 'key', 'prompt', 'ULEAD');
  await store.markRequestProcessed(teamId, 'trigger');
  await store.savePendingCapture(teamId, 'ULEAD', { title: 'x' });
}

/** Rows per table for the team, over every table that has a team_id column (new tables included). */
async function rowsOf(teamId: string): Promise<Record<string, number>> {
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'team_id' order by table_name`.execute(db);
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table_name)} where team_id = ${teamId}`.execute(db);
    counts[table_name] = rows[0]?.n ?? 0;
  }
  return counts;
}

describe('forgetting a workspace', () => {
  it('deletes every row of that workspace in every table, and nothing of another', async () => {
    const team = uniqueTeamId();
    const other = uniqueTeamId();
    await fillWorkspace(team);
    await fillWorkspace(other);
    const before = await rowsOf(team);
    expect(Object.values(before).every((n) => n > 0)).toBe(true);

    expect(await store.forgetWorkspace(team)).toBe(Object.values(before).reduce((a, b) => a + b, 0));

    expect(Object.values(await rowsOf(team)).every((n) => n === 0)).toBe(true);
    expect(await rowsOf(other)).toEqual(before);
  });

  it('leaves task history append-only for everything else', async () => {
    const team = uniqueTeamId();
    await fillWorkspace(team);
    await store.forgetWorkspace(uniqueTeamId());
    await expect(sql`delete from task_events where team_id = ${team}`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('numbers tasks from #1 again afterwards', async () => {
    const team = uniqueTeamId();
    await fillWorkspace(team);
    await store.forgetWorkspace(team);
    await fillWorkspace(team);
    expect((await store.findTaskByNumber(team, 1))?.title).toBe('Order chairs');
  });
});
