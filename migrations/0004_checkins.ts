import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tasks')
    .addColumn('last_status', 'text', (c) => c.check(sql`last_status in ('on_track', 'at_risk', 'blocked', 'done')`))
    .addColumn('last_status_at', 'timestamptz')
    // The silence of the current check-ins (owner-local dates), and the due date the owner was asked to move.
    .addColumn('checkin_awaiting_since', 'date')
    .addColumn('checkin_reminded', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('checkin_escalated', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('overdue_asked_for', 'date')
    .execute();

  // One row per task per owner-local working day on which Baton asked: the answer lands on it.
  await db.schema
    .createTable('checkins')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'bigint', (c) => c.notNull().references('tasks.id'))
    .addColumn('local_date', 'date', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('checkin', 'reminder', 'overdue')`))
    .addColumn('channel_id', 'text')
    .addColumn('message_ts', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('status', 'text', (c) => c.check(sql`status in ('on_track', 'at_risk', 'blocked', 'done')`))
    .addColumn('note', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'timestamptz')
    .addUniqueConstraint('checkins_one_per_task_day', ['team_id', 'task_id', 'local_date'])
    .execute();
  await db.schema.createIndex('checkins_team_task_idx').on('checkins').columns(['team_id', 'task_id', 'id']).execute();
  // A reply in a task's thread: which task is this thread?
  await db.schema
    .createIndex('tasks_team_channel_thread_idx')
    .on('tasks')
    .columns(['team_id', 'channel_id', 'thread_ts'])
    .where(sql.ref('thread_ts'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_team_channel_thread_idx').execute();
  await db.schema.dropTable('checkins').execute();
  await db.schema
    .alterTable('tasks')
    .dropColumn('last_status')
    .dropColumn('last_status_at')
    .dropColumn('checkin_awaiting_since')
    .dropColumn('checkin_reminded')
    .dropColumn('checkin_escalated')
    .dropColumn('overdue_asked_for')
    .execute();
}
