import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { uninstallWorkspace } from '../../../app/installations';

export interface UninstallOptions {
  /** How long an uninstalled workspace's data is kept (PURGE_AFTER_DAYS). */
  purgeAfterDays: number;
  /** Drops the workspace's cached token in this process at once. */
  forgetAccess: (teamId: string) => void;
}

/** Slack has revoked Baton's tokens (the app was removed): delete them now, purge the data later. */
async function uninstalled(deps: Deps, options: UninstallOptions, teamId: string, why: string): Promise<void> {
  options.forgetAccess(teamId);
  try {
    await uninstallWorkspace(deps, teamId, deps.now(), options.purgeAfterDays);
  } catch (err) {
    deps.logger.error({ err, team: teamId, event: why }, 'could not record an uninstall');
    throw err;
  } finally {
    options.forgetAccess(teamId);
  }
}

export const onAppUninstalled =
  (deps: Deps, options: UninstallOptions) =>
  async ({ body }: SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs) =>
    uninstalled(deps, options, body.team_id, 'app_uninstalled');

/**
 * tokens_revoked: the bot's token revoked is Baton gone from the workspace; a user token revoked
 * (Baton asks for none) changes nothing but is noted.
 */
export const onTokensRevoked =
  (deps: Deps, options: UninstallOptions) =>
  async ({ event, body }: SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs) => {
    const bots = event.tokens.bot ?? [];
    // Bolt does not authorize this event (the token may be gone), so Baton's bot is looked up here;
    // a workspace whose bot Baton never learnt has only Baton's bot token to revoke.
    const ours = bots.length > 0 ? (await deps.workspaces.findInstalled(body.team_id))?.botUserId : undefined;
    if (bots.length > 0 && (ours === undefined || bots.includes(ours))) {
      await uninstalled(deps, options, body.team_id, 'tokens_revoked');
      return;
    }
    deps.logger.info({ team: body.team_id, users: event.tokens.oauth?.length ?? 0 }, 'user tokens revoked');
  };
