import { createServer } from 'node:net';
import { Client } from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { tickJobId } from '../../src/queue/jobs';
import { startTestBaton, testQueuePrefix } from '../support/baton';
import { createScratchDatabase } from '../support/database';
import { runBaton, runProcess } from '../support/processes';

describe('npm run tick', () => {
  it('enqueues a tick for the given instant, which the running worker processes', async () => {
    const { baton, logs } = await startTestBaton();
    const at = '2026-12-01T09:00:00.000Z';
    const cli = runProcess('npm', ['run', '--silent', 'tick', '--', '--at', at], {
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: baton.config.queuePrefix,
    });
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain(`enqueued ${tickJobId(new Date(at))} for ${at}`);

    const job = await baton.queue.getJob(tickJobId(new Date(at)));
    expect(job).toBeDefined();
    await expect.poll(() => job?.getState(), { timeout: 10_000 }).toBe('completed');
    const finished = await baton.queue.getJob(tickJobId(new Date(at)));
    expect(finished?.returnvalue).toMatchObject({ at });
    expect(logs.some((l) => l.msg === 'tick' && l.at === at)).toBe(true);
  });

  it('refuses an instant that is not ISO-8601, enqueuing nothing', async () => {
    const prefix = testQueuePrefix();
    const cli = runProcess('npm', ['run', '--silent', 'tick', '--', '--at', 'next tuesday'], {
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: prefix,
    });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('--at must be an ISO-8601 instant');
  });
});

describe('start-up and shutdown of real processes', () => {
  it('two processes starting at once on an empty database migrate once, then stop cleanly on SIGTERM', async () => {
    const scratch = await createScratchDatabase(inject('adminDatabaseUrl'));
    onTestFinished(() => scratch.drop());
    const env = {
      DATABASE_URL: scratch.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: testQueuePrefix(),
      PORT: '0',
    };
    const baton = [runBaton([], env), runBaton([], env)];

    await Promise.all(baton.map((p) => p.waitForLog((l) => l.msg === 'Baton is running')));

    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    const { rows } = await client.query<{ name: string; count: string }>(
      'select name, count(*) as count from kysely_migration group by name',
    );
    await client.end();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.count === '1')).toBe(true);
    const applied = baton.map((p) => (p.output().match(/"msg":"migration applied"/g) ?? []).length);
    expect(applied.sort()).toEqual([0, rows.length]);

    for (const p of baton) p.kill('SIGTERM');
    expect(await Promise.all(baton.map((p) => p.exited))).toEqual([0, 0]);
    for (const p of baton) expect(p.output()).toContain('"msg":"stopped"');
  });

  it('without Slack credentials prints the sandbox page’s address first and serves the page there', async () => {
    const scratch = await createScratchDatabase(inject('adminDatabaseUrl'));
    onTestFinished(() => scratch.drop());
    const port = await freePort();
    const baton = runBaton([], {
      DATABASE_URL: scratch.url,
      REDIS_URL: inject('redisUrl'),
      QUEUE_PREFIX: testQueuePrefix(),
      PORT: String(port),
    });
    await baton.waitForLog((l) => l.msg === 'Baton is running');
    expect(baton.output().split('\n')[0]).toBe(`Baton sandbox: open http://localhost:${port}/sandbox`);
    const page = await fetch(`http://localhost:${port}/sandbox`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Baton sandbox</title>');
    baton.kill('SIGTERM');
    expect(await baton.exited).toBe(0);
  });

  it('stops with one clear line naming a malformed variable', async () => {
    const p = runBaton([], { DATABASE_URL: 'mysql://nope', PORT: '0' });
    expect(await p.exited).toBe(1);
    expect(p.output().trim()).toBe('Invalid configuration: DATABASE_URL must be a postgres:// URL');
  });
});

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
