import { type NotNull, sql } from 'kysely';
import type { RawDbOrTx as DbOrTx } from '../database';
import type { IsoWeekday, User } from '../schema';

/** The fields Baton keeps from a Slack user object (users.info / users.list / user_change). */
export interface SlackUserLike {
  id: string;
  name?: string | undefined;
  real_name?: string | undefined;
  /** IANA zone, e.g. 'Europe/Paris'. */
  tz?: string | undefined;
  is_bot?: boolean | undefined;
  deleted?: boolean | undefined;
  profile?: { real_name?: string | undefined; display_name?: string | undefined } | undefined;
}

/**
 * Inserts or refreshes a user's Slack profile. Preferences and schedule (prompt time, working
 * days, pause, next prompt, DM channel) are never touched here. A missing `tz` keeps the known one.
 */
export async function upsertUserProfile(
  db: DbOrTx,
  teamId: string,
  user: SlackUserLike,
  at: Date = new Date(),
): Promise<User> {
  const tz = user.tz === undefined || user.tz === '' ? null : user.tz;
  return db
    .insertInto('users')
    .values({
      team_id: teamId,
      user_id: user.id,
      name: user.name ?? null,
      real_name: user.real_name ?? user.profile?.real_name ?? null,
      display_name: user.profile?.display_name || null,
      time_zone: tz ?? 'UTC',
      tz_refreshed_at: tz === null ? null : at,
      is_bot: user.is_bot ?? false,
      is_deleted: user.deleted ?? false,
    })
    .onConflict((oc) =>
      oc.columns(['team_id', 'user_id']).doUpdateSet((eb) => ({
        name: eb.fn.coalesce('excluded.name', 'users.name'),
        real_name: eb.fn.coalesce('excluded.real_name', 'users.real_name'),
        display_name: eb.ref('excluded.display_name'),
        time_zone: tz === null ? eb.ref('users.time_zone') : eb.ref('excluded.time_zone'),
        tz_refreshed_at: tz === null ? eb.ref('users.tz_refreshed_at') : eb.ref('excluded.tz_refreshed_at'),
        is_bot: eb.ref('excluded.is_bot'),
        is_deleted: eb.ref('excluded.is_deleted'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findUser(db: DbOrTx, teamId: string, userId: string): Promise<User | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export interface DuePrompt {
  team_id: string;
  user_id: string;
  next_prompt_at: Date;
}

/**
 * The scheduler tick: users (of every team) whose next prompt is due at or before `at`, earliest
 * first. Served by the partial index on next_prompt_at.
 */
export async function findUsersDueForPrompt(db: DbOrTx, at: Date, limit: number): Promise<DuePrompt[]> {
  return db
    .selectFrom('users')
    .select(['team_id', 'user_id', 'next_prompt_at'])
    .where('next_prompt_at', 'is not', null)
    .where('next_prompt_at', '<=', at)
    .where('is_deleted', '=', false)
    .orderBy('next_prompt_at')
    .limit(limit)
    .$narrowType<{ next_prompt_at: NotNull }>()
    .execute();
}

/** Stores the next due prompt instant (null: no prompt scheduled). False if the user is unknown. */
export async function setNextPromptAt(db: DbOrTx, teamId: string, userId: string, at: Date | null): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ next_prompt_at: at, updated_at: sql<Date>`now()` })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Caches the DM channel opened with the user (conversations.open). False if the user is unknown. */
export async function setDmChannelId(db: DbOrTx, teamId: string, userId: string, channelId: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ dm_channel_id: channelId, updated_at: sql<Date>`now()` })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Active humans of a team whose handle or display name is `name`, ignoring case. */
export async function findUsersNamed(db: DbOrTx, teamId: string, name: string): Promise<User[]> {
  const lower = name.toLowerCase();
  return db
    .selectFrom('users')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('is_bot', '=', false)
    .where('is_deleted', '=', false)
    .where((eb) => eb.or([eb(eb.fn('lower', ['name']), '=', lower), eb(eb.fn('lower', ['display_name']), '=', lower)]))
    .orderBy('user_id')
    .execute();
}

export interface PromptSettings {
  prompt_time: string;
  working_days: IsoWeekday[];
  paused_until: string | null;
}

/** A person's own prompt settings (from /delegate settings). False if the user is unknown. */
export async function updatePromptSettings(
  db: DbOrTx,
  teamId: string,
  userId: string,
  settings: PromptSettings,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ ...settings, updated_at: sql<Date>`now()` })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listTeams(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectFrom('users').select('team_id').distinct().execute();
  return rows.map((r) => r.team_id);
}
