import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.
//
// The tick reads everything due in pages of a thousand rows, each page after the last row of the
// one before ("keyset" pagination, src/app/tick.ts). A page is a range of the index only when the
// index orders rows exactly as the pages do: by the due instant, then the row's key. So the key of
// each due index becomes (instant, team, row id); the other columns the tick reads stay included,
// and each page is still an index-only scan. The digests' index gets its columns too.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index users_next_prompt_at_idx`.execute(db);
  await sql`
    create index users_next_prompt_at_idx on users (next_prompt_at, team_id, user_id) include (is_deleted)
    where next_prompt_at is not null
  `.execute(db);
  await sql`drop index users_next_digest_at_idx`.execute(db);
  await sql`
    create index users_next_digest_at_idx on users (next_digest_at, team_id, user_id) include (is_deleted)
    where next_digest_at is not null
  `.execute(db);
  await sql`drop index tasks_next_checkin_at_idx`.execute(db);
  await sql`
    create index tasks_next_checkin_at_idx on tasks (next_checkin_at, team_id, id) include (channel_id)
    where next_checkin_at is not null
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index tasks_next_checkin_at_idx`.execute(db);
  await sql`
    create index tasks_next_checkin_at_idx on tasks (next_checkin_at) include (team_id, id, channel_id)
    where next_checkin_at is not null
  `.execute(db);
  await sql`drop index users_next_digest_at_idx`.execute(db);
  await sql`create index users_next_digest_at_idx on users (next_digest_at) where next_digest_at is not null`.execute(
    db,
  );
  await sql`drop index users_next_prompt_at_idx`.execute(db);
  await sql`
    create index users_next_prompt_at_idx on users (next_prompt_at) include (team_id, user_id, is_deleted)
    where next_prompt_at is not null
  `.execute(db);
}
