import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.

/**
 * An inline capture waiting for the lead to settle something (an ambiguous @name, a date that was
 * not understood): the task is not created until then, and nothing the lead typed is lost.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pending_captures')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('pending_captures_team_user_idx')
    .on('pending_captures')
    .columns(['team_id', 'user_id'])
    .execute();
  // Finding people by the @name a lead typed: their handle or their display name.
  await db.schema.alterTable('users').addColumn('display_name', 'text').execute();
  await db.schema.createIndex('users_team_lower_name_idx').on('users').expression(sql`team_id, lower(name)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_team_lower_name_idx').execute();
  await db.schema.alterTable('users').dropColumn('display_name').execute();
  await db.schema.dropTable('pending_captures').execute();
}
