import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.

/**
 * Baton's installations in many-workspace (OAuth) mode: one row per workspace install, or per
 * Enterprise Grid organization for an org-wide install (team_id null, enterprise_id set). Tokens are
 * sealed by the app (AES-256-GCM, `v1:<key id>:…`) before they get here: never plain text.
 * An uninstall deletes the installation (its tokens) at once and sets the workspace's purge_after,
 * when the rest of its data goes unless it is installed again before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('installations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('team_id', 'text')
    .addColumn('enterprise_id', 'text')
    .addColumn('is_enterprise_install', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('app_id', 'text')
    .addColumn('bot_token_sealed', 'text')
    .addColumn('bot_user_id', 'text')
    .addColumn('bot_id', 'text')
    .addColumn('bot_scopes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('bot_refresh_token_sealed', 'text')
    .addColumn('bot_token_expires_at', 'timestamptz')
    .addColumn('installer_user_id', 'text')
    .addColumn('user_token_sealed', 'text')
    .addColumn('user_scopes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_refresh_token_sealed', 'text')
    .addColumn('user_token_expires_at', 'timestamptz')
    .addColumn('installed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('broken_at', 'timestamptz')
    .addColumn('broken_reason', 'text')
    .addCheckConstraint(
      'installations_keyed',
      sql`(is_enterprise_install and enterprise_id is not null and team_id is null) or (not is_enterprise_install and team_id is not null)`,
    )
    .execute();
  // One installation per workspace, and one per organization for org-wide installs.
  await sql`create unique index installations_team_key on installations (team_id) where not is_enterprise_install`.execute(
    db,
  );
  await sql`create unique index installations_enterprise_key on installations (enterprise_id) where is_enterprise_install`.execute(
    db,
  );
  await sql`create index installations_refresh_idx on installations (bot_token_expires_at) where bot_token_expires_at is not null and broken_at is null`.execute(
    db,
  );
  await db.schema.alterTable('workspaces').addColumn('purge_after', 'timestamptz').execute();
  await sql`create index workspaces_purge_idx on workspaces (purge_after) where purge_after is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspaces').dropColumn('purge_after').execute();
  await db.schema.dropTable('installations').execute();
}
