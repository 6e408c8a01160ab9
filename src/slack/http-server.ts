import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger';

export const SLACK_EVENTS_PATH = '/slack/events';

export type HttpMethod = 'GET' | 'POST' | 'HEAD' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** One path (or, with `prefix`, every path under it) and what each method does there. */
export interface Route {
  path: string;
  prefix?: boolean;
  methods: Partial<Record<HttpMethod, RequestHandler>>;
}

/**
 * Baton's HTTP server: exact routes, 404 for any other path, 405 (with Allow) for any other
 * method. Whatever a handler throws is logged and answered, never left to stop the process: a
 * public endpoint is reached by scanners and crawlers too.
 */
export function createHttpServer(options: { logger: Logger; routes: () => readonly Route[] }): Server {
  const { logger } = options;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = options.routes().find((r) => r.path === path || (r.prefix === true && path.startsWith(`${r.path}/`)));
    if (!route) return sendText(res, 404, 'not found');
    const handler = route.methods[req.method as HttpMethod];
    if (!handler) {
      return sendText(res, 405, 'method not allowed', { allow: Object.keys(route.methods).join(', ') });
    }
    const fail = (err: unknown) => {
      logger.error({ err, method: req.method, path }, 'an HTTP request failed');
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    };
    try {
      Promise.resolve(handler(req, res)).catch(fail);
    } catch (err) {
      fail(err);
    }
  });
  // Longer than the idle timeout of load balancers (60 s) and clients (undici: 4 s), so Baton never
  // closes a kept-alive connection just as the other side sends on it.
  server.keepAliveTimeout = 65_000;
  // Slack's requests are small and quick: a client that trickles one in is cut off.
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  return server;
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
