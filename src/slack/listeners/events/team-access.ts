import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../app/deps';
import { organizationAccessGranted, organizationAccessRevoked } from '../../../app/installations';
import type { UninstallOptions } from './uninstall';
import { organizationOf } from './uninstall';

type TeamAccessArgs = SlackEventMiddlewareArgs<'team_access_granted' | 'team_access_revoked'> & AllMiddlewareArgs;

/**
 * An org admin gave Baton's org-wide install workspaces, or took them away (docs/slack-platform.md,
 * "Org-wide installs"). Slack sends both for the organization as a whole; with a workspace named
 * instead they mean nothing, and are noted.
 */
export const onTeamAccessChanged =
  (deps: Deps, options: UninstallOptions) =>
  async ({ event, body }: TeamAccessArgs) => {
    const organization = organizationOf(body);
    const teams = event.team_ids;
    if (!organization) {
      deps.logger.warn({ team: body.team_id, event: event.type }, 'a team access event for one workspace; ignored');
      return;
    }
    if (event.type === 'team_access_granted') {
      const granted = await organizationAccessGranted(deps, organization, teams, deps.now());
      for (const teamId of granted) options.forgetAccess(teamId);
      return;
    }
    const revoked = await organizationAccessRevoked(deps, organization, teams, deps.now(), options.purgeAfterDays);
    for (const teamId of revoked) options.forgetAccess(teamId);
  };
