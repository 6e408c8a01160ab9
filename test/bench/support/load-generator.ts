/**
 * The ack bench's load generator, a process of its own: signed `/delegate` requests at a fixed
 * open-loop rate. Request i is due at start + i/rate whatever became of the ones before it, so a
 * slow answer never lowers the rate, and its latency is counted from when it was due (a late
 * start counts against the server, as it would for Slack). Keep-alive connections, as Slack's.
 *
 * Input (env): TARGET_URL, RATE (per second), SECONDS, SIGNING_SECRET, BODIES_FILE (a JSON array of
 * form-field objects to cycle through; each request gets a fresh trigger_id). Output: one JSON line
 * `{ latencies, errors, statuses, lateMs }`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const target = new URL(process.env.TARGET_URL ?? '');
const rate = Number(process.env.RATE);
const seconds = Number(process.env.SECONDS);
const secret = process.env.SIGNING_SECRET ?? '';
const bodies = JSON.parse(readFileSync(process.env.BODIES_FILE ?? '', 'utf8')) as Array<Record<string, string>>;
const TIMEOUT_MS = 10_000;

// As many connections as the requests in flight need, as Slack opens them.
const agent = new Agent({ keepAlive: true });
const total = Math.round(rate * seconds);
const latencies: number[] = [];
const statuses: Record<string, number> = {};
let errors = 0;
let finished = 0;
let lateMs = 0;

function send(i: number, dueAt: number): void {
  const fields = { ...bodies[i % bodies.length], trigger_id: triggerId() };
  const body = new URLSearchParams(fields).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const req = request(
    target,
    {
      method: 'POST',
      agent,
      timeout: TIMEOUT_MS,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature,
      },
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        const status = String(res.statusCode);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (res.statusCode === 200) latencies.push(performance.now() - dueAt);
        else errors++;
        done();
      });
    },
  );
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (err) => {
    statuses[err.message] = (statuses[err.message] ?? 0) + 1;
    errors++;
    done();
  });
  req.end(body);
}

function triggerId(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(6).readUIntBE(0, 6)}.${randomBytes(16).toString('hex')}`;
}

function done(): void {
  finished++;
  if (finished === total) {
    process.stdout.write(`${JSON.stringify({ latencies, errors, statuses, lateMs })}\n`);
    agent.destroy();
  }
}

const start = performance.now() + 100;
let next = 0;
function fire(): void {
  const now = performance.now();
  while (next < total) {
    const dueAt = start + (next * 1000) / rate;
    if (dueAt > now) break;
    lateMs = Math.max(lateMs, now - dueAt);
    send(next, dueAt);
    next++;
  }
  if (next < total) setTimeout(fire, Math.max(0, start + (next * 1000) / rate - performance.now()));
}
setTimeout(fire, 100);
