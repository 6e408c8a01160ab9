import type { IncomingMessage } from 'node:http';

/**
 * The largest body Baton reads. Slack's biggest real payloads are form submissions and clicks
 * carrying a whole view (at most 250 KB of JSON, URL-encoded in a form field) or a message (40,000
 * characters of text and 50 blocks): a megabyte holds them, and nothing larger is read at all.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

/** Reads the whole body, refusing (before reading it) one that says or turns out to be over `limit`. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLarge(`${declared} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume(); // drain the rest unread, so the 413 can still be written
        reject(new BodyTooLarge(`over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export type ParsedBody = { ok: true; body: unknown } | { ok: false; reason: string };

/**
 * A Slack request body as data: JSON for the Events API, a form for commands, and a form whose
 * `payload` field holds JSON for interactivity (as Bolt reads them).
 */
export function parseSlackBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  const text = raw.toString('utf8');
  try {
    if ((contentType ?? '').toLowerCase().includes('application/json')) return { ok: true, body: JSON.parse(text) };
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload !== null) return { ok: true, body: JSON.parse(payload) };
    return { ok: true, body: Object.fromEntries(form) };
  } catch {
    return { ok: false, reason: 'the body is not valid JSON' };
  }
}
