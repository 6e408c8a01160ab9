import { sql } from 'kysely';
import type { NewTask, TaskRepository } from '../../app/ports/tasks';
import type { HistoryEvent } from '../../domain/impact-history';
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

/** An event and a check-in as json_build_object writes them: instants are text. */
type StoredEvent = Omit<HistoryEvent, 'at'> & { at: string };
type StoredAsk = { askedAt: string; answeredAt: string | null };

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

    listFinishedForLead: (teamId, leadId) =>
      tasks(teamId)
        .where('leadId', '=', leadId)
        .where('status', '=', 'done')
        .where('ownerId', 'is not', null)
        .orderBy('doneAt', 'desc')
        .limit(FINISHED_HISTORY)
        .execute(),

    async leadHistory(teamId, leadId, since, checkinsSince, kinds) {
      // One round trip, one row per task: its events and check-ins as JSON arrays, read through
      // the (team, task) indexes. Thousands of event rows cost far more to send and map.
      const ofKinds = kinds ? sql`and e.kind = any(${[...kinds]})` : sql``;
      const rows = await tasks(teamId)
        .select([
          sql<StoredEvent[] | null>`(
            select json_agg(json_build_object('id', e.id, 'kind', e.kind, 'actorId', e.actor_id, 'payload', e.payload, 'at', e.at) order by e.at, e.id)
            from task_events e where e.team_id = tasks.team_id and e.task_id = tasks.id ${ofKinds})`.as('eventsJson'),
          sql<StoredAsk[] | null>`(
            select json_agg(json_build_object('askedAt', c.created_at, 'answeredAt', c.answered_at))
            from checkins c where c.team_id = tasks.team_id and c.task_id = tasks.id and c.created_at > ${checkinsSince})`.as(
            'checkinsJson',
          ),
        ])
        .where('leadId', '=', leadId)
        .where((eb) =>
          eb.or([
            eb('status', 'in', ['held', 'offered', 'accepted']),
            eb.and([eb('status', '=', 'done'), eb('doneAt', '>', since)]),
            eb.and([eb('status', '=', 'dropped'), eb('droppedAt', '>', since)]),
          ]),
        )
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(({ eventsJson, checkinsJson, ...task }) => ({
        ...task,
        events: (eventsJson ?? []).map((e) => ({ ...e, at: new Date(e.at) })),
        checkins: (checkinsJson ?? []).map((c) => ({
          askedAt: new Date(c.askedAt),
          answeredAt: c.answeredAt === null ? null : new Date(c.answeredAt),
        })),
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
