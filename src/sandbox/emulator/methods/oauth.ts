import { SlackApiError } from '../limits';
import type { EmulatorState, OAuthCode } from '../state';
import type { Workspace } from '../workspace';
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

/**
 * With token rotation on, a new bot token that expires, and the refresh token that replaces it
 * (used once). The workspace's current token becomes the new one; the old one lives until it expires.
 */
function rotatingToken(state: EmulatorState, ws: Workspace, expiresInSec: number) {
  const access = `xoxe.xoxb-1-${ws.team.id}-${state.newId('').toLowerCase()}`;
  const refresh = `xoxe-1-${ws.team.id}-${state.newId('').toLowerCase()}`;
  state.tokens.set(access, ws.team.id);
  state.tokenExpiry.set(access, state.now() + expiresInSec * 1000);
  state.refreshTokens.set(refresh, ws.team.id);
  ws.botToken = access;
  return { access_token: access, refresh_token: refresh, expires_in: expiresInSec };
}

/** A workspace's organization as oauth.v2.access names it: null outside Enterprise Grid. */
function enterpriseJson(state: EmulatorState, ws: Workspace) {
  const e = state.enterpriseOf(ws.team.id);
  return e ? { id: e.seed.id, name: e.seed.name } : null;
}

/** What oauth.v2.access answers for an install of either kind: the token, its bot and who installed it. */
function installAnswer(ws: Workspace, record: OAuthCode, accessToken: string) {
  const installer = record.userId ?? [...ws.users.values()].find((u) => u.isAdmin && !u.deleted)?.id;
  return {
    app_id: ws.appId,
    authed_user: installer ? { id: installer } : {},
    scope: BOT_SCOPES,
    token_type: 'bot',
    access_token: accessToken,
    bot_user_id: ws.botUserId,
  };
}

/**
 * An org-wide install (Enterprise Grid): one bot token for every workspace of the organization,
 * `team: null`, the organization in `enterprise`, and `is_enterprise_install: true`, as Slack's
 * sample response for org-wide apps shows (docs/slack-platform.md, "Org-wide installs").
 * Token rotation is not emulated for org-wide tokens.
 */
function orgWideInstall(state: EmulatorState, record: OAuthCode, enterpriseId: string) {
  const enterprise = state.enterprise(enterpriseId);
  const ws = state.workspace(record.teamId);
  let token = enterprise.token;
  if (!token || !state.installedOrgWide(enterprise)) {
    token = `xoxb-sandbox-${enterpriseId}-${state.newId('').toLowerCase()}`;
    enterprise.token = token;
    state.orgTokens.set(token, enterpriseId);
  }
  return {
    ...installAnswer(ws, record, token),
    team: null,
    enterprise: { id: enterprise.seed.id, name: enterprise.seed.name },
    is_enterprise_install: true,
  };
}

export const oauthMethods: Record<string, MethodDef> = {
  'oauth.v2.access': {
    auth: false,
    handler: (ctx) => {
      const { state, params, oauth } = ctx;
      const creds = clientCredentials(params, ctx.authorization);
      if (!creds.id || creds.id !== oauth.clientId) throw new SlackApiError('invalid_client_id');
      if (creds.secret !== oauth.clientSecret) throw new SlackApiError('bad_client_secret');
      const grantType = str(params, 'grant_type') ?? 'authorization_code';
      if (grantType === 'refresh_token') {
        const refresh = str(params, 'refresh_token');
        const teamId = refresh ? state.refreshTokens.get(refresh) : undefined;
        if (!refresh || !teamId || !state.tokenRotation) throw new SlackApiError('invalid_refresh_token');
        state.refreshTokens.delete(refresh);
        const ws = state.workspace(teamId);
        return {
          app_id: ws.appId,
          scope: BOT_SCOPES,
          token_type: 'bot',
          bot_user_id: ws.botUserId,
          team: { id: ws.team.id, name: ws.team.name },
          enterprise: enterpriseJson(state, ws),
          is_enterprise_install: false,
          ...rotatingToken(state, ws, state.tokenRotation.expiresInSec),
        };
      }
      if (grantType !== 'authorization_code') throw new SlackApiError('invalid_grant_type');
      const code = str(params, 'code');
      const record = code ? state.oauthCodes.get(code) : undefined;
      if (!record || record.used || state.now() - record.issuedAt > OAUTH_CODE_TTL_MS) {
        throw new SlackApiError('invalid_code');
      }
      record.used = true;
      if (record.enterpriseId) return orgWideInstall(state, record, record.enterpriseId);
      const ws = state.workspace(record.teamId);
      if (state.revoked.has(ws.botToken)) {
        ws.botToken = `xoxb-sandbox-${ws.team.id}-${state.newId('').toLowerCase()}`;
        state.tokens.set(ws.botToken, ws.team.id);
      }
      const rotation = state.tokenRotation ? rotatingToken(state, ws, state.tokenRotation.expiresInSec) : {};
      return {
        ...installAnswer(ws, record, ws.botToken),
        team: { id: ws.team.id, name: ws.team.name },
        enterprise: enterpriseJson(state, ws),
        is_enterprise_install: false,
        ...rotation,
      };
    },
  },
};
