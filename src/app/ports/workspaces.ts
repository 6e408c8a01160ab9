/** A workspace Baton is installed in, and who its bot is there. */
export interface InstalledWorkspace {
  teamId: string;
  enterpriseId: string | null;
  botUserId: string;
  botId: string;
}

export interface WorkspaceRepository {
  /**
   * Records the workspace Baton's bot is installed in (one-workspace mode stores no token). A
   * re-install clears an uninstall; the admin's settings are kept.
   */
  save(workspace: InstalledWorkspace): Promise<void>;
  /** The workspace's bot, unless Baton is not (or no longer) installed there. */
  findInstalled(teamId: string): Promise<InstalledWorkspace | undefined>;
  /** Every workspace Baton is installed in. */
  listInstalledTeams(): Promise<string[]>;
  /**
   * The workspaces of an Enterprise Grid organization Baton is installed in, or with
   * `includeUninstalled` every one it knows (an org-wide reinstall brings those back).
   */
  listInOrganization(enterpriseId: string, includeUninstalled?: boolean): Promise<string[]>;
  /**
   * Records an uninstall (app_uninstalled, tokens_revoked): Slack has revoked the token and the
   * installation, so they are erased; its data goes at `purgeAfter` unless it is installed again
   * before. False when the workspace is unknown.
   */
  markUninstalled(teamId: string, at: Date, purgeAfter?: Date): Promise<boolean>;
  /** Workspaces no job may call Slack for: uninstalled, or whose installation is broken. */
  listSuspendedTeams(): Promise<string[]>;
  /** Uninstalled workspaces whose data is due to be purged at `at`. */
  duePurges(at: Date): Promise<string[]>;
  /** Deletes every row of the workspace (people, tasks, history, deliveries) at once; how many went. */
  forget(teamId: string): Promise<number>;
}
