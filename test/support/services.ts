import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { onTestFinished } from 'vitest';

/**
 * Services of a test's own, on ports of their own: a test that stops, restarts or floods Redis or
 * Postgres never touches the shared ones other tests run against at the same time.
 */

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface OwnRedis {
  url: string;
  start(): Promise<void>;
  /** SIGKILL: Redis vanishes as in a crash. */
  kill(): Promise<void>;
}

/** A redis-server on `port` (not started yet), killed when the test finishes. */
export function ownRedis(port: number): OwnRedis {
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const kill = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  onTestFinished(kill);
  return {
    url,
    kill,
    async start() {
      child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--maxmemory-policy',
          'noeviction',
        ],
        { stdio: 'ignore' },
      );
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {}); // refused until the server is up: that is what is being waited for
      try {
        for (let i = 0; i < 100; i++) {
          if (
            await probe.connect().then(
              () => probe.ping(),
              () => null,
            )
          )
            return;
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error(`redis-server did not start on port ${port}`);
      } finally {
        probe.disconnect();
      }
    },
  };
}

export interface OwnPostgres {
  port: number;
  /** A URL on this cluster (user postgres, trust auth) for `database`. */
  url(database: string): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function postgresBin(tool: string): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort().pop();
  if (!version) throw new Error('no PostgreSQL installation under /usr/lib/postgresql');
  return path.join(root, version, 'bin', tool);
}

/** initdb refuses to run as root: the cluster belongs to the postgres user, as the shared one does. */
function asPostgres(tool: string, args: string[]): void {
  const command =
    process.getuid?.() === 0
      ? ['runuser', '-u', 'postgres', '--', postgresBin(tool), ...args]
      : [postgresBin(tool), ...args];
  execFileSync(command[0] as string, command.slice(1), { stdio: 'ignore' });
}

/** A PostgreSQL cluster of its own, initialised (not started) in a temporary folder, removed when the test finishes. */
export function ownPostgres(port: number): OwnPostgres {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-pg-'));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  asPostgres('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  let running = false;
  const stop = async () => {
    if (!running) return;
    running = false;
    asPostgres('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
  };
  onTestFinished(async () => {
    await stop();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    async start() {
      asPostgres('pg_ctl', [
        '-D',
        dir,
        '-w',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
        '-l',
        path.join(dir, 'log'),
        'start',
      ]);
      running = true;
    },
  };
}
