import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.
//
// The tick's two "what is due at T" queries read only these columns, so their indexes carry them
// and Postgres answers from the index alone (an index-only scan), without visiting the table. It
// matters when much is due at once, after a day without ticks, say: for 5,000 due check-ins among
// 300,000 tasks `npm run bench -- data` measured about half the time (README, Performance).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index users_next_prompt_at_idx`.execute(db);
  await sql`
    create index users_next_prompt_at_idx on users (next_prompt_at) include (team_id, user_id, is_deleted)
    where next_prompt_at is not null
  `.execute(db);
  await sql`drop index tasks_next_checkin_at_idx`.execute(db);
  await sql`
    create index tasks_next_checkin_at_idx on tasks (next_checkin_at) include (team_id, id, channel_id)
    where next_checkin_at is not null
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index tasks_next_checkin_at_idx`.execute(db);
  await sql`create index tasks_next_checkin_at_idx on tasks (next_checkin_at) where next_checkin_at is not null`.execute(
    db,
  );
  await sql`drop index users_next_prompt_at_idx`.execute(db);
  await sql`create index users_next_prompt_at_idx on users (next_prompt_at) where next_prompt_at is not null`.execute(
    db,
  );
}
