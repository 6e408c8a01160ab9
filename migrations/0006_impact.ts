import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.

/**
 * The weekly digest and the App Home: each person's digest day and the next instant their digest
 * is due (a next-due instant like next_prompt_at, docs/decisions/0001), when they last opened
 * their Home (only those who did get it republished after task events), and the indexes the
 * Home's and the digest's queries read through.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('digest_day', 'smallint', (c) => c.notNull().defaultTo(5))
    .addColumn('next_digest_at', 'timestamptz')
    .addColumn('home_opened_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('users')
    .addCheckConstraint('users_digest_day_iso', sql`digest_day between 1 and 7`)
    .execute();
  // The tick: "whose digest is due at or before T", across teams, through this index only.
  await db.schema
    .createIndex('users_next_digest_at_idx')
    .on('users')
    .column('next_digest_at')
    .where(sql.ref('next_digest_at'), 'is not', null)
    .execute();
  // Leads known before this migration get a digest instant now: the first digest job finds no
  // slot (or sends this week's, on the digest day) and stores the real next one.
  await sql`
    update users set next_digest_at = now()
    where not is_deleted and not is_bot
      and exists (select 1 from tasks t where t.team_id = users.team_id and t.lead_id = users.user_id)
  `.execute(db);
  // A lead's tasks dropped recently (the Home's and the digest's history); finished ones already
  // have tasks_team_lead_done_idx, open ones tasks_team_lead_status_idx.
  await db.schema
    .createIndex('tasks_team_lead_dropped_idx')
    .on('tasks')
    .columns(['team_id', 'lead_id', 'dropped_at'])
    .where(sql.ref('status'), '=', 'dropped')
    .execute();
  // What an owner finished recently (the owner's part of the Home).
  await db.schema
    .createIndex('tasks_team_owner_done_idx')
    .on('tasks')
    .columns(['team_id', 'owner_id', 'done_at'])
    .where(sql.ref('status'), '=', 'done')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_team_owner_done_idx').execute();
  await db.schema.dropIndex('tasks_team_lead_dropped_idx').execute();
  await db.schema.dropIndex('users_next_digest_at_idx').execute();
  await db.schema.alterTable('users').dropConstraint('users_digest_day_iso').execute();
  await db.schema
    .alterTable('users')
    .dropColumn('home_opened_at')
    .dropColumn('next_digest_at')
    .dropColumn('digest_day')
    .execute();
}
