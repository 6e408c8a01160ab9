import { sql } from 'kysely';
import type { RawDbOrTx as DbOrTx } from '../database';
import type { JsonObject, NewWorkspace, Workspace } from '../schema';

/** A workspace as installed; `bot_token_encrypted` is encrypted by the caller, never plain text. */
export type WorkspaceInstall = Omit<
  NewWorkspace,
  'installation' | 'settings' | 'uninstalled_at' | 'created_at' | 'updated_at'
> & {
  /** Bolt's Installation object (OAuth mode), minus anything the caller does not want stored. */
  installation?: JsonObject | null;
};

/**
 * Inserts or refreshes a workspace on (re)install. A re-install clears `uninstalled_at`; the
 * admin's `settings` are kept.
 */
export async function upsertWorkspace(db: DbOrTx, input: WorkspaceInstall): Promise<Workspace> {
  const { installation, ...rest } = input;
  const values = {
    enterprise_id: null,
    name: null,
    bot_token_encrypted: null,
    bot_user_id: null,
    bot_id: null,
    app_id: null,
    installed_by: null,
    installed_at: new Date(),
    ...rest,
    installation: installation == null ? null : JSON.stringify(installation),
  };
  return db
    .insertInto('workspaces')
    .values(values)
    .onConflict((oc) =>
      oc.column('team_id').doUpdateSet((eb) => ({
        enterprise_id: eb.ref('excluded.enterprise_id'),
        name: eb.ref('excluded.name'),
        bot_token_encrypted: eb.ref('excluded.bot_token_encrypted'),
        bot_user_id: eb.ref('excluded.bot_user_id'),
        bot_id: eb.ref('excluded.bot_id'),
        app_id: eb.ref('excluded.app_id'),
        installed_by: eb.ref('excluded.installed_by'),
        installation: eb.ref('excluded.installation'),
        installed_at: eb.ref('excluded.installed_at'),
        uninstalled_at: null,
        updated_at: sql<Date>`now()`,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findWorkspace(db: DbOrTx, teamId: string): Promise<Workspace | undefined> {
  return db.selectFrom('workspaces').selectAll().where('team_id', '=', teamId).executeTakeFirst();
}

/**
 * Records an uninstall (app_uninstalled / tokens_revoked). The token and the installation are
 * revoked by Slack at that point, so they are erased rather than kept. Returns false if the
 * workspace is unknown.
 */
export async function markUninstalled(db: DbOrTx, teamId: string, at: Date = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('workspaces')
    .set({ uninstalled_at: at, bot_token_encrypted: null, installation: null, updated_at: sql<Date>`now()` })
    .where('team_id', '=', teamId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listInstalledTeams(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectFrom('workspaces').select('team_id').where('uninstalled_at', 'is', null).execute();
  return rows.map((r) => r.team_id);
}
