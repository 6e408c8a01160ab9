import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Faults } from './faults';
import { SlackApiError } from './limits';
import type { MethodContext } from './methods/context';
import { str } from './methods/context';
import { METHODS } from './methods/index';
import { BOT_SCOPES } from './methods/oauth';
import type { RateLimiter } from './rate-limits';
import { postToResponseUrl, type ResponseUrlRecord } from './response-urls';
import type { EmulatorState, EnterpriseState } from './state';
import type { Params, RecordedCall } from './types';

export interface DispatchDeps {
  state: EmulatorState;
  faults: Faults;
  limiter: RateLimiter;
  responseUrls: Map<string, ResponseUrlRecord>;
  oauth: { clientId: string; clientSecret: string };
  baseUrl: () => string;
  /** The app's OAuth redirect URL, as set in its settings (used when the authorize link names none). */
  redirectUrl: () => string | undefined;
  logger?: Logger;
}

const MAX_BODY = 5 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

interface ParsedRequest {
  params: Params;
  isJson: boolean;
  error?: string;
}

/** Parses form-encoded or JSON bodies (as @slack/web-api sends form bodies with JSON-encoded fields). */
export function parseParams(raw: string, contentType: string | undefined, query: URLSearchParams): ParsedRequest {
  const params: Params = Object.fromEntries(query.entries());
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/json')) {
    if (!raw.trim()) return { params, isJson: true };
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return { params, isJson: true, error: 'invalid_json' };
      }
      return { params: { ...params, ...(parsed as Params) }, isJson: true };
    } catch {
      return { params, isJson: true, error: 'invalid_json' };
    }
  }
  if (type.includes('multipart/form-data')) return { params, isJson: false, error: 'invalid_form_data' };
  for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
  return { params, isJson: false };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createDispatcher(deps: DispatchDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return (req, res) =>
    handle(deps, req, res).catch((err: unknown) => {
      deps.logger?.error({ err }, 'emulator: request failed');
      if (!res.headersSent) send(res, 500, { ok: false, error: 'internal_error' });
      else res.destroy();
    });
}

async function handle(deps: DispatchDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const raw = await readBody(req);
  if (url.pathname.startsWith('/api/')) {
    await handleApi(deps, url.pathname.slice('/api/'.length), raw, url.searchParams, req, res);
    return;
  }
  if (url.pathname === '/oauth/v2/authorize' && req.method === 'GET') {
    authorizePage(deps, url.searchParams, res);
    return;
  }
  if (url.pathname.startsWith('/response/') && req.method === 'POST') {
    await handleResponseUrl(deps, url.pathname.slice('/response/'.length), raw, req, res);
    return;
  }
  send(res, 404, { ok: false, error: 'not_found' });
}

/**
 * Slack's authorize page, with the person already agreeing: the browser is sent back to the app's
 * redirect URL with a code for oauth.v2.access and the state it came with. `team` picks the
 * workspace (default: the first), `user` the installer (default: an admin), `deny=1` cancels.
 * `enterprise` (an Enterprise Grid organization's id) installs org-wide, as an org admin does:
 * `team` is then the admin's workspace there (default: the organization's first).
 */
function authorizePage(deps: DispatchDeps, query: URLSearchParams, res: ServerResponse): undefined {
  const page = (status: number, text: string): undefined => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
    return undefined;
  };
  if (query.get('client_id') !== deps.oauth.clientId) return page(400, 'invalid_client_id');
  const redirect = query.get('redirect_uri') ?? deps.redirectUrl();
  if (!redirect) return page(400, 'bad_redirect_uri: the app has no redirect URL');
  const enterpriseId = query.get('enterprise') ?? undefined;
  const enterprise = enterpriseId ? deps.state.enterprises.get(enterpriseId) : undefined;
  if (enterpriseId && !enterprise) return page(400, 'unknown enterprise');
  const teamId = query.get('team') ?? enterprise?.seed.teamIds[0] ?? [...deps.state.workspaces.keys()][0];
  if (!teamId || !deps.state.workspaces.has(teamId)) return page(400, 'unknown team');
  if (enterprise && !enterprise.seed.teamIds.includes(teamId)) return page(400, 'team not in the enterprise');
  const back = new URL(redirect);
  const state = query.get('state');
  if (query.get('deny') === '1') back.searchParams.set('error', 'access_denied');
  else {
    const code = `${teamId}.${randomBytes(16).toString('hex')}`;
    const userId = query.get('user') ?? undefined;
    deps.state.oauthCodes.set(code, {
      code,
      teamId,
      issuedAt: deps.state.now(),
      used: false,
      ...(userId ? { userId } : {}),
      ...(enterpriseId ? { enterpriseId } : {}),
    });
    back.searchParams.set('code', code);
  }
  if (state !== null) back.searchParams.set('state', state);
  res.writeHead(302, { location: back.toString() });
  res.end();
  return undefined;
}

async function handleResponseUrl(
  deps: DispatchDeps,
  id: string,
  raw: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const rec = deps.responseUrls.get(id);
  const at = deps.state.now();
  const started = performance.now();
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    payload = parseParams(raw, req.headers['content-type'], new URLSearchParams()).params;
  }
  const params = (typeof payload === 'object' && payload !== null ? payload : {}) as Params;
  const record = (status: number, response: unknown, dropped = false) => {
    const call: RecordedCall = {
      method: 'response_url',
      params,
      response,
      status,
      at,
      ms: performance.now() - started,
      ...(dropped ? { dropped } : {}),
    };
    if (rec) call.teamId = rec.teamId;
    deps.state.calls.push(call);
    deps.state.notify();
  };
  const fault = deps.faults.take('response_url', rec?.teamId);
  if (fault?.kind === 'latency') await sleep(fault.ms);
  if (fault?.kind === 'http5xx') {
    const body = { ok: false, error: 'internal_error' };
    record(fault.status, body);
    send(res, fault.status, body);
    return;
  }
  if (fault?.kind === 'ratelimited') {
    const body = { ok: false, error: 'ratelimited' };
    record(429, body);
    send(res, 429, body, { 'retry-after': String(fault.retryAfterSec) });
    return;
  }
  const result = postToResponseUrl(deps.state, rec, payload);
  if (fault?.kind === 'drop') {
    record(result.status, result.body, true);
    req.socket.destroy();
    return;
  }
  record(result.status, result.body);
  send(res, result.status, result.body);
}

/**
 * The workspace a call made with an org-wide token acts in. Slack asks such calls to name it
 * (`team_id`, required by users.list and conversations.list); a channel, user, view or trigger of
 * one of the organization's workspaces names it too. An error code when none does.
 */
function orgWorkspace(state: EmulatorState, enterprise: EnterpriseState, params: Params): string | { error: string } {
  const teams = enterprise.seed.teamIds.filter((t) => !enterprise.withoutAccess.has(t));
  const team = str(params, 'team_id');
  if (team) return teams.includes(team) ? team : { error: 'team_access_not_granted' };
  const holding = (has: (teamId: string) => boolean, error: string) => teams.find(has) ?? { error };
  const channel = str(params, 'channel');
  const user = /^[UW]/.test(channel ?? '')
    ? channel
    : (str(params, 'user') ?? str(params, 'user_id') ?? str(params, 'users')?.split(',')[0]);
  if (channel && !/^[UW]/.test(channel)) {
    return holding((t) => state.workspace(t).channels.has(channel), 'channel_not_found');
  }
  if (user) return holding((t) => state.workspace(t).users.get(user)?.isBot === false, 'user_not_found');
  const viewTeam = state.views.get(str(params, 'view_id') ?? '')?.teamId;
  if (viewTeam && teams.includes(viewTeam)) return viewTeam;
  const triggerTeam = state.triggers.get(str(params, 'trigger_id') ?? '')?.teamId;
  if (triggerTeam && teams.includes(triggerTeam)) return triggerTeam;
  return { error: 'missing_argument' };
}

function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1]?.trim();
}

async function handleApi(
  deps: DispatchDeps,
  method: string,
  raw: string,
  query: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { state, faults, limiter, logger } = deps;
  const at = state.now();
  const started = performance.now();
  const parsed = parseParams(raw, req.headers['content-type'], query);
  const params = parsed.params;
  const authorization = req.headers.authorization;
  // Slack reads the token of a JSON body only from the Authorization header.
  const token = bearer(authorization) ?? (parsed.isJson ? undefined : str(params, 'token'));
  const orgId = token ? state.orgTokens.get(token) : undefined;
  const enterprise = orgId ? state.enterprises.get(orgId) : undefined;
  // An org-wide token acts in the workspace the call names; auth.test answers for the organization.
  const inOrg = enterprise && method !== 'auth.test' ? orgWorkspace(state, enterprise, params) : undefined;
  const knownTeam =
    typeof inOrg === 'string' ? inOrg : enterprise ? undefined : token ? state.tokens.get(token) : undefined;

  const finish = (
    status: number,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
    drop = false,
  ) => {
    const call: RecordedCall = { method, params, response: body, status, at, ms: performance.now() - started };
    if (knownTeam) call.teamId = knownTeam;
    if (orgId) call.enterpriseId = orgId;
    if (token) call.token = token;
    if (drop) call.dropped = true;
    state.calls.push(call);
    logger?.debug({ method, status, ok: body.ok, error: body.error, teamId: knownTeam }, 'emulator call');
    state.notify();
    if (drop) {
      req.socket.destroy();
      return;
    }
    send(res, status, body, headers);
  };

  if (parsed.error) return finish(200, { ok: false, error: parsed.error });
  const def = METHODS[method];
  if (!def) return finish(200, { ok: false, error: 'unknown_method', req_method: method });

  const fault = faults.take(method, knownTeam, params.channel);
  if (fault?.kind === 'latency') await sleep(fault.ms);
  if (fault?.kind === 'http5xx' && !fault.afterEffect)
    return finish(fault.status, { ok: false, error: 'internal_error' });
  if (fault?.kind === 'ratelimited') {
    return finish(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfterSec) });
  }
  const drop = fault?.kind === 'drop';

  const needsAuth = def.auth !== false;
  if (needsAuth) {
    if (!token) return finish(200, { ok: false, error: 'not_authed' }, {}, drop);
    if (!knownTeam && !enterprise) return finish(200, { ok: false, error: 'invalid_auth' }, {}, drop);
    if (state.revoked.has(token)) return finish(200, { ok: false, error: 'token_revoked' }, {}, drop);
    if (typeof inOrg === 'object') return finish(200, { ok: false, error: inOrg.error }, {}, drop);
    const expiresAt = state.tokenExpiry.get(token);
    if (expiresAt !== undefined && at >= expiresAt) {
      return finish(200, { ok: false, error: 'token_expired' }, {}, drop);
    }
    const limited = limiter.check(
      method,
      knownTeam ?? orgId ?? '',
      def.rateKeyParam ? str(params, def.rateKeyParam) : undefined,
    );
    if (!limited.ok) {
      return finish(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited.retryAfterSec) }, drop);
    }
  }

  const ctx: MethodContext = {
    state,
    params,
    ws:
      needsAuth && (knownTeam ?? enterprise?.seed.teamIds[0])
        ? state.workspace(knownTeam ?? enterprise?.seed.teamIds[0] ?? '')
        : (undefined as unknown as MethodContext['ws']),
    token,
    ...(enterprise && !knownTeam ? { enterprise } : {}),
    authorization,
    baseUrl: deps.baseUrl(),
    oauth: deps.oauth,
  };
  const scopeHeaders: Record<string, string> = needsAuth ? { 'x-oauth-scopes': BOT_SCOPES } : {};
  try {
    const result = def.handler(ctx);
    // Done, then failed anyway: the caller cannot tell whether the call took effect.
    if (fault?.kind === 'http5xx') return finish(fault.status, { ok: false, error: 'internal_error' });
    return finish(200, { ok: true, ...result }, scopeHeaders, drop);
  } catch (err) {
    if (err instanceof SlackApiError) {
      return finish(200, { ok: false, error: err.code, ...err.extra }, scopeHeaders, drop);
    }
    logger?.error({ err, method }, 'emulator: handler crashed');
    return finish(500, { ok: false, error: 'internal_error' }, {}, drop);
  }
}
