import { type NotNull, sql } from 'kysely';
import type { WorkspaceRepository } from '../../app/ports/workspaces';
import type { DbOrTx } from '../database';

export function workspaceRepository(db: DbOrTx): WorkspaceRepository {
  return {
    async save(workspace) {
      await db
        .insertInto('workspaces')
        .values({
          ...workspace,
          name: null,
          botTokenEncrypted: null,
          appId: null,
          installedBy: null,
          installation: null,
          installedAt: sql<Date>`now()`,
        })
        .onConflict((oc) =>
          oc.column('teamId').doUpdateSet((eb) => ({
            enterpriseId: eb.ref('excluded.enterpriseId'),
            name: eb.ref('excluded.name'),
            botTokenEncrypted: eb.ref('excluded.botTokenEncrypted'),
            botUserId: eb.ref('excluded.botUserId'),
            botId: eb.ref('excluded.botId'),
            appId: eb.ref('excluded.appId'),
            installedBy: eb.ref('excluded.installedBy'),
            installation: eb.ref('excluded.installation'),
            installedAt: eb.ref('excluded.installedAt'),
            uninstalledAt: null,
            purgeAfter: null,
            updatedAt: sql<Date>`now()`,
          })),
        )
        .execute();
    },

    findInstalled: (teamId) =>
      db
        .selectFrom('workspaces')
        .select(['teamId', 'enterpriseId', 'botUserId', 'botId'])
        .where('teamId', '=', teamId)
        .where('uninstalledAt', 'is', null)
        .where('botUserId', 'is not', null)
        .where('botId', 'is not', null)
        .$narrowType<{ botUserId: NotNull; botId: NotNull }>()
        .executeTakeFirst(),

    async listInstalledTeams() {
      // Across workspaces by design: which workspaces Baton is installed in is the question.
      const rows = await db.selectFrom('workspaces').select('teamId').where('uninstalledAt', 'is', null).execute();
      return rows.map((r) => r.teamId);
    },

    async listInOrganization(enterpriseId, includeUninstalled = false) {
      // Across workspaces by design: an organization's workspaces, by its enterprise id.
      const rows = await db
        .selectFrom('workspaces')
        .select('teamId')
        .where('enterpriseId', '=', enterpriseId)
        .$if(!includeUninstalled, (q) => q.where('uninstalledAt', 'is', null))
        .orderBy('teamId')
        .execute();
      return rows.map((r) => r.teamId);
    },

    async markUninstalled(teamId, at, purgeAfter) {
      const result = await db
        .updateTable('workspaces')
        .set({
          uninstalledAt: at,
          purgeAfter: purgeAfter ?? null,
          botTokenEncrypted: null,
          installation: null,
          updatedAt: sql<Date>`now()`,
        })
        .where('teamId', '=', teamId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async listSuspendedTeams() {
      const rows = await suspendedTeamIds(db).execute();
      return rows.map((r) => r.teamId);
    },

    async duePurges(at) {
      // Across workspaces by design: the tick purges each one due, by its own team id.
      const rows = await db
        .selectFrom('workspaces')
        .select('teamId')
        .where('purgeAfter', '<=', at)
        .where('uninstalledAt', 'is not', null)
        .execute();
      return rows.map((r) => r.teamId);
    },

    forget: (teamId) =>
      db.isTransaction ? forgetIn(db, teamId) : db.transaction().execute((trx) => forgetIn(trx, teamId)),
  };
}

/** Every table with workspace rows, children before parents (the foreign keys). */
const WORKSPACE_TABLES = [
  'eventOutbox',
  'checkins',
  'taskEvents',
  'deliveries',
  'processedRequests',
  'pendingCaptures',
  'receivedCommands',
  'tasks',
  'taskCounters',
  'users',
  'installations',
  'workspaces',
] as const;

/**
 * Task history is append-only (a trigger refuses deletes); erasing a whole workspace is the one
 * exception, so the trigger is off only inside this transaction: the table lock that takes keeps
 * every other session from ever seeing it off.
 */
async function forgetIn(trx: DbOrTx, teamId: string): Promise<number> {
  let deleted = 0;
  for (const table of WORKSPACE_TABLES) {
    if (table === 'taskEvents') await sql`alter table task_events disable trigger task_events_append_only`.execute(trx);
    const result = await trx.deleteFrom(table).where('teamId', '=', teamId).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
    if (table === 'taskEvents') await sql`alter table task_events enable trigger task_events_append_only`.execute(trx);
  }
  return deleted;
}

/**
 * The workspaces no job may call Slack for: uninstalled, or whose installation is broken. The tick's
 * queries leave them out (so a suspended workspace never crowds out the others), and so does the tick.
 */
export function suspendedTeamIds(db: DbOrTx) {
  // Across workspaces by design: which workspaces are suspended is the question.
  return db
    .selectFrom('workspaces')
    .select('teamId')
    .where('uninstalledAt', 'is not', null)
    .union(
      // Across workspaces by design: the installations that broke, whichever workspace's.
      db
        .selectFrom('installations')
        .select(sql<string>`team_id`.as('teamId'))
        .where('brokenAt', 'is not', null)
        .where('teamId', 'is not', null),
    );
}
