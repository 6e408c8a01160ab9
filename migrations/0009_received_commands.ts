import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.

/**
 * An inline `/delegate` capture acked by the web process and not yet done by a worker: the command
 * as Slack sent it (its text, where to answer), kept until the worker has captured and answered.
 * The tick re-enqueues rows left behind (a flushed Redis), so an acked command is never lost.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('received_commands')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('response_url', 'text', (c) => c.notNull())
    .addColumn('trigger_id', 'text', (c) => c.notNull())
    // The instant the command stands for (the app's clock: simulated in the sandbox).
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    // Postgres's own clock, for finding rows left behind.
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('received_commands_created_at_idx')
    .on('received_commands')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('received_commands').execute();
}
