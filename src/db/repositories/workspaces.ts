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
      const rows = await db.selectFrom('workspaces').select('teamId').where('uninstalledAt', 'is', null).execute();
      return rows.map((r) => r.teamId);
    },

    async markUninstalled(teamId, at) {
      const result = await db
        .updateTable('workspaces')
        .set({ uninstalledAt: at, botTokenEncrypted: null, installation: null, updatedAt: sql<Date>`now()` })
        .where('teamId', '=', teamId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
