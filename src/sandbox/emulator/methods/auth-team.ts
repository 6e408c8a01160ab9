import { SlackApiError } from '../limits';
import type { MethodDef } from './context';
import { str } from './context';

export const authTeamMethods: Record<string, MethodDef> = {
  /** Checks the API is reachable: no token needed, the arguments echoed back. */
  'api.test': {
    auth: false,
    handler: ({ params }) => ({ args: params }),
  },
  'auth.test': {
    handler: ({ ws, enterprise }) =>
      enterprise
        ? // An org-wide token speaks for the organization, not one of its workspaces.
          {
            url: `https://${enterprise.seed.domain}.enterprise.slack.com/`,
            team: enterprise.seed.name,
            user: ws.botName,
            team_id: enterprise.seed.id,
            user_id: ws.botUserId,
            bot_id: ws.botId,
            enterprise_id: enterprise.seed.id,
            is_enterprise_install: true,
          }
        : {
            url: `https://${ws.team.domain}.slack.com/`,
            team: ws.team.name,
            user: ws.botName,
            team_id: ws.team.id,
            user_id: ws.botUserId,
            bot_id: ws.botId,
            ...(ws.enterpriseId ? { enterprise_id: ws.enterpriseId } : {}),
            is_enterprise_install: false,
          },
  },
  'team.info': {
    handler: ({ ws, params }) => {
      const team = str(params, 'team');
      if (team && team !== ws.team.id) throw new SlackApiError('team_not_found');
      return {
        team: {
          id: ws.team.id,
          name: ws.team.name,
          domain: ws.team.domain,
          email_domain: '',
          url: `https://${ws.team.domain}.slack.com/`,
          is_verified: false,
          icon: { image_default: true, image_34: '', image_44: '', image_68: '' },
        },
      };
    },
  },
};
