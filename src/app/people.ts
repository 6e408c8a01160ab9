import { nextDigestAt } from '../domain/digest-schedule';
import type { Person } from '../domain/person';
import { nextPromptAt } from '../domain/prompt-schedule';
import type { Deps } from './deps';
import type { KnownPerson } from './ports/people';
import type { DueWork } from './tick';

/** Slack profiles (time zone, deactivation) are refreshed from Slack when older than this. */
export const PROFILE_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A person with fresh-enough Slack profile data: from Postgres when it is recent, else from Slack
 * (and stored). When Slack is unreachable, a stale stored profile is better than none.
 */
export async function knownPerson(
  deps: Pick<Deps, 'people' | 'directory' | 'now' | 'logger'>,
  teamId: string,
  userId: string,
): Promise<KnownPerson | null> {
  const stored = await deps.people.find(teamId, userId);
  const now = deps.now();
  if (stored?.profileRefreshedAt && now.getTime() - stored.profileRefreshedAt.getTime() < PROFILE_TTL_MS) return stored;
  let fetched: Person | null;
  try {
    fetched = await deps.directory.person(teamId, userId);
  } catch (err) {
    if (!stored) throw err;
    deps.logger.warn({ err, team: teamId, user: userId }, 'could not refresh a Slack profile; using the stored one');
    return stored;
  }
  if (!fetched) return null;
  await deps.people.save(fetched, now);
  return (await deps.people.find(teamId, userId)) ?? null;
}

/**
 * Stores a profile Slack pushed to us (user_change) or that we listed. A new time zone moves the
 * person's next morning prompt to their new local prompt time.
 */
export async function rememberPerson(deps: Pick<Deps, 'people' | 'now'>, person: Person): Promise<void> {
  const before = await deps.people.find(person.teamId, person.id);
  await deps.people.save(person, deps.now());
  if ((before?.nextPromptAt || before?.nextDigestAt) && before.timeZone !== person.timeZone) {
    const after = await deps.people.find(person.teamId, person.id);
    if (after?.nextPromptAt)
      await deps.people.setNextPromptAt(person.teamId, person.id, nextPromptAt(after.prefs, deps.now()));
    if (after?.nextDigestAt)
      await deps.people.setNextDigestAt(person.teamId, person.id, nextDigestAt(after.prefs, deps.now()));
  }
}

/**
 * A profile change Slack pushed (user_change). Someone Baton has not met yet is looked up in Slack
 * rather than taken from the event, so only real members of the workspace are ever stored.
 */
export async function profileChanged(
  deps: Pick<Deps, 'people' | 'directory' | 'now' | 'logger'>,
  person: Person,
): Promise<void> {
  if (await deps.people.find(person.teamId, person.id)) return rememberPerson(deps, person);
  const fetched = await deps.directory.person(person.teamId, person.id);
  if (!fetched) {
    deps.logger.warn(
      { team: person.teamId, user: person.id },
      'ignored a profile change for someone Slack does not know',
    );
    return;
  }
  await rememberPerson(deps, fetched);
}

/** Loads the whole member list into Postgres, so @names resolve and forms validate without a Slack call. */
export async function syncDirectory(
  deps: Pick<Deps, 'people' | 'directory' | 'now' | 'logger'>,
  teamId: string,
): Promise<number> {
  const everyone = await deps.directory.everyone(teamId);
  for (const person of everyone) await rememberPerson(deps, person);
  deps.logger.info({ team: teamId, people: everyone.length }, 'directory synced');
  return everyone.length;
}

/** The tick's share: keep every known workspace's member list (names, time zones) fresh. */
export function dueDirectorySyncs(deps: Pick<Deps, 'people' | 'jobs'>): DueWork {
  return {
    name: 'directories',
    async enqueueDue(at) {
      const teams = await deps.people.listTeams();
      await deps.jobs.syncDirectories(teams, at);
      return teams.length;
    },
  };
}
