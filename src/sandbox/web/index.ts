import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Job } from 'bullmq';
import type { ZodType } from 'zod';
import type { Deps } from '../../app/deps';
import { forgetWorkspace } from '../../app/forget-workspace';
import { zoneOf } from '../../domain/person';
import type { Logger } from '../../observability/logger';
import { tickInstant as instantOfTick, type TickJob } from '../../queue/jobs';
import type { Producer } from '../../queue/producer';
import { SlackDriver } from '../client';
import type { Emulator } from '../emulator/emulator';
import {
  type ActionContext,
  act,
  addFault,
  closeModal,
  jump,
  opened,
  Refused,
  requests,
  runCommand,
  say,
  submit,
} from './actions';
import type { SandboxClock } from './clock';
import { FAULT_KINDS, FAULT_METHODS, renderCalls, renderFaults } from './dev';
import { seedHistory } from './history';
import { peopleOf, renderScreen } from './screen';
import { shellHtml } from './shell';
import { LEAD, SANDBOX } from './workspace';

export { SandboxClock } from './clock';
export { SANDBOX, sandboxWorkspace } from './workspace';

export interface SandboxPageOptions {
  /** The emulator Baton talks to, seeded with the sandbox workspace. */
  emulator: Emulator;
  /** The clock Baton (deps.now) and the emulator share. */
  clock: SandboxClock;
  /** Baton's signing secret: the page's clicks reach Baton as Slack's signed requests. */
  signingSecret: string;
  /** Baton's use cases' dependencies: the seed and Reset run through the use cases. */
  deps: Deps;
  /** Baton's queue: the clock's jumps enqueue ticks; Reset empties it. */
  queue: Producer;
  logger: Logger;
}

export interface SandboxPage {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Seeds the workspace, then drives Baton at `appUrl` (its /slack/events). */
  start(appUrl: string): Promise<void>;
  /**
   * The instant a tick job stands for in the sandbox: the one it carries (a jump), else the
   * sandbox's now. Waits while the workspace is being reset, so a tick never sees half of it.
   */
  tickInstant(job: Job<TickJob>): Promise<Date>;
  close(): Promise<void>;
}

const CLIENT_FILES: Record<string, { file: string; type: string }> = {
  '/sandbox/app.js': { file: 'client/app.js', type: 'text/javascript; charset=utf-8' },
  '/sandbox/app.css': { file: 'client/app.css', type: 'text/css; charset=utf-8' },
};
const MAX_BODY = 256 * 1024;
const HEARTBEAT_MS = 20_000;
const CHANGE_DEBOUNCE_MS = 60;
/** Nothing is loaded from elsewhere: the page works offline, and a link in a message opens in a new tab. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * The sandbox page: Baton in a browser without a Slack workspace. It shows the emulator's
 * workspace as each person sees it and turns clicks into the signed requests Slack would send.
 */
export function createSandboxPage(options: SandboxPageOptions): SandboxPage {
  const { emulator, clock, deps, queue } = options;
  const logger = options.logger.child({ component: 'sandbox-page' });
  const teamId = SANDBOX.teamId;
  const files = Object.fromEntries(
    Object.entries(CLIENT_FILES).map(([path, f]) => [
      path,
      { body: readFileSync(new URL(f.file, import.meta.url)), type: f.type },
    ]),
  );
  const streams = new Set<ServerResponse>();
  let driver: SlackDriver | undefined;
  let version = 0;
  let resetting = false;
  let markStarted: () => void = () => {};
  /** Settles when the workspace is ready: after the first seed, then after each Reset. */
  let settled: Promise<void> = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  let changeTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const changed = () => {
    version += 1;
    changeTimer ??= setTimeout(() => {
      changeTimer = undefined;
      for (const res of streams) res.write(`event: change\ndata: ${version}\n\n`);
    }, CHANGE_DEBOUNCE_MS);
  };
  const unsubscribe = emulator.onChange(changed);
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': still here\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const context = (): ActionContext => {
    if (!driver) throw new Refused('The sandbox is starting; try again in a moment.');
    return { emulator, driver, teamId, clock, deps, queue };
  };

  /** Back to the seed: Baton's queue and rows for the workspace, the emulator, the clock; then three weeks replayed. */
  const reset = (): Promise<void> => {
    const run = (async () => {
      resetting = true;
      changed();
      try {
        await emptyQueue(queue);
        clock.backToRealTime();
        emulator.reset();
        await forgetWorkspace(deps, teamId);
        await seedHistory({ deps, emulator, clock }, clock.now());
      } finally {
        resetting = false;
        changed();
      }
    })();
    settled = run.catch(() => {});
    return run;
  };

  const post: Record<string, (body: unknown) => Promise<unknown>> = {
    command: (b) => runCommand(context(), parse(requests.command, b)),
    say: (b) => say(context(), parse(requests.say, b)),
    action: (b) => act(context(), parse(requests.action, b)),
    submit: (b) => submit(context(), parse(requests.submit, b)),
    close: (b) => closeModal(context(), parse(requests.close, b)),
    opened: (b) => opened(context(), parse(requests.opened, b)),
    jump: async (b) => ({ at: (await jump(context(), parse(requests.jump, b))).toISOString() }),
    fault: async (b) => addFault(context(), parse(requests.fault, b)),
    unfault: async (b) => emulator.faults.remove(parse(requests.unfault, b).id),
    reset: async () => reset(),
  };

  const screenJson = (url: URL) => {
    const people = peopleOf(emulator, teamId);
    const wanted = url.searchParams.get('as');
    const as = people.find((p) => p.id === wanted)?.id ?? SANDBOX.users[LEAD];
    const me = people.find((p) => p.id === as);
    const screen = renderScreen(emulator, teamId, as, url.searchParams.get('place') ?? 'dm', clock.now());
    const dev =
      url.searchParams.get('dev') === '1'
        ? { calls: renderCalls(emulator.calls, zoneOf(me)), faults: renderFaults(emulator.faults.list()) }
        : undefined;
    return {
      version,
      resetting,
      clock: { nowMs: clock.nowMs(), aheadMs: clock.aheadMs },
      people,
      lead: SANDBOX.users[LEAD],
      screen,
      faultMethods: FAULT_METHODS,
      faultKinds: Object.entries(FAULT_KINDS).map(([value, k]) => ({ value, label: k.label })),
      ...(dev ? { dev } : {}),
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    if (path === '/') return redirect(res, '/sandbox');
    if (path === '/sandbox/') return redirect(res, '/sandbox');
    if (path === '/sandbox') return onlyGet(req, res, () => send(res, 200, 'text/html; charset=utf-8', shellHtml()));
    const file = files[path];
    if (file) return onlyGet(req, res, () => send(res, 200, file.type, file.body));
    if (path === '/sandbox/api/screen') return onlyGet(req, res, () => sendJson(res, 200, screenJson(url)));
    if (path === '/sandbox/api/stream') return onlyGet(req, res, () => openStream(req, res));
    const name = path.startsWith('/sandbox/api/') ? path.slice('/sandbox/api/'.length) : '';
    const run = Object.hasOwn(post, name) ? post[name] : undefined;
    if (!run) return sendJson(res, 404, { ok: false, error: 'not found' });
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { ok: false, error: 'send JSON' });
    }
    if (resetting) return sendJson(res, 409, { ok: false, error: 'The sandbox is being reset; one moment.' });
    try {
      const result = await run(await readJson(req));
      changed();
      sendJson(res, 200, { ok: true, ...(result && typeof result === 'object' ? result : {}) });
    } catch (err) {
      if (err instanceof Refused) return sendJson(res, 422, { ok: false, error: err.message });
      logger.error({ err, request: name }, 'a sandbox page request failed');
      sendJson(res, 500, { ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  };

  const openStream = (req: IncomingMessage, res: ServerResponse) => {
    // Shutting down: a stream opened now would hold the server open.
    if (closed) return sendJson(res, 503, { ok: false, error: 'Baton is stopping' });
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    });
    res.write(`retry: 1000\nevent: change\ndata: ${version}\n\n`);
    streams.add(res);
    req.on('close', () => streams.delete(res));
  };

  return {
    handle(req, res) {
      handle(req, res).catch((err: unknown) => {
        logger.error({ err }, 'the sandbox page failed a request');
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal error' });
        else res.destroy();
      });
    },
    async start(appUrl) {
      driver = new SlackDriver({ emulator, appUrl, signingSecret: options.signingSecret });
      try {
        await reset();
      } catch (err) {
        logger.error({ err }, 'could not seed the sandbox; it starts empty');
      } finally {
        markStarted();
      }
    },
    async tickInstant(job) {
      await settled;
      return job.data.at ? instantOfTick(job) : clock.now();
    },
    async close() {
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(changeTimer);
      for (const res of streams) res.end();
      streams.clear();
      markStarted();
    },
  };
}

/**
 * Reset empties Baton's queue: jobs of the old workspace must not run against the new one, and
 * finished jobs keep their ids (a prompt or tick for the same instant would be skipped). The tick
 * scheduler's next run stays.
 */
async function emptyQueue(queue: Producer): Promise<void> {
  const waiting = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
  for (const job of waiting) {
    if (job.repeatJobKey) continue;
    await job.remove().catch(() => {
      // Taken by the worker meanwhile: it finishes against the old state.
    });
  }
  await queue.clean(0, 100_000, 'completed');
  await queue.clean(0, 100_000, 'failed');
}

function parse<T>(schema: ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Refused(`Bad request: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Refused('That request is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        reject(new Refused('That request is not JSON.'));
      }
    });
    req.on('error', reject);
  });
}

function onlyGet(req: IncomingMessage, res: ServerResponse, then: () => void): void {
  if (req.method === 'GET' || req.method === 'HEAD') then();
  else methodNotAllowed(res, 'GET, HEAD');
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.writeHead(405, { ...SECURITY_HEADERS, allow, 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: false, error: 'method not allowed' }));
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { ...SECURITY_HEADERS, location });
  res.end();
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}
