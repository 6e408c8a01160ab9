import { type NotNull, sql } from 'kysely';
import type { RawDbOrTx as DbOrTx } from '../database';
import type { NewTask, Task, TaskStatus, TaskUpdate } from '../schema';

/** A new task; its per-team `number` is allocated by insertTask. */
export type NewTaskInput = Omit<NewTask, 'id' | 'number' | 'created_at' | 'updated_at'>;

export interface InsertTaskResult {
  task: Task;
  /** False when a task with the same idempotency key already existed: that task is returned. */
  created: boolean;
}

/**
 * Inserts a task with the team's next short number (gapless: the number comes from task_counters
 * in the same transaction, whose row lock serialises concurrent inserts of a team). Runs in the
 * caller's transaction if given one, else in its own.
 *
 * With an `idempotency_key`, a retried command gets the task created the first time
 * (`created: false`), and no number is consumed.
 */
export async function insertTask(db: DbOrTx, input: NewTaskInput): Promise<InsertTaskResult> {
  if (db.isTransaction) return insertTaskIn(db, input);
  return db.transaction().execute((trx) => insertTaskIn(trx, input));
}

async function insertTaskIn(trx: DbOrTx, input: NewTaskInput): Promise<InsertTaskResult> {
  const key = input.idempotency_key ?? null;
  if (key !== null) {
    const existing = await findTaskByIdempotencyKey(trx, input.team_id, key);
    if (existing) return { task: existing, created: false };
  }

  // Locks the team's counter row until commit: the next insert of this team waits here.
  const { last_number: number } = await trx
    .insertInto('task_counters')
    .values({ team_id: input.team_id, last_number: 1 })
    .onConflict((oc) =>
      oc.column('team_id').doUpdateSet((eb) => ({ last_number: eb('task_counters.last_number', '+', 1) })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();

  const inserted = await trx
    .insertInto('tasks')
    .values({ ...input, number })
    .onConflict((oc) => oc.columns(['team_id', 'idempotency_key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { task: inserted, created: true };

  // The same key was committed by a concurrent retry between our check and our counter lock:
  // give the number back (we still hold the row lock) and return that task.
  await trx
    .updateTable('task_counters')
    .set((eb) => ({ last_number: eb('last_number', '-', 1) }))
    .where('team_id', '=', input.team_id)
    .execute();
  const existing = key === null ? undefined : await findTaskByIdempotencyKey(trx, input.team_id, key);
  if (!existing) throw new Error(`task insert for team ${input.team_id} conflicted but no task has its key`);
  return { task: existing, created: false };
}

async function findTaskByIdempotencyKey(db: DbOrTx, teamId: string, key: string): Promise<Task | undefined> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** The task shown as `#<number>` in a team. */
export async function findTaskByNumber(db: DbOrTx, teamId: string, number: number): Promise<Task | undefined> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export async function findTaskById(db: DbOrTx, teamId: string, id: number): Promise<Task | undefined> {
  return db.selectFrom('tasks').selectAll().where('team_id', '=', teamId).where('id', '=', id).executeTakeFirst();
}

export interface ListTasksOptions {
  /** Only these statuses (default: all). */
  statuses?: readonly TaskStatus[];
  limit?: number;
}

/** Tasks a user leads, oldest first. */
export async function listTasksForLead(
  db: DbOrTx,
  teamId: string,
  leadId: string,
  opts: ListTasksOptions = {},
): Promise<Task[]> {
  return listTasks(db, teamId, 'lead_id', leadId, opts);
}

/** Tasks a user owns, oldest first. */
export async function listTasksForOwner(
  db: DbOrTx,
  teamId: string,
  ownerId: string,
  opts: ListTasksOptions = {},
): Promise<Task[]> {
  return listTasks(db, teamId, 'owner_id', ownerId, opts);
}

async function listTasks(
  db: DbOrTx,
  teamId: string,
  column: 'lead_id' | 'owner_id',
  userId: string,
  opts: ListTasksOptions,
): Promise<Task[]> {
  let query = db
    .selectFrom('tasks')
    .selectAll()
    .where('team_id', '=', teamId)
    .where(column, '=', userId)
    .orderBy('created_at')
    .orderBy('id');
  if (opts.statuses !== undefined) {
    if (opts.statuses.length === 0) return [];
    query = query.where('status', 'in', opts.statuses);
  }
  if (opts.limit !== undefined) query = query.limit(opts.limit);
  return query.execute();
}

export interface DueCheckin {
  team_id: string;
  id: number;
  next_checkin_at: Date;
  channel_id: string | null;
}

/**
 * The scheduler tick: tasks (of every team) whose next check-in is due at or before `at`, earliest
 * first. Served by the partial index on next_checkin_at.
 */
export async function findTasksDueForCheckin(db: DbOrTx, at: Date, limit: number): Promise<DueCheckin[]> {
  return db
    .selectFrom('tasks')
    .select(['team_id', 'id', 'next_checkin_at', 'channel_id'])
    .where('next_checkin_at', 'is not', null)
    .where('next_checkin_at', '<=', at)
    .orderBy('next_checkin_at')
    .limit(limit)
    .$narrowType<{ next_checkin_at: NotNull }>()
    .execute();
}

/** Columns a task update may change; identity and creation stay fixed. */
export type TaskPatch = Omit<TaskUpdate, 'id' | 'team_id' | 'number' | 'created_at' | 'updated_at'>;

export interface UpdateTaskOptions {
  /**
   * Optimistic check: update only if the task's status is (one of) this. Two people answering the
   * same offer at once: the second gets `undefined`.
   */
  expectedStatus?: TaskStatus | readonly TaskStatus[];
}

/**
 * Updates a task of a team and returns it; `undefined` if there is no such task in the team or
 * its status is not the expected one.
 */
export async function updateTask(
  db: DbOrTx,
  teamId: string,
  id: number,
  patch: TaskPatch,
  opts: UpdateTaskOptions = {},
): Promise<Task | undefined> {
  let query = db
    .updateTable('tasks')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('team_id', '=', teamId)
    .where('id', '=', id);
  const expected = opts.expectedStatus;
  if (expected !== undefined) {
    const statuses: readonly TaskStatus[] = typeof expected === 'string' ? [expected] : expected;
    if (statuses.length === 0) return undefined;
    query = query.where('status', 'in', statuses);
  }
  return query.returningAll().executeTakeFirst();
}

/** Held tasks a lead should be asked about at `at`: not snoozed or kept past it; oldest first. */
export async function listPromptableTasks(db: DbOrTx, teamId: string, leadId: string, at: Date): Promise<Task[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('lead_id', '=', leadId)
    .where('status', '=', 'held')
    .where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', at)]))
    .where((eb) => eb.or([eb('kept_until', 'is', null), eb('kept_until', '<=', at)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** What a lead's team finished for them, newest first: the history owner suggestions learn from. */
export async function listFinishedForLead(db: DbOrTx, teamId: string, leadId: string, limit = 500): Promise<Task[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('lead_id', '=', leadId)
    .where('status', '=', 'done')
    .where('owner_id', 'is not', null)
    .orderBy('done_at', 'desc')
    .limit(limit)
    .execute();
}

/** How many open tasks each of these people owns now. */
export async function countOpenOwned(
  db: DbOrTx,
  teamId: string,
  ownerIds: readonly string[],
): Promise<Map<string, number>> {
  if (ownerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('tasks')
    .select(['owner_id', (eb) => eb.fn.countAll<string>().as('open')])
    .where('team_id', '=', teamId)
    .where('owner_id', 'in', ownerIds)
    .where('status', 'in', ['offered', 'accepted'])
    .groupBy('owner_id')
    .execute();
  return new Map(rows.map((r) => [r.owner_id ?? '', Number(r.open)]));
}

/** The task whose parent message is `threadTs` in `channelId`: a reply in that thread is about it. */
export async function findTaskByThread(
  db: DbOrTx,
  teamId: string,
  channelId: string,
  threadTs: string,
): Promise<Task | undefined> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .where('thread_ts', '=', threadTs)
    .executeTakeFirst();
}
