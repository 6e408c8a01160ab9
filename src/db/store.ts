import type { LegacyRepositories, NewTask } from '../app/ports/store';
import type { Task, TaskEvent, TaskEventKind } from '../domain/task';
import type { RawDbOrTx as DbOrTx } from './database';
import * as events from './repositories/task-events';
import * as tasks from './repositories/tasks';
import type { JsonObject, TaskEvent as TaskEventRow, Task as TaskRow } from './schema';

/** The repositories not yet split by aggregate, over the raw (snake_case) view. */
export function legacyRepositories(db: DbOrTx): LegacyRepositories {
  return {
    async insertTask(input: NewTask) {
      const { task, created } = await tasks.insertTask(db, {
        team_id: input.teamId,
        title: input.title,
        details: input.details,
        lead_id: input.leadId,
        owner_id: input.ownerId,
        status: input.status,
        due_at: input.dueAt,
        due_has_time: input.dueHasTime,
        channel_id: input.channelId,
        source: input.source,
        source_permalink: input.sourcePermalink,
        checkin_cadence: input.checkinCadence,
        delegated_at: input.delegatedAt,
        idempotency_key: input.idempotencyKey,
      });
      return { task: toTask(task), created };
    },
    findTask: async (teamId, id) => mapOptional(await tasks.findTaskById(db, teamId, id), toTask),
    findTaskByNumber: async (teamId, number) => mapOptional(await tasks.findTaskByNumber(db, teamId, number), toTask),
    listTasksLedBy: async (teamId, leadId, statuses) =>
      (await tasks.listTasksForLead(db, teamId, leadId, { statuses })).map(toTask),
    listTasksOwnedBy: async (teamId, ownerId, statuses) =>
      (await tasks.listTasksForOwner(db, teamId, ownerId, { statuses })).map(toTask),
    async updateTask(teamId, id, patch, expected) {
      const row = await tasks.updateTask(
        db,
        teamId,
        id,
        {
          owner_id: patch.ownerId,
          status: patch.status,
          delegated_at: patch.delegatedAt,
          accepted_at: patch.acceptedAt,
          done_at: patch.doneAt,
          dropped_at: patch.droppedAt,
          snoozed_until: patch.snoozedUntil,
          kept_until: patch.keptUntil,
          thread_ts: patch.threadTs,
          next_checkin_at: patch.nextCheckinAt,
          last_status: patch.lastStatus,
          last_status_at: patch.lastStatusAt,
          due_at: patch.dueAt,
          due_has_time: patch.dueHasTime,
        },
        { expectedStatus: expected },
      );
      return mapOptional(row, toTask);
    },
    findTaskByThread: async (teamId, channelId, ts) =>
      mapOptional(await tasks.findTaskByThread(db, teamId, channelId, ts), toTask),
    appendEvent: async (event) =>
      toEvent(
        await events.appendEvent(db, {
          team_id: event.teamId,
          task_id: event.taskId,
          actor_id: event.actorId,
          kind: event.kind,
          payload: event.payload as JsonObject,
        }),
      ),
    findEvent: async (teamId, id) => mapOptional(await events.findEvent(db, teamId, id), toEvent),
    findLatestEvent: async (teamId, taskId) => mapOptional(await events.findLatestEvent(db, teamId, taskId), toEvent),

    listPromptableTasks: async (teamId, leadId, at) =>
      (await tasks.listPromptableTasks(db, teamId, leadId, at)).map(toTask),
    listFinishedForLead: async (teamId, leadId) => (await tasks.listFinishedForLead(db, teamId, leadId)).map(toTask),
    countOpenOwned: (teamId, ownerIds) => tasks.countOpenOwned(db, teamId, ownerIds),
  };
}

function mapOptional<R, T>(row: R | undefined, map: (row: R) => T): T | undefined {
  return row === undefined ? undefined : map(row);
}

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    teamId: row.team_id,
    number: row.number,
    title: row.title,
    details: row.details,
    leadId: row.lead_id,
    ownerId: row.owner_id,
    status: row.status,
    dueAt: row.due_at,
    dueHasTime: row.due_has_time,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    source: row.source,
    sourcePermalink: row.source_permalink,
    checkinCadence: row.checkin_cadence,
    snoozedUntil: row.snoozed_until,
    keptUntil: row.kept_until,
    lastStatus: row.last_status,
    lastStatusAt: row.last_status_at,
    nextCheckinAt: row.next_checkin_at,
    createdAt: row.created_at,
    delegatedAt: row.delegated_at,
    acceptedAt: row.accepted_at,
    doneAt: row.done_at,
    droppedAt: row.dropped_at,
  };
}

function toEvent(row: TaskEventRow): TaskEvent {
  return {
    id: row.id,
    teamId: row.team_id,
    taskId: row.task_id,
    actorId: row.actor_id,
    kind: row.kind as TaskEventKind,
    payload: row.payload,
    at: row.at,
  };
}
