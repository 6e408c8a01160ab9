import type { webApi } from '@slack/bolt';
import { RefreshRefused } from '../app/ports/errors';
import type { TokenRefresher } from '../app/ports/slack';
import { slackErrorCode } from './directory';

/** What oauth.v2.access answers for a refresh token it will never honour again. */
const REFUSALS = new Set(['invalid_refresh_token', 'invalid_grant', 'invalid_grant_type', 'token_revoked']);

/**
 * Token rotation through oauth.v2.access (grant_type=refresh_token), with the app's client id and
 * secret, on a client without a token. A refusal for good is RefreshRefused; anything else (Slack
 * unreachable, a 5xx) is thrown as it is, and the job retries.
 */
export function slackTokenRefresher(
  client: webApi.WebClient,
  credentials: { clientId: string; clientSecret: string },
  now: () => Date,
): TokenRefresher {
  return {
    async refresh(refreshToken) {
      let res: webApi.OauthV2AccessResponse;
      try {
        res = await client.oauth.v2.access({
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        });
      } catch (err) {
        const code = slackErrorCode(err);
        if (code && REFUSALS.has(code)) throw new RefreshRefused(code);
        throw err;
      }
      if (!res.access_token || !res.refresh_token || !res.expires_in) {
        throw new Error('oauth.v2.access answered a refresh without a token, refresh token or expiry');
      }
      return {
        token: res.access_token,
        refreshToken: res.refresh_token,
        expiresAt: new Date(now().getTime() + res.expires_in * 1000),
      };
    },
  };
}
