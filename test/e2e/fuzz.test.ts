import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { closeDb, createDb } from '../../src/db/database';
import { createProducerConnection } from '../../src/queue/connections';
import { createProducer } from '../../src/queue/producer';
import { DEMO, SlackDriver, startEmulator } from '../../src/sandbox';
import { SIGNING_SECRET, testQueuePrefix } from '../support/baton';
import { queueDrained } from '../support/chaos';
import { createScratchDatabase } from '../support/database';
import { Fuzzer, type FuzzRequest, renderedText } from '../support/fuzz';
import { runBaton } from '../support/processes';

/** Same seed, same requests: set FUZZ_SEED to replay a failure. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const REQUESTS = 2_500;
const CONCURRENCY = 8;

const PING = /<!(channel|here|everyone)(\|[^>]*)?>/;

interface Outcome {
  request: FuzzRequest;
  status: number;
  ms: number;
}

describe('hostile requests from a seed', () => {
  it(`${REQUESTS} of them: the process never exits, no 5xx, every answer within 3 s, no ping, no row for a stranger`, async () => {
    const emulator = await startEmulator({ rateLimits: false });
    onTestFinished(() => emulator.close());
    const database = await createScratchDatabase(inject('adminDatabaseUrl'), inject('templateDatabase'));
    onTestFinished(() => database.drop());
    const prefix = testQueuePrefix();
    const baton = runBaton([], {
      PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: prefix,
      SLACK_API_URL: emulator.apiUrl,
      SLACK_BOT_TOKEN: DEMO.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_SENDS_PER_SECOND: '50',
    });
    const running = await baton.waitForLog((l) => l.msg === 'Baton is running');
    const url = String(running.url);
    const slack = new SlackDriver({ emulator, appUrl: url, signingSecret: SIGNING_SECRET });

    // Some real tasks, so that ids in the fuzzed payloads often name something that exists.
    const { lena, marcus } = DEMO.users;
    await emulator.waitForCall((c) => c.method === 'users.list');
    for (const text of [
      'Order chairs',
      `Write memo <@${marcus}>`,
      `Book venue <@${marcus}> <#${DEMO.channels.general}>`,
    ]) {
      await slack.command({ user: lena, text });
    }
    await emulator.waitFor((m) => m.dmUser === marcus && /Book venue/.test(m.text));

    const fuzzer = new Fuzzer(SEED, emulator, SIGNING_SECRET);
    const requests = Array.from({ length: REQUESTS }, () => fuzzer.next());
    const outcomes: Outcome[] = [];
    let next = 0;
    const send = async () => {
      while (next < requests.length) {
        const request = requests[next++] as FuzzRequest;
        const started = performance.now();
        const res = await fetch(`${url}${request.path}`, {
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body }),
        });
        await res.arrayBuffer();
        outcomes.push({ request, status: res.status, ms: performance.now() - started });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, send));

    // Whatever the requests started is done before anything is looked at.
    const connection = createProducerConnection(inject('redisUrl'));
    const queue = createProducer(connection, prefix);
    onTestFinished(async () => {
      await queue.close();
      connection.disconnect();
    });
    await queueDrained(queue);

    const describe = (o: Outcome) => `${o.status} ${Math.round(o.ms)} ms ${o.request.label}`;
    expect(baton.child.exitCode).toBeNull();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(outcomes).toHaveLength(REQUESTS);
    expect(outcomes.filter((o) => o.status >= 500).map(describe)).toEqual([]);
    expect(outcomes.filter((o) => o.ms >= 3_000).map(describe)).toEqual([]);
    // The fuzz reached the app, not only its gates.
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(REQUESTS / 3);
    expect(outcomes.filter((o) => o.status === 400).length).toBeGreaterThan(REQUESTS / 20);

    const pings = emulator.calls.flatMap((c) =>
      renderedText(c.params)
        .filter((s) => PING.test(s))
        .map((s) => `${c.method}: ${s.slice(0, 200)}`),
    );
    expect(pings).toEqual([]);

    const lines = baton.output().split('\n');
    const errors = lines
      .filter((l) => /"level":(50|60)/.test(l))
      .map((l) => {
        const line = JSON.parse(l) as { msg?: string; err?: { message?: string } };
        return `${line.msg}: ${line.err?.message ?? ''}`;
      });
    expect([...new Set(errors)]).toEqual([]);

    const db = createDb(database.url);
    try {
      const members = new Set<string>(emulator.workspace(DEMO.teamId).users.keys());
      for (const table of [
        'tasks',
        'task_events',
        'users',
        'checkins',
        'deliveries',
        'pending_captures',
        'processed_requests',
        'workspaces',
      ] as const) {
        const teams = await db.selectFrom(table).select('team_id').distinct().execute();
        const strangers = teams.map((r) => r.team_id).filter((team) => team !== DEMO.teamId);
        expect({ table, strangers }).toEqual({ table, strangers: [] });
      }
      const users = await db.selectFrom('users').select('user_id').execute();
      expect(users.map((r) => r.user_id).filter((id) => !members.has(id))).toEqual([]);
      const leads = await db.selectFrom('tasks').select(['lead_id', 'owner_id']).execute();
      const humans = new Set<string>(
        Object.values(DEMO.users).filter((id) => id !== DEMO.users.former && id !== DEMO.users.otherBot),
      );
      expect(leads.filter((t) => !humans.has(t.lead_id) || (t.owner_id !== null && !humans.has(t.owner_id)))).toEqual(
        [],
      );
    } finally {
      await closeDb(db);
    }
  });
});
