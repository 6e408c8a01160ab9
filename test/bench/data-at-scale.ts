/**
 * The queries at scale: a database of its own filled in a few minutes with generate_series —
 * 100,000 users in 100 workspaces, 1,000,000 tasks with their events (most done, some open, one
 * lead in ten; one heavy lead with 5,000 tasks and 50,000 events) — then the tick's queries, the
 * heavy lead's `/delegate list` and Home, timed through the very functions the app
 * calls (the tick's DueWork with a Jobs that only counts; the repositories), p50 and p99 over many
 * runs, each with its EXPLAIN (ANALYZE, BUFFERS): the indexes used and any Seq Scan on a big table.
 * Targets (issue 14): tick queries under 20 ms p99; the Home query under 50 ms p99.
 *
 * The tick's queries: the suspended workspaces, prompts, check-ins and digests due, and the outbox;
 * "a day late" is the tick after a day without ticks, everything due at once: one page of it (the
 * tick reads it a page of DUE_PAGE rows at a time).
 *
 * Knobs: BENCH_DATA_TASKS (1,000,000; users are a tenth of it), BENCH_QUERY_RUNS (200).
 * For development: BENCH_DATA_KEEP=1 keeps the filled database (baton_bench_data_<tasks>) and
 * reuses it on the next run with the same BENCH_DATA_TASKS, migrated to the latest and timed as of
 * the instant it was filled (kept in the database's comment); drop it by hand when done.
 * BENCH_DATA_FIGURES=<text> times only the figures whose name contains it (e.g. "Home"); right
 * after a fresh fill the first figures run slower (Postgres is still writing the fill out), so
 * compare such runs with BENCH_DATA_KEEP.
 */
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { Client, Pool } from 'pg';
import { dueCheckins } from '../../src/app/checkins';
import { dueDeliveries } from '../../src/app/deliver-event';
import { dueDigests } from '../../src/app/digest';
import { loadHome } from '../../src/app/home';
import { duePrompts } from '../../src/app/morning-prompt';
import type { Jobs } from '../../src/app/ports/jobs';
import { closeDb, createDb, type Db } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { DUE_PAGE } from '../../src/db/repositories/due-pages';
import type { RawDatabase } from '../../src/db/schema';
import { postgresRepositories } from '../../src/db/unit-of-work';
import { IMPACT_EVENT_KINDS, minusDays } from '../../src/domain/impact';
import { createLogger } from '../../src/observability/logger';
import { createDatabase, createScratchDatabase, databaseUrlFor } from '../support/database';
import type { Bench } from './support/bench';
import { adminUrl, knob } from './support/env';
import { summarize, timeRuns } from './support/stats';
import { type Row, row } from './support/table';

const TEAMS = 100;
const HEAVY_TASKS = 5_000;
/** Tables big enough that a Seq Scan on them is a finding. */
const BIG_TABLES = new Set(['users', 'tasks', 'task_events']);

/** The fill, in SQL run by Postgres itself; `now` is fixed so the figures do not depend on the minute. */
function fillStatements(tasks: number, now: Date): string[] {
  const users = Math.max(TEAMS * 10, Math.round(tasks / 10 / (TEAMS * 10)) * TEAMS * 10);
  const perTeam = users / TEAMS;
  const normal = Math.max(TEAMS, Math.round((tasks - HEAVY_TASKS) / TEAMS) * TEAMS);
  const perTeamTasks = normal / TEAMS;
  const leadsPerTeam = perTeam / 10;
  const at = `'${now.toISOString()}'::timestamptz`;
  const spread = `(g::bigint * 7919) % 100`;
  const r = `(case when g % 365 < 30 then ${spread} when ${spread} < 94 then ${spread} * 80 / 94 else 80 + (${spread} - 94) * 5 / 6 end)`;
  const team = (expr: string) => `'T0DATA' || lpad((${expr})::text, 3, '0')`;
  const user = (expr: string) => `'U0D' || lpad((${expr})::text, 7, '0')`;
  // Status by a fixed spread: 80 % done, 5 % dropped, 8 % accepted, 3 % offered, 4 % held; a task
  // older than 30 days is finished (94 % done, 6 % dropped), as a lead's old tasks are.
  const status = (r: string) =>
    `case when ${r} < 80 then 'done' when ${r} < 85 then 'dropped' when ${r} < 93 then 'accepted' when ${r} < 96 then 'offered' else 'held' end`;
  const taskColumns = `team_id, number, title, lead_id, owner_id, status, source, created_at, delegated_at, accepted_at,
    done_at, dropped_at, next_checkin_at, channel_id, due_at`;
  const taskValues = (r: string, created: string) => `${status(r)}, 'command', ${created},
      case when ${r} < 80 or ${r} >= 85 and ${r} < 96 then ${created} + interval '1 hour' end,
      case when ${r} < 80 or ${r} >= 85 and ${r} < 93 then ${created} + interval '2 hours' end,
      case when ${r} < 80 then ${created} + interval '3 days' end,
      case when ${r} >= 80 and ${r} < 85 then ${created} + interval '1 day' end,
      -- an accepted task's next check-in: spread over the next two days, a few due now
      case when ${r} >= 85 and ${r} < 93 then ${at} - interval '30 seconds' + (g % 2880) * interval '1 minute' end,
      case when ${r} >= 85 and ${r} < 93 then 'C0DATA' || lpad((g % 50)::text, 4, '0') end,
      case when g % 3 = 0 then ${created} + interval '7 days' end`;
  return [
    `insert into workspaces (team_id, name) select ${team('t')}, 'Workspace ' || t from generate_series(0, ${TEAMS - 1}) t`,
    // One user in ten leads; a lead's next prompt is spread over the day, the next digest over the week, a few due now.
    `insert into users (team_id, user_id, name, real_name, time_zone, tz_refreshed_at, next_prompt_at, next_digest_at)
     select ${team(`g / ${perTeam}`)}, ${user('g')}, 'user' || g, 'User ' || g, 'UTC', ${at},
       case when g % 10 = 0 then ${at} - interval '30 seconds' + (g % 1440) * interval '1 minute' end,
       case when g % 10 = 0 then ${at} - interval '30 seconds' + (g % 10080) * interval '1 minute' end
     from generate_series(0, ${users - 1}) g`,
    // Task g of the normal ones: workspace g % TEAMS, the j-th of its workspace; lead and owner from that workspace.
    `insert into tasks (${taskColumns})
     select ${team(`g % ${TEAMS}`)}, g / ${TEAMS} + 1, 'Task ' || g,
       ${user(`(g % ${TEAMS}) * ${perTeam} + ((g / ${TEAMS}) % ${leadsPerTeam}) * 10`)},
       case when ${r} < 96 then ${user(`(g % ${TEAMS}) * ${perTeam} + ((g / ${TEAMS}) % ${leadsPerTeam}) * 10 + 1 + (g / ${TEAMS}) % 9`)} end,
       ${taskValues(r, `${at} - (g % 365) * interval '1 day' - (g % 1000) * interval '1 minute'`)}
     from generate_series(0, ${normal - 1}) g`,
    // The heavy lead: user 0 of workspace 0, 5,000 tasks of their own.
    `insert into tasks (${taskColumns})
     select ${team('0')}, ${perTeamTasks} + g + 1, 'Heavy task ' || g, ${user('0')},
       case when ${r} < 96 then ${user('1 + g % 9')} end,
       ${taskValues(r, `${at} - (g % 365) * interval '1 day' - (g % 1000) * interval '1 minute'`)}
     from generate_series(0, ${HEAVY_TASKS - 1}) g`,
    `insert into task_counters (team_id, last_number)
     select team_id, max(number) from tasks group by team_id`,
    // Events: what each task went through, in order; the heavy lead's tasks ten each.
    `insert into task_events (team_id, task_id, actor_id, kind, at)
     select t.team_id, t.id, case when e.kind in ('accepted', 'checkin', 'done') then coalesce(t.owner_id, t.lead_id) else t.lead_id end,
       e.kind, t.created_at + e.n * interval '1 hour'
     from tasks t
     cross join lateral unnest(
       case
         when t.lead_id = ${user('0')} and t.team_id = ${team('0')} then
           array['captured', 'offered', 'accepted', 'checkin', 'checkin', 'due_changed', 'checkin', 'checkin', 'nudged', 'checkin']
         when t.status = 'done' then array['captured', 'offered', 'accepted', 'done']
         when t.status = 'dropped' then array['captured', 'dropped']
         when t.status = 'accepted' then array['captured', 'offered', 'accepted']
         when t.status = 'offered' then array['captured', 'offered']
         else array['captured']
       end) with ordinality as e(kind, n)`,
    // A few events still waiting in the outbox, as on a busy minute.
    `insert into event_outbox (team_id, event_id, created_at)
     select team_id, id, ${at} - interval '5 minutes' from task_events order by id desc limit 100`,
    'vacuum analyze',
  ];
}

/** A Jobs that only counts what the tick would enqueue: the bench times the tick's queries, not Redis. */
function countingJobs(): Jobs & { count: number } {
  const jobs = {
    count: 0,
    async deliverEvent() {
      jobs.count++;
    },
    async prompts(due: readonly unknown[]) {
      jobs.count += due.length;
    },
    async checkins(due: readonly unknown[]) {
      jobs.count += due.length;
    },
    async captureCommands(commands: readonly unknown[]) {
      jobs.count += commands.length;
    },
    async syncDirectories(teamIds: readonly string[]) {
      jobs.count += teamIds.length;
    },
    async refreshTokens(due: readonly unknown[]) {
      jobs.count += due.length;
    },
    async welcome() {
      jobs.count++;
    },
    async digests(due: readonly unknown[]) {
      jobs.count += due.length;
    },
    async thank() {
      jobs.count++;
    },
    async publishHome(_teamId: string, userIds: readonly string[]) {
      jobs.count += userIds.length;
    },
  };
  return jobs;
}

/** How many rows a figure's work found: a DueWork's count, a list's length, or the lengths of lists run together. */
function rowsIn(result: unknown): number | undefined {
  if (typeof result === 'number') return result;
  if (!Array.isArray(result)) return undefined;
  return result.every(Array.isArray) && result.length > 0
    ? result.reduce((sum: number, r: unknown[]) => sum + r.length, 0)
    : result.length;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The plan's scans: "Index Scan tasks_team_lead_status_idx", "Seq Scan tasks", … */
function scans(node: PlanNode, out: string[] = []): string[] {
  if (node['Relation Name'] || node['Index Name']) {
    out.push(`${node['Node Type']} ${node['Index Name'] ?? node['Relation Name']}`);
  }
  for (const child of node.Plans ?? []) scans(child, out);
  return out;
}

/** EXPLAIN (ANALYZE, BUFFERS) of every query `work` runs (captured as Kysely compiles them). */
async function explain(
  url: string,
  work: (db: Db) => Promise<unknown>,
): Promise<{ scans: string[]; seqScans: string[]; queries: number; slowest: { ms: number; sql: string } }> {
  const queries: CompiledQuery[] = [];
  const pool = new Pool({ connectionString: url, max: 4 });
  const logging = new Kysely<RawDatabase>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  try {
    await work(logging);
  } finally {
    await logging.destroy();
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const all: string[] = [];
    let slowest = { ms: 0, sql: '' };
    for (const q of queries) {
      const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
        `explain (analyze, buffers, format json) ${q.sql}`,
        q.parameters as unknown[],
      );
      const explained = rows[0]?.['QUERY PLAN'][0];
      if (!explained) continue;
      all.push(...scans(explained.Plan));
      if (explained['Execution Time'] > slowest.ms) slowest = { ms: explained['Execution Time'], sql: q.sql };
    }
    const seqScans = all.filter((s) => s.startsWith('Seq Scan') && BIG_TABLES.has(s.slice('Seq Scan '.length)));
    return { scans: [...new Set(all)], seqScans, queries: queries.length, slowest };
  } finally {
    await client.end();
  }
}

export const dataAtScale: Bench = {
  name: 'data',
  title: 'the queries at scale (100k users, 1M tasks and their events)',
  async run(log) {
    const tasks = knob('BENCH_DATA_TASKS', 1_000_000);
    const runs = knob('BENCH_QUERY_RUNS', 200);
    const only = process.env.BENCH_DATA_FIGURES ?? '';
    const database = process.env.BENCH_DATA_KEEP ? await keptDatabase(tasks) : await scratchDatabase();
    const db = createDb(database.url);
    try {
      await migrateToLatest(db, createLogger({ level: 'warn' }));
      const fillStarted = performance.now();
      const now = database.filledAt ?? new Date();
      if (!database.filledAt) await fill(database, tasks, now);
      const counts = await sql<{ users: number; tasks: number; events: number; heavy: number }>`
        select (select count(*) from users)::int as users, (select count(*) from tasks)::int as tasks,
          (select count(*) from task_events)::int as events,
          (select count(*) from task_events e join tasks t on t.team_id = e.team_id and t.id = e.task_id
           where t.team_id = 'T0DATA000' and t.lead_id = 'U0D0000000')::int as heavy`.execute(db);
      const c = counts.rows[0];
      log(
        `  ${database.filledAt ? `reused ${database.name}` : `filled in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s`}: ` +
          `${c?.users} users, ${c?.tasks} tasks, ` +
          `${c?.events} events (the heavy lead's own: ${c?.heavy})`,
      );

      const heavy = { team: 'T0DATA000', lead: 'U0D0000000' };
      const aDayLater = new Date(now.getTime() + 24 * 3600_000);
      const figures: Array<{ figure: string; target?: number; work: (db: Db) => Promise<unknown> }> = [
        {
          // The tick first reads the workspaces it must leave out (src/main.ts).
          figure: 'tick: suspended workspaces',
          target: 20,
          work: (on) => postgresRepositories(on).workspaces.listSuspendedTeams(),
        },
        {
          figure: 'tick: prompts due',
          target: 20,
          work: (on) => duePrompts({ ...postgresRepositories(on), jobs: countingJobs() }).enqueueDue(now),
        },
        {
          figure: 'tick: check-ins due',
          target: 20,
          work: (on) => dueCheckins({ ...postgresRepositories(on), jobs: countingJobs() }).enqueueDue(now),
        },
        {
          figure: 'tick: digests due',
          target: 20,
          work: (on) => dueDigests({ ...postgresRepositories(on), jobs: countingJobs() }).enqueueDue(now),
        },
        {
          // After a day without ticks (an outage), everything is due at once. The tick reads it in
          // pages of DUE_PAGE rows (src/db/repositories/due-pages.ts): this times one page, the
          // first (each next one is the same range scan, starting after the last row).
          figure: `tick: prompts due, a day late (one page of ${DUE_PAGE})`,
          target: 20,
          work: (on) => postgresRepositories(on).people.findDuePrompts(aDayLater, DUE_PAGE),
        },
        {
          figure: `tick: check-ins due, a day late (one page of ${DUE_PAGE})`,
          target: 20,
          work: (on) => postgresRepositories(on).checkins.findDue(aDayLater, DUE_PAGE),
        },
        {
          figure: `tick: digests due, a day late (one page of ${DUE_PAGE})`,
          target: 20,
          work: (on) => postgresRepositories(on).people.findDueDigests(aDayLater, DUE_PAGE),
        },
        {
          figure: 'tick: outbox (stale deliveries)',
          target: 20,
          work: (on) => dueDeliveries({ ...postgresRepositories(on), jobs: countingJobs() }).enqueueDue(now),
        },
        {
          figure: '/delegate list, heaviest lead',
          work: (on) => {
            // listTasks (src/app/list-tasks.ts) runs these two at once.
            const repos = postgresRepositories(on);
            return Promise.all([
              repos.tasks.listLedBy(heavy.team, heavy.lead, ['held', 'offered', 'accepted']),
              repos.tasks.listOwnedBy(heavy.team, heavy.lead, ['offered', 'accepted']),
            ]);
          },
        },
        {
          figure: 'prompt: held tasks, heaviest lead',
          work: (on) => postgresRepositories(on).tasks.listPromptable(heavy.team, heavy.lead, now),
        },
        {
          // The Home's biggest query alone, as loadHome (src/app/home.ts) asks it: 60 days of history.
          figure: "Home's history query (tasks.leadHistory), heaviest lead",
          work: (on) =>
            postgresRepositories(on).tasks.leadHistory(
              heavy.team,
              heavy.lead,
              minusDays(now, 60, 'UTC'),
              minusDays(now, 30, 'UTC'),
              IMPACT_EVENT_KINDS,
            ),
        },
        {
          figure: 'Home (loadHome), heaviest lead',
          target: 50,
          work: (on) => loadHome(postgresRepositories(on), heavy.team, heavy.lead, now),
        },
      ];
      const rows: Row[] = [];
      for (const f of figures.filter(({ figure }) => figure.includes(only))) {
        const found = rowsIn(await f.work(db));
        const times = summarize(await timeRuns(() => f.work(db), runs));
        const plan = await explain(database.url, f.work);
        log(
          `  ${f.figure}${found === undefined ? '' : ` (${found} rows)`}: p50 ${times.p50.toFixed(2)} ms, ` +
            `p99 ${times.p99.toFixed(2)} ms; plan: ${plan.scans.join(', ')}` +
            `${plan.seqScans.length > 0 ? `; SEQ SCAN on ${plan.seqScans.join(', ')}` : ''}` +
            (plan.queries > 1
              ? `; ${plan.queries} queries, the slowest ${plan.slowest.ms.toFixed(1)} ms in Postgres: ` +
                // From its FROM on: the columns say little, the tables and conditions say which one.
                plan.slowest.sql
                  .replace(/\s+/g, ' ')
                  .replace(/^select .*? from /, 'select … from ')
                  .slice(0, 240)
              : ''),
        );
        const note = `plan: ${plan.scans.join(', ')}`;
        rows.push(row({ bench: 'data', figure: `${f.figure} p50`, unit: 'ms', baton: times.p50, note }));
        rows.push(
          row({
            bench: 'data',
            figure: `${f.figure} p99`,
            unit: 'ms',
            baton: times.p99,
            ...(f.target !== undefined
              ? { target: `< ${f.target} ms`, met: times.p99 < f.target && plan.seqScans.length === 0 }
              : {}),
            note,
          }),
        );
      }
      return rows;
    } finally {
      await closeDb(db);
      await database.drop();
    }
  },
};

interface BenchDatabase {
  name: string;
  url: string;
  /** The `now` of its fill, when it is a kept database filled by an earlier run. */
  filledAt: Date | null;
  drop(): Promise<void>;
}

async function scratchDatabase(): Promise<BenchDatabase> {
  return { ...(await createScratchDatabase(adminUrl)), filledAt: null };
}

/** The kept database for this size (BENCH_DATA_KEEP): created when missing, never dropped. */
async function keptDatabase(tasks: number): Promise<BenchDatabase> {
  const name = `baton_bench_data_${tasks}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ comment: string | null }>(
      'select shobj_description(oid, $1) as comment from pg_database where datname = $2',
      ['pg_database', name],
    );
    const found = rows[0];
    if (found?.comment) {
      return { name, url: databaseUrlFor(adminUrl, name), filledAt: new Date(found.comment), drop: async () => {} };
    }
    // Missing, or a fill that never finished (no comment yet): start again.
    if (found) await admin.query(`drop database ${name} with (force)`);
  } finally {
    await admin.end();
  }
  return { name, url: await createDatabase(adminUrl, name), filledAt: null, drop: async () => {} };
}

/** Fills the database as of `now`; a kept one records `now` in its comment once the fill is done. */
async function fill(database: BenchDatabase, tasks: number, now: Date): Promise<void> {
  const filler = new Client({ connectionString: database.url });
  await filler.connect();
  try {
    await filler.query(`set maintenance_work_mem = '256MB'`);
    for (const statement of fillStatements(tasks, now)) await filler.query(statement);
    await filler.query(`comment on database ${database.name} is '${now.toISOString()}'`);
  } finally {
    await filler.end();
  }
}
