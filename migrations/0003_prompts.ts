import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.

export async function up(db: Kysely<any>): Promise<void> {
  // "Only I can do this": the morning prompt leaves the task out until then.
  await db.schema.alterTable('tasks').addColumn('kept_until', 'timestamptz').execute();
  // Where a delivery is being sent (a user id for a DM, or a channel id): after a crash between
  // the claim and the answer, Baton looks there for the message before sending it again.
  await db.schema.alterTable('deliveries').addColumn('target', 'text').execute();
  // Suggested owners: a lead's finished tasks, newest first.
  await db.schema
    .createIndex('tasks_team_lead_done_idx')
    .on('tasks')
    .columns(['team_id', 'lead_id', 'done_at'])
    .where(sql.ref('status'), '=', 'done')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_team_lead_done_idx').execute();
  await db.schema.alterTable('deliveries').dropColumn('target').execute();
  await db.schema.alterTable('tasks').dropColumn('kept_until').execute();
}
