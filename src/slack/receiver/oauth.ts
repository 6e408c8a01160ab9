import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Installation, InstallationStore, InstallURLOptions, StateStore, webApi } from '@slack/bolt';
import {
  AuthorizationError,
  InstallProvider,
  InvalidStateError,
  MissingCodeError,
  MissingStateError,
} from '@slack/oauth';
import { z } from 'zod';
import { boltLogger } from '../../observability/bolt-logger';
import type { Logger } from '../../observability/logger';
import type { Route } from '../http-server';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

/** The bot scopes Baton asks for: the same as manifest.json's oauth_config.scopes.bot (a test checks). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'users:read',
  'channels:read',
  'groups:read',
  'channels:join',
  'im:write',
  'channels:history',
  'groups:history',
  'im:history',
] as const;

/** How long an install link is good for, from /slack/install to Slack sending the browser back. */
export const STATE_TTL_MS = 10 * 60_000;

export interface OAuthRoutesOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** The Web API base (SLACK_API_URL): the authorize page is beside it (…/oauth/v2/authorize). */
  apiUrl: string;
  installationStore: InstallationStore;
  /** True the first time a state nonce is claimed, false ever after (a replayed state). */
  claimState: (nonce: string, ttlMs: number) => Promise<boolean>;
  /** After the installation is stored: record the workspace, welcome the installer. */
  onInstalled: (installation: Installation) => Promise<void>;
  logger: Logger;
  clientOptions?: { fetch?: webApi.FetchFunction; timeout?: number };
}

/** Why a browser came back without an installation, each with a page of its own. */
class ReplayedStateError extends InvalidStateError {}
class ExpiredStateError extends InvalidStateError {}

const StatePayload = z.object({
  n: z.string().regex(/^[\w-]{16,64}$/),
  t: z.number().int().positive(),
  o: z.object({
    scopes: z.union([z.string().max(2_000), z.array(z.string().max(200)).max(100)]),
    teamId: z.string().max(64).optional(),
    redirectUri: z.string().max(2_000).optional(),
    userScopes: z.union([z.string().max(2_000), z.array(z.string().max(200)).max(100)]).optional(),
    metadata: z.string().max(2_000).optional(),
  }),
});

/**
 * The OAuth state: a random nonce, the instant it was made and the install options, signed with
 * SLACK_STATE_SECRET. Verified: the signature (a forged or altered state), its age (10 minutes),
 * and that it was never used before (`claimState`), so a state replayed is refused.
 */
export function signedStateStore(
  secret: string,
  claimState: OAuthRoutesOptions['claimState'],
  ttlMs = STATE_TTL_MS,
): StateStore {
  const sign = (body: string) => createHmac('sha256', secret).update(body).digest('base64url');
  return {
    async generateStateParam(installOptions: InstallURLOptions, now: Date) {
      const body = Buffer.from(
        JSON.stringify({ n: randomBytes(18).toString('base64url'), t: now.getTime(), o: installOptions }),
      ).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    async verifyStateParam(now: Date, state: string) {
      const [body, signature, ...rest] = state.split('.');
      if (!body || !signature || rest.length > 0) throw new InvalidStateError('the state is not one of Baton’s');
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new InvalidStateError('the state is not one of Baton’s');
      }
      let payload: z.infer<typeof StatePayload>;
      try {
        payload = StatePayload.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      } catch {
        throw new InvalidStateError('the state is not one of Baton’s');
      }
      const age = now.getTime() - payload.t;
      if (age > ttlMs || age < -60_000) throw new ExpiredStateError('the install link has expired');
      if (!(await claimState(payload.n, ttlMs + 60_000))) throw new ReplayedStateError('the install link was used');
      return payload.o as InstallURLOptions;
    },
  };
}

/** `https://slack.com/api/` → `https://slack.com/oauth/v2/authorize`; the emulator's likewise. */
export function authorizeUrlBeside(apiUrl: string): string {
  return new URL('../oauth/v2/authorize', apiUrl).toString();
}

/**
 * GET /slack/install (straight on to Slack's authorize page, with a signed state and its cookie)
 * and GET /slack/oauth_redirect (Slack sends the browser back with a code: the state is checked,
 * the code exchanged with oauth.v2.access, the installation stored). Whatever goes wrong, the
 * browser gets a short page saying what to do, never a stack trace.
 */
export function oauthRoutes(options: OAuthRoutesOptions): Route[] {
  const { logger } = options;
  const installer = new InstallProvider({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    stateStore: signedStateStore(options.stateSecret, options.claimState),
    installationStore: options.installationStore,
    authorizationUrl: authorizeUrlBeside(options.apiUrl),
    directInstall: true,
    installUrlOptions: { scopes: [...BOT_SCOPES] },
    logger: boltLogger(logger, 'oauth'),
    clientOptions: {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 1 },
      timeout: options.clientOptions?.timeout ?? 10_000,
      ...(options.clientOptions?.fetch ? { fetch: options.clientOptions.fetch } : {}),
    },
  });

  const install = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await installer.handleInstallPath(req, res);
    } catch (err) {
      logger.error({ err }, 'could not start an install');
      if (!res.headersSent) sendPage(res, 500, 'Baton could not start the install', 'Please try again in a minute.');
    }
  };

  const redirect = async (req: IncomingMessage, res: ServerResponse) => {
    await installer.handleCallback(req, res, {
      successAsync: async (installation, _options, _req, response) => {
        // An org-wide install has no workspace (team is undefined): it is in the whole organization.
        const team = installation.team?.name ?? installation.enterprise?.name ?? 'your workspace';
        try {
          await options.onInstalled(installation);
        } catch (err) {
          // The installation is stored, but the workspace is not recorded: installing again finishes it.
          logger.error({ err, team: installation.team?.id }, 'an install was stored but could not be completed');
          sendPage(response, 503, 'Baton could not finish the install', `Please try again in a minute. ${START_AGAIN}`);
          return;
        }
        sendPage(
          response,
          200,
          'Baton is installed',
          `Baton is now in ${team}. Open Slack and type /delegate followed by a task, or /delegate help.`,
        );
      },
      failureAsync: async (error, _options, _req, response) => {
        const [status, title, text] = failurePage(error);
        logger.warn({ code: error.code, reason: error.message, status }, 'an install did not complete');
        sendPage(response, status, title, text);
      },
    });
  };

  return [
    { path: INSTALL_PATH, methods: { GET: install } },
    { path: REDIRECT_PATH, methods: { GET: redirect } },
  ];
}

const START_AGAIN = `Start again from ${INSTALL_PATH}.`;

function failurePage(error: Error & { code?: string }): [number, string, string] {
  if (error instanceof ReplayedStateError) return [400, 'This install link was already used', START_AGAIN];
  if (error instanceof ExpiredStateError) return [400, 'This install link has expired', START_AGAIN];
  if (error instanceof InvalidStateError || error instanceof MissingStateError) {
    return [400, 'This install link is not valid here', `It was not started in this browser. ${START_AGAIN}`];
  }
  if (error instanceof MissingCodeError) return [400, 'Slack did not send an install code', START_AGAIN];
  if (error instanceof AuthorizationError) {
    return [403, 'Baton was not installed', `The install was cancelled. ${START_AGAIN}`];
  }
  const slackError = (error as { data?: { error?: unknown } }).data?.error;
  if (slackError === 'invalid_code' || slackError === 'code_already_used') {
    return [400, 'This install code is no longer valid', START_AGAIN];
  }
  if (error.code?.startsWith('slack_webapi_')) {
    return [502, 'Baton could not complete the install', `Slack could not be reached, or refused. ${START_AGAIN}`];
  }
  return [500, 'Baton could not complete the install', `Please try again in a minute. ${START_AGAIN}`];
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

function sendPage(res: ServerResponse, status: number, title: string, text: string): void {
  if (res.headersSent) return;
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'",
  });
  res.end(body);
}
