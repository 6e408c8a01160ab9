import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { uninstallOrganization, uninstallWorkspace } from '../../../app/installations';

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

/**
 * The organization an event is about as a whole (an org-wide install removed): Slack sends those
 * with no workspace (`team_id` null) and the enterprise in `authorizations`, checked in
 * src/slack/payloads/envelope.ts before Bolt sees it.
 */
export function organizationOf(body: {
  team_id: string | null;
  authorizations?: Array<{ enterprise_id?: string | null }>;
}) {
  return body.team_id === null ? (body.authorizations?.[0]?.enterprise_id ?? null) : null;
}

/** An org-wide install removed: its token deleted now, the data of the workspaces it served purged later. */
async function organizationUninstalled(deps: Deps, options: UninstallOptions, enterpriseId: string, why: string) {
  try {
    const teams = await uninstallOrganization(deps, enterpriseId, deps.now(), options.purgeAfterDays);
    for (const teamId of teams) options.forgetAccess(teamId);
  } catch (err) {
    deps.logger.error({ err, enterprise: enterpriseId, event: why }, 'could not record an uninstall');
    throw err;
  }
}

export const onAppUninstalled =
  (deps: Deps, options: UninstallOptions) =>
  async ({ body }: SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs) => {
    const organization = organizationOf(body);
    if (organization) return organizationUninstalled(deps, options, organization, 'app_uninstalled');
    return uninstalled(deps, options, body.team_id, 'app_uninstalled');
  };

/**
 * tokens_revoked: the bot's token revoked is Baton gone from the workspace; a user token revoked
 * (Baton asks for none) changes nothing but is noted.
 */
export const onTokensRevoked =
  (deps: Deps, options: UninstallOptions) =>
  async ({ event, body }: SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs) => {
    const bots = event.tokens.bot ?? [];
    const organization = organizationOf(body);
    if (organization) {
      const key = { teamId: null, enterpriseId: organization, isEnterpriseInstall: true };
      const orgBot = bots.length > 0 ? (await deps.installations.find(key))?.bot?.userId : undefined;
      if (bots.length > 0 && (orgBot === undefined || bots.includes(orgBot))) {
        await organizationUninstalled(deps, options, organization, 'tokens_revoked');
      }
      return;
    }
    // Bolt does not authorize this event (the token may be gone), so Baton's bot is looked up here;
    // a workspace whose bot Baton never learnt has only Baton's bot token to revoke.
    const ours = bots.length > 0 ? (await deps.workspaces.findInstalled(body.team_id))?.botUserId : undefined;
    if (bots.length > 0 && (ours === undefined || bots.includes(ours))) {
      await uninstalled(deps, options, body.team_id, 'tokens_revoked');
      return;
    }
    deps.logger.info({ team: body.team_id, users: event.tokens.oauth?.length ?? 0 }, 'user tokens revoked');
  };
