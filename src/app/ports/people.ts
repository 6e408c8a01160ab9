import type { IsoWeekday, Person, PromptPrefs } from '../../domain/person';

/** A person as stored: their Slack profile plus their prompt settings. */
export interface KnownPerson extends Person {
  prefs: PromptPrefs;
  profileRefreshedAt: Date | null;
  /** When their next morning prompt is due; null when nothing is scheduled. */
  nextPromptAt: Date | null;
}

export interface PromptSettings {
  promptTime: string;
  workingDays: IsoWeekday[];
  pausedUntil: string | null;
}

/** A lead whose morning prompt is due. */
export interface DuePrompt {
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
  /** Active humans whose handle or display name is `name` (case-insensitive), by user id. */
  findNamed(teamId: string, name: string): Promise<Person[]>;
  /** Their own prompt settings (from /delegate settings). */
  saveSettings(teamId: string, userId: string, settings: PromptSettings): Promise<void>;
  /** Leads of every workspace whose next prompt is due at or before `at`, earliest first (deactivated people left out). */
  findDuePrompts(at: Date, limit: number): Promise<DuePrompt[]>;
  /** Null: no prompt scheduled. */
  setNextPromptAt(teamId: string, userId: string, at: Date | null): Promise<void>;
  /** Workspaces Baton knows people of. */
  listTeams(): Promise<string[]>;
}
