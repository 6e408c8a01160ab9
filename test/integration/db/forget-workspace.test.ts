import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';
import { newTask } from '../../support/tasks';

const { db, repos } = useTestRepositories({ max: 5 });

/** One row in every table that holds workspace data. */
async function fillWorkspace(teamId: string): Promise<void> {
  await repos.workspaces.save({ teamId, enterpriseId: null, botUserId: 'UBOT', botId: 'BBOT' });
  await repos.people.save(
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
  const { task } = await repos.tasks.insert(newTask(teamId, { title: 'Order chairs', checkinCadence: 'daily' }));
  const event = await repos.tasks.appendEvent({
    teamId,
    taskId: task.id,
    actorId: 'ULEAD',
    kind: 'captured',
    payload: {},
    at: new Date(),
  });
  await repos.outbox.add(teamId, event.id);
  await repos.checkins.open(teamId, task.id, '2030-01-02', 'checkin');
  await repos.deliveries.claim(teamId, 'key', 'prompt', 'ULEAD');
  await repos.processedRequests.markProcessed(teamId, 'trigger');
  await repos.pendingCaptures.save(teamId, 'ULEAD', { title: 'x' });
  await repos.receivedCommands.save({
    teamId,
    userId: 'ULEAD',
    channelId: 'D1',
    text: 'x',
    responseUrl: 'https://hooks.slack.com/commands/1',
    triggerId: '1.2.3',
    receivedAt: new Date(),
  });
  await repos.installations.save(
    {
      teamId,
      enterpriseId: null,
      isEnterpriseInstall: false,
      appId: 'A1',
      bot: { token: 'xoxb-1', userId: 'UBOT', id: 'BBOT', scopes: [], refreshToken: null, expiresAt: null },
      user: { id: 'ULEAD', token: null, scopes: [], refreshToken: null, expiresAt: null },
    },
    new Date(),
  );
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

    expect(await repos.workspaces.forget(team)).toBe(Object.values(before).reduce((a, b) => a + b, 0));

    expect(Object.values(await rowsOf(team)).every((n) => n === 0)).toBe(true);
    expect(await rowsOf(other)).toEqual(before);
  });

  it('leaves task history append-only for everything else', async () => {
    const team = uniqueTeamId();
    await fillWorkspace(team);
    await repos.workspaces.forget(uniqueTeamId());
    await expect(sql`delete from task_events where team_id = ${team}`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('numbers tasks from #1 again afterwards', async () => {
    const team = uniqueTeamId();
    await fillWorkspace(team);
    await repos.workspaces.forget(team);
    await fillWorkspace(team);
    expect((await repos.tasks.findByNumber(team, 1))?.title).toBe('Order chairs');
  });
});
