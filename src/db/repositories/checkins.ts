import { type NotNull, sql } from 'kysely';
import type { CheckinRepository, DueCheckin } from '../../app/ports/checkins';
import { type Checkin, QUIET_STATE } from '../../domain/checkin';
import type { DbOrTx } from '../database';
import { exactInstant, instantParam, readDuePages } from './due-pages';
import { suspendedTeamIds } from './workspaces';

/** A Checkin's fields (the row also has where its message landed, and who answered when). */
const CHECKIN_COLUMNS = [
  'id',
  'teamId',
  'taskId',
  'localDate',
  'kind',
  'status',
  'note',
] as const satisfies ReadonlyArray<keyof Checkin>;

export function checkinRepository(db: DbOrTx): CheckinRepository {
  return {
    findDue: (at, limit) =>
      readDuePages<DueCheckin>(limit, (size, after) =>
        // Across workspaces by design: the tick finds every workspace's due check-ins (suspended ones left out).
        db
          .selectFrom('tasks')
          .select((eb) => [
            'teamId',
            'id as taskId',
            'nextCheckinAt as dueAt',
            'channelId',
            exactInstant(eb.ref('nextCheckinAt')).as('dueKey'),
          ])
          .where('nextCheckinAt', 'is not', null)
          .where('nextCheckinAt', '<=', at)
          // The next page: rows after `after` in the due index's order, (instant, team, task).
          .$if(after !== undefined, (q) =>
            q.where((eb) =>
              eb(
                eb.refTuple('nextCheckinAt', 'teamId', 'id'),
                '>',
                eb.tuple(instantParam(after?.dueKey ?? '-infinity'), after?.teamId ?? '', after?.taskId ?? 0),
              ),
            ),
          )
          .where('teamId', 'not in', suspendedTeamIds(db))
          .orderBy('nextCheckinAt')
          .orderBy('teamId')
          .orderBy('id')
          .limit(size)
          .$narrowType<{ dueAt: NotNull }>()
          .execute(),
      ),

    async state(teamId, taskId) {
      const state = await db
        .selectFrom('tasks')
        .select([
          'checkinAwaitingSince as awaitingSince',
          'checkinReminded as reminded',
          'checkinEscalated as escalated',
          'overdueAskedFor',
        ])
        .where('teamId', '=', teamId)
        .where('id', '=', taskId)
        .executeTakeFirst();
      return state ?? QUIET_STATE;
    },

    async saveState(teamId, taskId, state) {
      await db
        .updateTable('tasks')
        .set({
          checkinAwaitingSince: state.awaitingSince,
          checkinReminded: state.reminded,
          checkinEscalated: state.escalated,
          overdueAskedFor: state.overdueAskedFor,
          updatedAt: sql<Date>`now()`,
        })
        .where('teamId', '=', teamId)
        .where('id', '=', taskId)
        .execute();
    },

    async open(teamId, taskId, localDate, kind) {
      const inserted = await db
        .insertInto('checkins')
        .values({ teamId, taskId, localDate, kind })
        .onConflict((oc) => oc.columns(['teamId', 'taskId', 'localDate']).doNothing())
        .returning(CHECKIN_COLUMNS)
        .executeTakeFirst();
      if (inserted) return inserted;
      return db
        .selectFrom('checkins')
        .select(CHECKIN_COLUMNS)
        .where('teamId', '=', teamId)
        .where('taskId', '=', taskId)
        .where('localDate', '=', localDate)
        .executeTakeFirstOrThrow();
    },

    async setMessage(teamId, id, message) {
      await db
        .updateTable('checkins')
        .set({ channelId: message.channel, messageTs: message.ts })
        .where('teamId', '=', teamId)
        .where('id', '=', id)
        .execute();
    },

    find: (teamId, id) =>
      db
        .selectFrom('checkins')
        .select(CHECKIN_COLUMNS)
        .where('teamId', '=', teamId)
        .where('id', '=', id)
        .executeTakeFirst(),

    latest: (teamId, taskId) =>
      db
        .selectFrom('checkins')
        .select(CHECKIN_COLUMNS)
        .where('teamId', '=', teamId)
        .where('taskId', '=', taskId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),

    async recordAnswer(teamId, id, answer) {
      await db
        .updateTable('checkins')
        .set((eb) => ({
          status: answer.status === null ? eb.ref('status') : answer.status,
          note: answer.note === null ? eb.ref('note') : sql<string>`concat_ws(E'\n', note, ${answer.note}::text)`,
          answeredBy: answer.by,
          answeredAt: sql<Date>`now()`,
        }))
        .where('teamId', '=', teamId)
        .where('id', '=', id)
        .execute();
    },
  };
}
