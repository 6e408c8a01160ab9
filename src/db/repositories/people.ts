import { type ExpressionBuilder, type NotNull, sql } from 'kysely';
import { jsonBuildObject } from 'kysely/helpers/postgres';
import type { DueDigest, DuePrompt, PersonRepository } from '../../app/ports/people';
import type { DbOrTx } from '../database';
import type { Database } from '../schema';
import { exactInstant, instantParam, type Paged, readDuePages } from './due-pages';
import { suspendedTeamIds } from './workspaces';

type Users = ExpressionBuilder<Database, 'users'>;

/** A Person's fields. `name` is what to call them: display name, else real name, else handle, else their id. */
const personColumns = (eb: Users) =>
  [
    'teamId',
    'userId as id',
    eb.fn
      .coalesce(
        eb.fn<string | null>('nullif', ['displayName', eb.val('')]),
        eb.fn<string | null>('nullif', ['realName', eb.val('')]),
        eb.fn<string | null>('nullif', ['name', eb.val('')]),
        'userId',
      )
      .as('name'),
    'name as handle',
    'displayName',
    'timeZone',
    'isBot',
    'isDeleted',
  ] as const;

/** A KnownPerson's fields beyond the Person's: prompt settings (as one object), profile age, next prompt. */
const knownPersonColumns = (eb: Users) =>
  [
    ...personColumns(eb),
    jsonBuildObject({
      timeZone: eb.ref('timeZone'),
      promptTime: eb.ref('promptTime'),
      workingDays: eb.ref('workingDays'),
      pausedUntil: eb.ref('pausedUntil'),
      digestDay: eb.ref('digestDay'),
    }).as('prefs'),
    'tzRefreshedAt as profileRefreshedAt',
    'nextPromptAt',
    'nextDigestAt',
  ] as const;

/** Rows after `after` in the order of a due index, (instant, team, user): the tick's next page. */
const dueAfter = (column: 'nextPromptAt' | 'nextDigestAt', after: Paged<DuePrompt> | undefined) => (eb: Users) =>
  eb(
    eb.refTuple(column, 'teamId', 'userId'),
    '>',
    eb.tuple(instantParam(after?.dueKey ?? '-infinity'), after?.teamId ?? '', after?.userId ?? ''),
  );

export function personRepository(db: DbOrTx): PersonRepository {
  /** The people whose prompt or digest is due at `at`, read a page at a time in the due index's order. */
  const dueUsers = (column: 'nextPromptAt' | 'nextDigestAt', at: Date, limit: number) =>
    readDuePages<DuePrompt | DueDigest>(limit, (size, after) =>
      // Across workspaces by design: the tick finds every workspace's due prompts and digests (suspended ones left out).
      db
        .selectFrom('users')
        .select((eb) => ['teamId', 'userId', `${column} as dueAt`, exactInstant(eb.ref(column)).as('dueKey')])
        .where(column, 'is not', null)
        .where(column, '<=', at)
        .$if(after !== undefined, (q) => q.where(dueAfter(column, after)))
        .where('isDeleted', '=', false)
        .where('teamId', 'not in', suspendedTeamIds(db))
        .orderBy(column)
        .orderBy('teamId')
        .orderBy('userId')
        .limit(size)
        .$narrowType<{ dueAt: NotNull }>()
        .execute(),
    );
  return {
    async save(person, refreshedAt) {
      const zone = person.timeZone === '' ? null : person.timeZone;
      await db
        .insertInto('users')
        .values({
          teamId: person.teamId,
          userId: person.id,
          name: person.handle ?? null,
          realName: person.name,
          displayName: person.displayName || null,
          timeZone: zone ?? 'UTC',
          tzRefreshedAt: zone === null ? null : refreshedAt,
          isBot: person.isBot,
          isDeleted: person.isDeleted,
        })
        .onConflict((oc) =>
          oc.columns(['teamId', 'userId']).doUpdateSet((eb) => ({
            name: eb.fn.coalesce('excluded.name', 'users.name'),
            realName: eb.fn.coalesce('excluded.realName', 'users.realName'),
            displayName: eb.ref('excluded.displayName'),
            timeZone: zone === null ? eb.ref('users.timeZone') : eb.ref('excluded.timeZone'),
            tzRefreshedAt: zone === null ? eb.ref('users.tzRefreshedAt') : eb.ref('excluded.tzRefreshedAt'),
            isBot: eb.ref('excluded.isBot'),
            isDeleted: eb.ref('excluded.isDeleted'),
            updatedAt: sql<Date>`now()`,
          })),
        )
        .execute();
    },

    find: (teamId, userId) =>
      db
        .selectFrom('users')
        .select(knownPersonColumns)
        .where('teamId', '=', teamId)
        .where('userId', '=', userId)
        .executeTakeFirst(),

    async findMany(teamId, userIds) {
      if (userIds.length === 0) return [];
      return db
        .selectFrom('users')
        .select(knownPersonColumns)
        .where('teamId', '=', teamId)
        .where('userId', 'in', userIds)
        .execute();
    },

    findNamed(teamId, name) {
      const lower = name.toLowerCase();
      return db
        .selectFrom('users')
        .select(personColumns)
        .where('teamId', '=', teamId)
        .where('isBot', '=', false)
        .where('isDeleted', '=', false)
        .where((eb) =>
          eb.or([eb(eb.fn('lower', ['name']), '=', lower), eb(eb.fn('lower', ['displayName']), '=', lower)]),
        )
        .orderBy('userId')
        .execute();
    },

    async saveSettings(teamId, userId, settings) {
      await db
        .updateTable('users')
        .set({ ...settings, updatedAt: sql<Date>`now()` })
        .where('teamId', '=', teamId)
        .where('userId', '=', userId)
        .execute();
    },

    findDuePrompts: (at, limit) => dueUsers('nextPromptAt', at, limit),

    async setNextPromptAt(teamId, userId, at) {
      await db
        .updateTable('users')
        .set({ nextPromptAt: at, updatedAt: sql<Date>`now()` })
        .where('teamId', '=', teamId)
        .where('userId', '=', userId)
        .execute();
    },

    async setNextPromptAtWhileHolding(teamId, userId, at) {
      const stored = await db
        .updateTable('users')
        .set((eb) => ({
          nextPromptAt: eb
            .case()
            .when(
              eb.exists(
                eb
                  .selectFrom('tasks')
                  .select(eb.lit(1).as('held'))
                  .where('tasks.teamId', '=', teamId)
                  .where('tasks.leadId', '=', userId)
                  .where('tasks.status', '=', 'held'),
              ),
            )
            .then(eb.cast<Date | null>(eb.val(at), 'timestamptz'))
            .else(null)
            .end(),
          updatedAt: sql<Date>`now()`,
        }))
        .where('teamId', '=', teamId)
        .where('userId', '=', userId)
        .returning('nextPromptAt')
        .executeTakeFirst();
      return stored?.nextPromptAt ?? null;
    },

    findDueDigests: (at, limit) => dueUsers('nextDigestAt', at, limit),

    async setNextDigestAt(teamId, userId, at) {
      await db
        .updateTable('users')
        .set({ nextDigestAt: at, updatedAt: sql<Date>`now()` })
        .where('teamId', '=', teamId)
        .where('userId', '=', userId)
        .execute();
    },

    async setHomeOpened(teamId, userId, at) {
      await db
        .updateTable('users')
        .set({ homeOpenedAt: at })
        .where('teamId', '=', teamId)
        .where('userId', '=', userId)
        .execute();
    },

    async withHome(teamId, userIds) {
      if (userIds.length === 0) return [];
      const rows = await db
        .selectFrom('users')
        .select('userId')
        .where('teamId', '=', teamId)
        .where('userId', 'in', userIds)
        .where('homeOpenedAt', 'is not', null)
        .orderBy('userId')
        .execute();
      return rows.map((r) => r.userId);
    },

    async states(teamId, userIds) {
      if (userIds.length === 0) return [];
      return db
        .selectFrom('users')
        .select(['userId as id', 'isDeleted'])
        .where('teamId', '=', teamId)
        .where('userId', 'in', userIds)
        .orderBy('userId')
        .execute();
    },

    async listTeams() {
      // Across workspaces by design: which workspaces Baton knows people of is the question.
      const rows = await db.selectFrom('users').select('teamId').distinct().execute();
      return rows.map((r) => r.teamId);
    },
  };
}
