import { type Kysely, sql } from 'kysely';

// Frozen in time: imports only from 'kysely', never from src/.
//
// The App Home of a heavy lead (`npm run bench -- data`, README, Performance):
//
// Postgres estimates the rows of (team_id, lead_id, status) as if the three were independent, so a
// lead with thousands of finished tasks looks like one with a hundred: for the Home's "last 500
// finished tasks" (listFinishedForLead) it then read and sorted all 4,741 of the bench's heavy
// lead (6.5 ms) instead of walking tasks_team_lead_done_idx backwards to the first 500 (0.4 ms).
// Statistics on the three together (their most common combinations) give it the real counts.
//
// The Home's history reads only the events of the kinds its figures replay (IMPACT_EVENT_KINDS in
// src/domain/impact.ts, as of this migration); through the index of all events it fetched every
// event of each task and dropped the others (7 of 10 for the bench's heavy lead). This index holds
// only those kinds: the history's events took 5.4 ms in Postgres instead of 7.2. A query asking for
// a kind not listed here cannot use it and reads through task_events_team_task_at_idx, as before.

const IMPACT_KINDS = sql`('offered', 'reassigned', 'accepted', 'handed_back', 'taken_back', 'reopened', 'done', 'dropped', 'due_changed')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create statistics tasks_team_lead_status_stats (mcv) on team_id, lead_id, status from tasks`.execute(db);
  await sql`create index task_events_team_task_impact_idx on task_events (team_id, task_id) where kind in ${IMPACT_KINDS}`.execute(
    db,
  );
  // Samples the table (not a full read): the plans are right from now rather than from the next autovacuum.
  await sql`analyze tasks`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index task_events_team_task_impact_idx`.execute(db);
  await sql`drop statistics tasks_team_lead_status_stats`.execute(db);
}
