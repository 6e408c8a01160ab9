import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.
//
// Postgres estimates the rows of (team_id, lead_id, status) as if the three were independent, so a
// lead with thousands of finished tasks looks like one with a hundred: for the Home's "last 500
// finished tasks" (listFinishedForLead) it then read and sorted all 4,741 of the bench's heavy
// lead (6.5 ms) instead of walking tasks_team_lead_done_idx backwards to the first 500 (0.4 ms).
// Statistics on the three together (their most common combinations) give it the real counts.
// `npm run bench -- data` times it (README, Performance).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create statistics tasks_team_lead_status_stats (mcv) on team_id, lead_id, status from tasks`.execute(db);
  // Samples the table (not a full read): the plans are right from now rather than from the next autovacuum.
  await sql`analyze tasks`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop statistics tasks_team_lead_status_stats`.execute(db);
}
