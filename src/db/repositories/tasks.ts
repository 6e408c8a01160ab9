import { type NotNull, sql } from 'kysely';
import type { FinishedForLead, NewTask, TaskRepository } from '../../app/ports/tasks';
import type { CheckinAsk, HistoryEvent } from '../../domain/impact-history';
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

/** A task as the Home's history query writes it: [id, number, title, lead, owner, status, created, due (epoch ms)]. */
type StoredTask = [number, number, string, string, string | null, TaskStatus, number, number | null];
/** An event as the Home's history query writes it: [task id, id, kind, actor, payload, epoch ms]. */
type StoredEvent = [number, number, TaskEvent['kind'], string, TaskEvent['payload'], number];

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

    // Only the columns suggestions read: parsing 500 whole rows (their instants above all) cost the Home.
    listFinishedForLead: (teamId, leadId) =>
      db
        .selectFrom('tasks')
        .select(HISTORY_COLUMNS)
        .where('teamId', '=', teamId)
        .where('leadId', '=', leadId)
        .where('status', '=', 'done')
        .where('ownerId', 'is not', null)
        .orderBy('doneAt', 'desc')
        .limit(FINISHED_HISTORY)
        .$narrowType<{ ownerId: NotNull }>()
        .execute(),

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
      // Three queries at once, joined here by task id. A JSON array built per task in SQL took
      // twice as long in Postgres (a subquery and an aggregate per task) and as long again to
      // parse; `npm run bench -- data` times it for a lead with 5,000 tasks (README, Performance).
      // The lead's tasks open now or finished or dropped after `since` (tasks_team_lead_* indexes);
      // each query names the team (the events' and check-ins' through their join).
      const inWindow = sql<boolean>`tasks.lead_id = ${leadId} and (
        tasks.status in ('held', 'offered', 'accepted')
        or tasks.status = 'done' and tasks.done_at > ${since}
        or tasks.status = 'dropped' and tasks.dropped_at > ${since})`;
      const [rows, eventRows, askRows] = await Promise.all([
        // Only the fields the figures read, as one JSON array like the events: most of these tasks
        // are closed, and a thousand rows parsed field by field cost more than the figures.
        db
          .selectFrom('tasks')
          .select(
            sql<StoredTask[] | null>`json_agg(json_build_array(tasks.id, tasks.number, tasks.title, tasks.lead_id,
              tasks.owner_id, tasks.status, extract(epoch from tasks.created_at) * 1000,
              extract(epoch from tasks.due_at) * 1000) order by tasks.created_at, tasks.id)`.as('tasks'),
          )
          .where('teamId', '=', teamId)
          .where(inWindow)
          .executeTakeFirst()
          .then((row) => row?.tasks ?? []),
        kinds?.length === 0
          ? []
          : db
              .selectFrom('taskEvents as e')
              .innerJoin('tasks', (join) =>
                join.onRef('tasks.teamId', '=', 'e.teamId').onRef('tasks.id', '=', 'e.taskId'),
              )
              // One JSON array of [task id, id, kind, actor, payload, epoch ms] for them all: one
              // JSON.parse, where thousands of rows were as many instants and objects to parse.
              .select(
                sql<StoredEvent[] | null>`json_agg(json_build_array(e.task_id, e.id, e.kind, e.actor_id, e.payload,
                  extract(epoch from e.at) * 1000) order by e.at, e.id)`.as('events'),
              )
              .where('e.teamId', '=', teamId)
              .where(inWindow)
              .$if(kinds !== undefined, (q) => q.where('e.kind', 'in', kinds ?? []))
              .executeTakeFirst()
              .then((row) => row?.events ?? []),
        db
          .selectFrom('checkins as c')
          .innerJoin('tasks', (join) => join.onRef('tasks.teamId', '=', 'c.teamId').onRef('tasks.id', '=', 'c.taskId'))
          .select(['c.taskId', 'c.createdAt', 'c.answeredAt'])
          .where('c.teamId', '=', teamId)
          .where('c.createdAt', '>', checkinsSince)
          .where(inWindow)
          .execute(),
      ]);
      const events = new Map<number, HistoryEvent[]>();
      for (const [taskId, id, kind, actorId, payload, at] of eventRows) {
        const event = { id, kind, actorId, payload, at: new Date(at) };
        const list = events.get(taskId);
        if (list) list.push(event);
        else events.set(taskId, [event]);
      }
      const asks = new Map<number, CheckinAsk[]>();
      for (const { taskId, createdAt, answeredAt } of askRows) {
        const ask = { askedAt: createdAt, answeredAt };
        const list = asks.get(taskId);
        if (list) list.push(ask);
        else asks.set(taskId, [ask]);
      }
      return rows.map(([id, number, title, leadId, ownerId, status, createdAt, dueAt]) => ({
        id,
        number,
        title,
        leadId,
        ownerId,
        status,
        createdAt: new Date(createdAt),
        dueAt: dueAt === null ? null : new Date(dueAt),
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
      const [leads, owns] = await Promise.all([
        db
          .selectFrom('tasks')
          .select('id')
          .where('teamId', '=', teamId)
          .where('leadId', '=', userId)
          .limit(1)
          .executeTakeFirst(),
        db
          .selectFrom('tasks')
          .select('id')
          .where('teamId', '=', teamId)
          .where('ownerId', '=', userId)
          .limit(1)
          .executeTakeFirst(),
      ]);
      return { leads: leads !== undefined, owns: owns !== undefined };
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
