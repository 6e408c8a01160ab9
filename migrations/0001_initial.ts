import { type Kysely, sql } from 'kysely';

// Frozen in time: this file describes the schema as it was when it was written. It imports only
// from 'kysely' and never from src/, so later changes to the app cannot change what it does.

export async function up(db: Kysely<any>): Promise<void> {
  // --- workspaces ---------------------------------------------------------------------------
  await db.schema
    .createTable('workspaces')
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text')
    .addColumn('name', 'text')
    .addColumn('bot_token_encrypted', 'text')
    .addColumn('bot_user_id', 'text')
    .addColumn('bot_id', 'text')
    .addColumn('app_id', 'text')
    .addColumn('installed_by', 'text')
    .addColumn('installation', 'jsonb')
    .addColumn('installed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('uninstalled_at', 'timestamptz')
    .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('workspaces_settings_is_object', sql`jsonb_typeof(settings) = 'object'`)
    .execute();

  // --- users --------------------------------------------------------------------------------
  await db.schema
    .createTable('users')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('real_name', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('tz_refreshed_at', 'timestamptz')
    .addColumn('is_bot', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('prompt_time', 'text', (c) => c.notNull().defaultTo('09:00'))
    .addColumn('working_days', sql`smallint[]`, (c) => c.notNull().defaultTo(sql`'{1,2,3,4,5}'::smallint[]`))
    .addColumn('paused_until', 'date')
    .addColumn('next_prompt_at', 'timestamptz')
    .addColumn('dm_channel_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('users_pkey', ['team_id', 'user_id'])
    .addCheckConstraint('users_prompt_time_hh_mm', sql`prompt_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`)
    .addCheckConstraint(
      'users_working_days_iso',
      sql`working_days <@ '{1,2,3,4,5,6,7}'::smallint[] and array_position(working_days, null) is null`,
    )
    .execute();

  // The scheduler tick: "who is due at or before T", across teams, through this index only.
  await db.schema
    .createIndex('users_next_prompt_at_idx')
    .on('users')
    .column('next_prompt_at')
    .where(sql.ref('next_prompt_at'), 'is not', null)
    .execute();

  // --- task_counters ------------------------------------------------------------------------
  await db.schema
    .createTable('task_counters')
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // --- tasks --------------------------------------------------------------------------------
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('held'))
    .addColumn('due_at', 'timestamptz')
    .addColumn('due_has_time', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('channel_id', 'text')
    .addColumn('thread_ts', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_permalink', 'text')
    .addColumn('checkin_cadence', 'text', (c) => c.notNull().defaultTo('mwf'))
    .addColumn('next_checkin_at', 'timestamptz')
    .addColumn('snoozed_until', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delegated_at', 'timestamptz')
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('done_at', 'timestamptz')
    .addColumn('dropped_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('idempotency_key', 'text')
    .addUniqueConstraint('tasks_team_number_key', ['team_id', 'number'])
    // Target of task_events' composite foreign key: an event can only point at a task of its own team.
    .addUniqueConstraint('tasks_team_id_id_key', ['team_id', 'id'])
    .addCheckConstraint('tasks_number_positive', sql`number > 0`)
    .addCheckConstraint('tasks_title_length', sql`char_length(title) between 1 and 200`)
    .addCheckConstraint('tasks_status', sql`status in ('held', 'offered', 'accepted', 'done', 'dropped')`)
    .addCheckConstraint(
      'tasks_owner_when_delegated',
      sql`status not in ('offered', 'accepted') or owner_id is not null`,
    )
    .addCheckConstraint('tasks_source', sql`source in ('command', 'modal', 'shortcut', 'prompt')`)
    .addCheckConstraint('tasks_checkin_cadence', sql`checkin_cadence in ('none', 'daily', 'mwf', 'weekly')`)
    .execute();

  // NULL keys are distinct, so tasks without a key never conflict.
  await db.schema
    .createIndex('tasks_team_idempotency_key_idx')
    .on('tasks')
    .columns(['team_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('tasks_team_lead_status_idx')
    .on('tasks')
    .columns(['team_id', 'lead_id', 'status'])
    .execute();
  await db.schema
    .createIndex('tasks_team_owner_status_idx')
    .on('tasks')
    .columns(['team_id', 'owner_id', 'status'])
    .execute();
  await db.schema
    .createIndex('tasks_next_checkin_at_idx')
    .on('tasks')
    .column('next_checkin_at')
    .where(sql.ref('next_checkin_at'), 'is not', null)
    .execute();

  // --- task_events (append-only) ------------------------------------------------------------
  await db.schema
    .createTable('task_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('task_events_task_fkey', ['team_id', 'task_id'], 'tasks', ['team_id', 'id'])
    .addCheckConstraint('task_events_kind_not_empty', sql`kind <> ''`)
    .execute();
  await db.schema
    .createIndex('task_events_team_task_at_idx')
    .on('task_events')
    .columns(['team_id', 'task_id', 'at'])
    .execute();

  await sql`
    create function task_events_append_only() returns trigger
    language plpgsql as $$
    begin
      raise exception 'task_events is append-only: % is not allowed', tg_op
        using errcode = 'raise_exception';
    end;
    $$
  `.execute(db);
  await sql`
    create trigger task_events_append_only
    before update or delete on task_events
    for each row execute function task_events_append_only()
  `.execute(db);

  // --- deliveries (exactly-once sends) -------------------------------------------------------
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('claimed'))
    .addColumn('channel_id', 'text')
    .addColumn('message_ts', 'text')
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addUniqueConstraint('deliveries_team_key_key', ['team_id', 'key'])
    .addCheckConstraint('deliveries_state', sql`state in ('claimed', 'sent', 'failed')`)
    .execute();

  // --- processed_requests (dedupe of Slack retries) ------------------------------------------
  await db.schema
    .createTable('processed_requests')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('processed_requests_pkey', ['team_id', 'key'])
    .execute();
  await db.schema.createIndex('processed_requests_at_idx').on('processed_requests').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('processed_requests').execute();
  await db.schema.dropTable('deliveries').execute();
  await db.schema.dropTable('task_events').execute();
  await sql`drop function task_events_append_only()`.execute(db);
  await db.schema.dropTable('tasks').execute();
  await db.schema.dropTable('task_counters').execute();
  await db.schema.dropTable('users').execute();
  await db.schema.dropTable('workspaces').execute();
}
