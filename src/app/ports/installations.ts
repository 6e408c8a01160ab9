/**
 * Baton's OAuth installations (many-workspace mode). Tokens come and go in plain text through this
 * port; the repository seals them at rest (src/db/token-seal.ts). Nothing else stores a token.
 */

/** Which installation: a workspace's, or an organization's org-wide one. */
export interface InstallationKey {
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
}

export interface ExpiringInstallation extends InstallationKey {
  expiresAt: Date;
}

export interface InstalledBot {
  token: string;
  userId: string;
  id: string;
  scopes: string[];
  /** With token rotation on: what gets a new token before `expiresAt`. */
  refreshToken: string | null;
  expiresAt: Date | null;
}

export interface InstalledUser {
  /** Who installed Baton. */
  id: string | null;
  token: string | null;
  scopes: string[];
  refreshToken: string | null;
  expiresAt: Date | null;
}

export interface Installation extends InstallationKey {
  appId: string | null;
  bot: InstalledBot | null;
  user: InstalledUser;
  installedAt: Date;
}

export interface InstallationRepository {
  /** Stores an installation, replacing the one under its key (a reinstall also mends a broken one). */
  save(installation: Omit<Installation, 'installedAt'>, at: Date): Promise<void>;
  /** The installation under exactly this key, unless it is broken. */
  find(key: InstallationKey): Promise<Installation | undefined>;
  /** The installation that serves a workspace: its own, else its organization's org-wide one; never a broken one. */
  forTeam(teamId: string, enterpriseId: string | null): Promise<Installation | undefined>;
  /** A refreshed bot token (token rotation). */
  rotateBotToken(key: InstallationKey, token: string, refreshToken: string, expiresAt: Date, at: Date): Promise<void>;
  /** Slack refused to refresh the token: the installation serves nothing more. True the first time only. */
  markBroken(key: InstallationKey, reason: string, at: Date): Promise<boolean>;
  /** Deletes the installation (and so its tokens); how many rows went. */
  delete(key: InstallationKey): Promise<number>;
  /** Installations whose bot token expires before `before`, and that can be refreshed. */
  expiringBefore(before: Date): Promise<ExpiringInstallation[]>;
}
