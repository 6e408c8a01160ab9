import type { PersonState } from '../../domain/impact-history';
import type { IsoWeekday, Person, PromptPrefs } from '../../domain/person';

/** A person as stored: their Slack profile plus their prompt settings. */
export interface KnownPerson extends Person {
  prefs: PromptPrefs;
  profileRefreshedAt: Date | null;
  /** When their next morning prompt is due; null when nothing is scheduled. */
  nextPromptAt: Date | null;
  /** When their next weekly digest is due; null when none is scheduled. */
  nextDigestAt: Date | null;
}

export interface PromptSettings {
  promptTime: string;
  workingDays: IsoWeekday[];
  pausedUntil: string | null;
  /** Left as it is when absent. */
  digestDay?: IsoWeekday;
}

/** A lead whose morning prompt is due. */
export interface DuePrompt {
  teamId: string;
  userId: string;
  dueAt: Date;
}

/** A lead whose weekly digest is due. */
export interface DueDigest {
  teamId: string;
  userId: string;
  dueAt: Date;
}

/** The members of each workspace Baton has met: their Slack profile, their settings, their next prompt. */
export interface PersonRepository {
  /**
   * Stores a Slack profile as of `refreshedAt`; their settings and schedule are kept. An empty time
   * zone keeps the one known, and a missing handle or name the ones known.
   */
  save(person: Person, refreshedAt: Date): Promise<void>;
  find(teamId: string, userId: string): Promise<KnownPerson | undefined>;
  /** Those of `userIds` Baton knows, in one read (the others are left out), in no particular order. */
  findMany(teamId: string, userIds: readonly string[]): Promise<KnownPerson[]>;
  /** Active humans whose handle or display name is `name` (case-insensitive), by user id. */
  findNamed(teamId: string, name: string): Promise<Person[]>;
  /** Their own prompt settings (from /delegate settings). */
  saveSettings(teamId: string, userId: string, settings: PromptSettings): Promise<void>;
  /** Leads of every workspace whose next prompt is due at or before `at`, earliest first (deactivated people left out). */
  findDuePrompts(at: Date, limit: number): Promise<DuePrompt[]>;
  /** Null: no prompt scheduled. */
  setNextPromptAt(teamId: string, userId: string, at: Date | null): Promise<void>;
  /**
   * Stores `at` as their next prompt if they hold a task now, else none, in one statement (a lead
   * who holds nothing has nothing to be prompted about); returns what it stored.
   */
  setNextPromptAtWhileHolding(teamId: string, userId: string, at: Date | null): Promise<Date | null>;
  /** Leads of every workspace whose weekly digest is due at or before `at`, earliest first (deactivated people left out). */
  findDueDigests(at: Date, limit: number): Promise<DueDigest[]>;
  /** Null: no digest scheduled. */
  setNextDigestAt(teamId: string, userId: string, at: Date | null): Promise<void>;
  /** They opened Baton's App Home at `at`. */
  setHomeOpened(teamId: string, userId: string, at: Date): Promise<void>;
  /** Those of `userIds` who ever opened the App Home (the others have none to keep up to date). */
  withHome(teamId: string, userIds: readonly string[]): Promise<string[]>;
  /** Whether each of `userIds` Baton knows is deactivated (people it does not know are left out). */
  states(teamId: string, userIds: readonly string[]): Promise<PersonState[]>;
  /** Workspaces Baton knows people of. */
  listTeams(): Promise<string[]>;
}
