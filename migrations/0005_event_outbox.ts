import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.

/**
 * Events whose notifications are not done yet, written in the event's own transaction and removed
 * when its job finishes: the tick re-enqueues what is left, so a flushed Redis loses no message.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_outbox')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('task_events.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('event_outbox_pkey', ['team_id', 'event_id'])
    .execute();
  await db.schema.createIndex('event_outbox_created_at_idx').on('event_outbox').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_outbox').execute();
}
