import { sql } from 'kysely';
import type { FinishedForLead, NewTask, TaskRepository } from '../../app/ports/tasks';
import { type CheckinAsk, type HistoryEvent, happenedFirst, inOrder } from '../../domain/impact-history';
import type { Task, TaskEvent, TaskStatus } from '../../domain/task';
import type { DbOrTx } from '../database';

/** A Task's fields: the row also holds the check-in bookkeeping, the idempotency key and updatedAt. */
const TASK_COLUMNS = [
  'id',
  'teamId',
  'number',
  'title',
  'details',
  'leadId',
  'ownerId',
  'status',
  'dueAt',
  'dueHasTime',
  'channelId',
  'threadTs',
  'source',
  'sourcePermalink',
  'checkinCadence',
  'snoozedUntil',
  'keptUntil',
  'lastStatus',
  'lastStatusAt',
  'nextCheckinAt',
  'createdAt',
  'delegatedAt',
  'acceptedAt',
  'doneAt',
  'droppedAt',
] as const satisfies ReadonlyArray<keyof Task>;

const EVENT_COLUMNS = ['id', 'teamId', 'taskId', 'actorId', 'kind', 'payload', 'at'] as const satisfies ReadonlyArray<
  keyof TaskEvent
>;

/** A task as the Home's history query writes it: [id, number, title, owner, status, created, due (epoch µs)]. */
type StoredTask = [number, number, string, string | null, TaskStatus, number, number | null];
/** An event as the Home's history query writes it: [task id, id, kind, actor, payload (null when empty), epoch µs]. */
type StoredEvent = [number, number, TaskEvent['kind'], string, TaskEvent['payload'] | null, number];
/** The payload of the many events that carry none, shared: one object instead of thousands. */
const NO_PAYLOAD: TaskEvent['payload'] = Object.freeze({});
/** A finished task as listFinishedForLead writes it: [id, title, owner, done, due (epoch µs)]. */
type StoredFinished = [number, string, string, number | null, number | null];
/** A check-in as the Home's history query writes it: [task id, asked, answered (epoch µs)]. */
type StoredAsk = [number, number, number | null];

/**
 * An instant as whole microseconds since the epoch, for the history's JSON: a double, rounded (exact
 * to the microsecond, where the double of seconds is not), is much cheaper for Postgres to compute
 * and print than the numeric `extract(epoch …)` gives.
 */
const epochMicros = (column: string) => sql<number>`round(date_part('epoch', ${sql.ref(column)}) * 1000000)::int8`;
/** The instant of `epochMicros`, to the millisecond as Postgres instants are read everywhere (truncated). */
const fromMicros = (micros: number) => new Date(Math.floor(micros / 1000));

/** The fields owner suggestions read of a finished task. */
const HISTORY_COLUMNS = ['id', 'title', 'leadId', 'ownerId', 'doneAt', 'dueAt', 'status'] as const;

/** Postgres' name of a column (the CamelCasePlugin's mapping, for the raw query below). */
const snakeCase = (column: string) => column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** A Task's columns, for listPromptableWithHistory's raw SQL. */
const TASK_SQL_COLUMNS = sql.raw(TASK_COLUMNS.map(snakeCase).join(', '));
/** The same columns for a finished task of the history: null where suggestions read nothing. */
const HISTORY_SQL_COLUMNS = sql.raw(
  TASK_COLUMNS.map((c) =>
    (HISTORY_COLUMNS as readonly string[]).includes(c) ? snakeCase(c) : `null as ${snakeCase(c)}`,
  ).join(', '),
);

/** How many finished tasks owner suggestions learn from. */
const FINISHED_HISTORY = 500;

export function taskRepository(db: DbOrTx): TaskRepository {
  const tasks = (teamId: string) => db.selectFrom('tasks').select(TASK_COLUMNS).where('teamId', '=', teamId);
  /** A person's tasks (as lead or as owner) in these statuses, oldest first. */
  const listBy = async (
    teamId: string,
    role: 'leadId' | 'ownerId',
    userId: string,
    statuses: readonly TaskStatus[],
  ): Promise<Task[]> => {
    if (statuses.length === 0) return [];
    return tasks(teamId)
      .where(role, '=', userId)
      .where('status', 'in', statuses)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  };
  const events = (teamId: string) => db.selectFrom('taskEvents').select(EVENT_COLUMNS).where('teamId', '=', teamId);

  return {
    insert(task) {
      if (db.isTransaction) return insertIn(db, task);
      return db.transaction().execute((trx) => insertIn(trx, task));
    },

    find: (teamId, id) => tasks(teamId).where('id', '=', id).executeTakeFirst(),

    findByNumber: (teamId, number) => tasks(teamId).where('number', '=', number).executeTakeFirst(),

    findByThread: (teamId, channelId, threadTs) =>
      tasks(teamId).where('channelId', '=', channelId).where('threadTs', '=', threadTs).executeTakeFirst(),

    listLedBy: (teamId, leadId, statuses) => listBy(teamId, 'leadId', leadId, statuses),

    listOwnedBy: (teamId, ownerId, statuses) => listBy(teamId, 'ownerId', ownerId, statuses),

    listPromptable: (teamId, leadId, at) =>
      tasks(teamId)
        .where('leadId', '=', leadId)
        .where('status', '=', 'held')
        .where((eb) => eb.or([eb('snoozedUntil', 'is', null), eb('snoozedUntil', '<=', at)]))
        .where((eb) => eb.or([eb('keptUntil', 'is', null), eb('keptUntil', '<=', at)]))
        .orderBy('createdAt')
        .orderBy('id')
        .execute(),

    // Only the columns suggestions read, as one JSON array: parsing 500 rows field by field (their
    // instants above all) cost the Home more than the suggestions do.
    async listFinishedForLead(teamId, leadId) {
      const latest = db
        .selectFrom('tasks')
        .select(['id', 'title', 'ownerId', 'doneAt', 'dueAt'])
        .where('teamId', '=', teamId)
        .where('leadId', '=', leadId)
        .where('status', '=', 'done')
        .where('ownerId', 'is not', null)
        .orderBy('doneAt', 'desc')
        .limit(FINISHED_HISTORY);
      const row = await db
        .selectFrom(latest.as('t'))
        .select(
          sql<StoredFinished[] | null>`json_agg(json_build_array(t.id, t.title, t.owner_id, ${epochMicros('t.done_at')},
            ${epochMicros('t.due_at')}) order by t.done_at desc)`.as('finished'),
        )
        .executeTakeFirstOrThrow();
      return (row.finished ?? []).map(([id, title, ownerId, doneAt, dueAt]) => ({
        id,
        title,
        leadId,
        ownerId,
        doneAt: doneAt === null ? null : fromMicros(doneAt),
        dueAt: dueAt === null ? null : fromMicros(dueAt),
        status: 'done' as const,
      }));
    },

    async listPromptableWithHistory(teamId, leadId, at) {
      // listPromptable and listFinishedForLead, as one round trip: a prompt job's share of Postgres
      // is mostly round trips, and building this from Kysely's nodes cost more than running it. Each
      // row says which read it belongs to (part) and its place in that read's order (ord); the
      // history's rows carry nulls in the columns it does not read.
      const { rows } = await sql<Task & { part: number; ord: number }>`
        select * from (
          (select ${TASK_SQL_COLUMNS}, 0 as part, row_number() over (order by created_at, id) as ord
           from tasks
           where team_id = ${teamId} and lead_id = ${leadId} and status = 'held'
             and (snoozed_until is null or snoozed_until <= ${at}) and (kept_until is null or kept_until <= ${at})
           order by created_at, id)
          union all
          (select ${HISTORY_SQL_COLUMNS}, 1, row_number() over (order by done_at desc)
           from tasks
           where team_id = ${teamId} and lead_id = ${leadId} and status = 'done' and owner_id is not null
           order by done_at desc
           limit ${FINISHED_HISTORY})
        ) as both_reads
        order by part, ord`.execute(db);
      const held: Task[] = [];
      const history: FinishedForLead[] = [];
      for (const { part, ord: _, ...row } of rows) {
        if (part === 0) held.push(row);
        else {
          const { id, title, leadId, ownerId, doneAt, dueAt, status } = row;
          history.push({ id, title, leadId, ownerId: ownerId ?? '', doneAt, dueAt, status });
        }
      }
      return { tasks: held, history };
    },

    async leadHistory(teamId, leadId, since, checkinsSince, kinds) {
      // One statement, three JSON arrays (the tasks, their events, their check-ins), joined here by
      // task id. A JSON array built per task in SQL took twice as long in Postgres (a subquery and
      // an aggregate per task) and as long again to parse; three statements cost a round trip each,
      // and on a loaded machine every query the Home sends costs more than its rows do. `npm run
      // bench -- data` times it for a lead with 5,000 tasks (README, Performance).
      // The lead's tasks open now or finished or dropped after `since` (tasks_team_lead_* indexes);
      // each part names the team (the events' and check-ins' through their join).
      const inWindow = sql<boolean>`tasks.lead_id = ${leadId} and (
        tasks.status in ('held', 'offered', 'accepted')
        or tasks.status = 'done' and tasks.done_at > ${since}
        or tasks.status = 'dropped' and tasks.dropped_at > ${since})`;
      const history = await db
        .selectNoFrom((eb) => [
          // Only the fields the figures read: most of these tasks are closed, and a thousand rows
          // parsed field by field cost more than the figures.
          eb
            .selectFrom('tasks')
            .select(
              sql<StoredTask[] | null>`json_agg(json_build_array(tasks.id, tasks.number, tasks.title,
                tasks.owner_id, tasks.status, ${epochMicros('tasks.created_at')}, ${epochMicros('tasks.due_at')})
                order by tasks.created_at, tasks.id)`.as('tasks'),
            )
            .where('teamId', '=', teamId)
            .where(inWindow)
            .as('tasks'),
          // [task id, id, kind, actor, payload, epoch µs] each: thousands of rows were as many
          // instants and objects to parse. Unsorted: sorting thousands of them cost Postgres more
          // than sorting each task's few here.
          eb
            .selectFrom('taskEvents as e')
            .innerJoin('tasks', (join) =>
              join.onRef('tasks.teamId', '=', 'e.teamId').onRef('tasks.id', '=', 'e.taskId'),
            )
            .select(
              sql<
                StoredEvent[] | null
              >`json_agg(json_build_array(e.task_id, e.id, e.kind, e.actor_id, nullif(e.payload, '{}'),
                ${epochMicros('e.at')}))`.as('events'),
            )
            .where('e.teamId', '=', teamId)
            .where(inWindow)
            .$if(kinds !== undefined, (q) =>
              kinds?.length ? q.where('e.kind', 'in', kinds) : q.where(sql<boolean>`false`),
            )
            .as('events'),
          // [task id, asked, answered (epoch µs)] each.
          eb
            .selectFrom('checkins as c')
            .innerJoin('tasks', (join) =>
              join.onRef('tasks.teamId', '=', 'c.teamId').onRef('tasks.id', '=', 'c.taskId'),
            )
            .select(
              sql<StoredAsk[] | null>`json_agg(json_build_array(c.task_id, ${epochMicros('c.created_at')},
                ${epochMicros('c.answered_at')}))`.as('asks'),
            )
            .where('c.teamId', '=', teamId)
            .where('c.createdAt', '>', checkinsSince)
            .where(inWindow)
            .as('asks'),
        ])
        .executeTakeFirstOrThrow();
      const events = new Map<number, HistoryEvent[]>();
      for (const [taskId, id, kind, actorId, payload, at] of history.events ?? []) {
        const event = { id, kind, actorId, payload: payload ?? NO_PAYLOAD, at: fromMicros(at) };
        const list = events.get(taskId);
        if (list) list.push(event);
        else events.set(taskId, [event]);
      }
      for (const list of events.values()) if (!inOrder(list)) list.sort(happenedFirst);
      const asks = new Map<number, CheckinAsk[]>();
      for (const [taskId, askedAt, answeredAt] of history.asks ?? []) {
        const ask = { askedAt: fromMicros(askedAt), answeredAt: answeredAt === null ? null : fromMicros(answeredAt) };
        const list = asks.get(taskId);
        if (list) list.push(ask);
        else asks.set(taskId, [ask]);
      }
      // The lead is the one asked about: not repeated for each task.
      return (history.tasks ?? []).map(([id, number, title, ownerId, status, createdAt, dueAt]) => ({
        id,
        number,
        title,
        leadId,
        ownerId,
        status,
        createdAt: fromMicros(createdAt),
        dueAt: dueAt === null ? null : fromMicros(dueAt),
        events: events.get(id) ?? [],
        checkins: asks.get(id) ?? [],
      }));
    },

    listFinishedBy: (teamId, ownerId, since, limit) =>
      tasks(teamId)
        .where('ownerId', '=', ownerId)
        .where('status', '=', 'done')
        .where('doneAt', '>', since)
        .orderBy('doneAt', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute(),

    async roles(teamId, userId) {
      // One statement for both: every Home asks, and each query costs a round trip.
      const { leads, owns } = await db
        .selectNoFrom((eb) => [
          eb
            .exists(eb.selectFrom('tasks').select('id').where('teamId', '=', teamId).where('leadId', '=', userId))
            .as('leads'),
          eb
            .exists(eb.selectFrom('tasks').select('id').where('teamId', '=', teamId).where('ownerId', '=', userId))
            .as('owns'),
        ])
        .executeTakeFirstOrThrow();
      // Postgres answers exists() with a boolean (SqlBool also allows the 0/1 of other databases).
      return { leads: leads === true, owns: owns === true };
    },

    latestEventOfKind: (teamId, taskId, kind) =>
      events(teamId)
        .where('taskId', '=', taskId)
        .where('kind', '=', kind)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),

    async countOpenOwned(teamId, ownerIds) {
      if (ownerIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('tasks')
        .select(['ownerId', (eb) => eb.fn.countAll<number>().as('open')])
        .where('teamId', '=', teamId)
        .where('ownerId', 'in', ownerIds)
        .where('status', 'in', ['offered', 'accepted'])
        .groupBy('ownerId')
        .execute();
      return new Map(rows.map((r) => [r.ownerId ?? '', r.open]));
    },

    async update(teamId, id, patch, expected) {
      if (expected?.length === 0) return undefined;
      let query = db
        .updateTable('tasks')
        .set({ ...patch, updatedAt: sql<Date>`now()` })
        .where('teamId', '=', teamId)
        .where('id', '=', id);
      if (expected !== undefined) query = query.where('status', 'in', expected);
      return query.returning(TASK_COLUMNS).executeTakeFirst();
    },

    appendEvent: ({ payload, ...event }) =>
      db
        .insertInto('taskEvents')
        .values({ ...event, payload: JSON.stringify(payload) })
        .returning(EVENT_COLUMNS)
        .executeTakeFirstOrThrow(),

    findEvent: (teamId, id) => events(teamId).where('id', '=', id).executeTakeFirst(),

    latestEvent: (teamId, taskId) =>
      events(teamId).where('taskId', '=', taskId).orderBy('id', 'desc').limit(1).executeTakeFirst(),
  };
}

/**
 * The insert, inside a transaction: the number comes from task_counters, whose row lock
 * serialises the inserts of a workspace until commit, so numbers have no gaps.
 */
async function insertIn(trx: DbOrTx, task: NewTask): Promise<{ task: Task; created: boolean }> {
  const byKey = (key: string) =>
    trx
      .selectFrom('tasks')
      .select(TASK_COLUMNS)
      .where('teamId', '=', task.teamId)
      .where('idempotencyKey', '=', key)
      .executeTakeFirst();
  const key = task.idempotencyKey;
  if (key !== null) {
    const existing = await byKey(key);
    if (existing) return { task: existing, created: false };
  }

  // Locks the workspace's counter row until commit: the next insert of this workspace waits here.
  const { lastNumber: number } = await trx
    .insertInto('taskCounters')
    .values({ teamId: task.teamId, lastNumber: 1 })
    .onConflict((oc) =>
      oc.column('teamId').doUpdateSet((eb) => ({ lastNumber: eb('taskCounters.lastNumber', '+', 1) })),
    )
    .returning('lastNumber')
    .executeTakeFirstOrThrow();

  const inserted = await trx
    .insertInto('tasks')
    .values({ ...task, number })
    .onConflict((oc) => oc.columns(['teamId', 'idempotencyKey']).doNothing())
    .returning(TASK_COLUMNS)
    .executeTakeFirst();
  if (inserted) return { task: inserted, created: true };

  // The same key was committed by a concurrent retry between our check and our counter lock:
  // give the number back (we still hold the row lock) and return that task.
  await trx
    .updateTable('taskCounters')
    .set((eb) => ({ lastNumber: eb('lastNumber', '-', 1) }))
    .where('teamId', '=', task.teamId)
    .execute();
  const existing = key === null ? undefined : await byKey(key);
  if (!existing) throw new Error(`task insert for team ${task.teamId} conflicted but no task has its key`);
  return { task: existing, created: false };
}
