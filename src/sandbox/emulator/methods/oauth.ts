import { SlackApiError } from '../limits';
import type { MethodDef } from './context';
import { str } from './context';

/** An OAuth code is valid for 10 minutes and once. */
export const OAUTH_CODE_TTL_MS = 10 * 60 * 1000;

export const BOT_SCOPES = 'commands,chat:write,im:write,users:read,channels:read,groups:read,channels:join';

function clientCredentials(params: Record<string, unknown>, authorization: string | undefined) {
  if (authorization?.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
  }
  return { id: str(params, 'client_id'), secret: str(params, 'client_secret') };
}

export const oauthMethods: Record<string, MethodDef> = {
  'oauth.v2.access': {
    auth: false,
    handler: (ctx) => {
      const { state, params, oauth } = ctx;
      const creds = clientCredentials(params, ctx.authorization);
      if (!creds.id || creds.id !== oauth.clientId) throw new SlackApiError('invalid_client_id');
      if (creds.secret !== oauth.clientSecret) throw new SlackApiError('bad_client_secret');
      const code = str(params, 'code');
      const record = code ? state.oauthCodes.get(code) : undefined;
      if (!record || record.used || state.now() - record.issuedAt > OAUTH_CODE_TTL_MS) {
        throw new SlackApiError('invalid_code');
      }
      record.used = true;
      const ws = state.workspace(record.teamId);
      if (state.revoked.has(ws.botToken)) {
        ws.botToken = `xoxb-sandbox-${ws.team.id}-${state.newId('').toLowerCase()}`;
        state.tokens.set(ws.botToken, ws.team.id);
      }
      const installer = record.userId ?? [...ws.users.values()].find((u) => u.isAdmin && !u.deleted)?.id;
      return {
        app_id: ws.appId,
        authed_user: installer ? { id: installer } : {},
        scope: BOT_SCOPES,
        token_type: 'bot',
        access_token: ws.botToken,
        bot_user_id: ws.botUserId,
        team: { id: ws.team.id, name: ws.team.name },
        enterprise: null,
        is_enterprise_install: false,
      };
    },
  },
};
