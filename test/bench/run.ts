/**
 * `npm run bench [-- <name>…]`: each bench beside its baseline, measured in the same run on this
 * machine; never part of `npm test`. Prints one table and writes it, with the machine it came
 * from, to bench-results/latest.json (and latest.md, the README's Performance table).
 *
 * Benches: ack (ack latency under load), fanout (fan-out against Slack's limits), data (the
 * queries at scale), scaleout (1, 2, 4 workers), memory, jobs (job overhead). Knobs, for short runs
 * while developing (see each bench's file): BENCH_SECONDS, BENCH_ACK_RATES, BENCH_ACK_MODES,
 * BENCH_WORKSPACES, BENCH_LEADS, BENCH_SENDS_PER_SECOND, BENCH_SCALE_LEADS, BENCH_SCALE_WORKERS,
 * BENCH_DATA_TASKS, BENCH_QUERY_RUNS, BENCH_JOBS, BENCH_PROMPT_JOBS; BENCH_PROFILE_DIR writes a CPU
 * profile of every child process.
 *
 * Needs the local Postgres and Redis (as the tests do); drops its databases and deletes its keys.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { ackLatency } from './ack-latency';
import { dataAtScale } from './data-at-scale';
import { fanOut } from './fan-out';
import { jobOverhead } from './job-overhead';
import { memory } from './memory';
import { scaleOut } from './scale-out';
import type { Bench } from './support/bench';
import { killAll } from './support/children';
import { adminUrl, redisUrl } from './support/env';
import { formatMarkdown, formatTable, type Row, writeJson } from './support/table';

const BENCHES: Bench[] = [ackLatency, fanOut, dataAtScale, scaleOut, memory, jobOverhead];

async function machine(): Promise<Record<string, string>> {
  const pg = new Client({ connectionString: adminUrl });
  await pg.connect();
  const { rows } = await pg.query<{ server_version: string }>('show server_version');
  await pg.end();
  const redis = new Redis(redisUrl);
  const info = await redis.info('server');
  redis.disconnect();
  return {
    date: new Date().toISOString(),
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    nproc: execFileSync('nproc').toString().trim(),
    ram: `${(totalmem() / 2 ** 30).toFixed(1)} GB (${(freemem() / 2 ** 30).toFixed(1)} GB free)`,
    node: process.version,
    postgres: rows[0]?.server_version ?? '?',
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? '?',
    loadAverage: loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length > 0) {
    throw new Error(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.map((b) => b.name).join(', ')}`);
  }
  const chosen = wanted.length === 0 ? BENCHES : BENCHES.filter((b) => wanted.includes(b.name));
  const onMachine = await machine();
  console.log(
    `Machine: ${Object.entries(onMachine)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}`,
  );
  const rows: Row[] = [];
  const failed: string[] = [];
  // Written after every bench, so a run cut short still leaves what it measured.
  const save = async () => {
    await writeJson('bench-results/latest.json', {
      machine: onMachine,
      benches: chosen.map((b) => b.name),
      failed,
      rows,
    });
    await writeFile('bench-results/latest.md', `${formatMarkdown(rows)}\n`);
  };
  for (const bench of chosen) {
    const started = performance.now();
    console.log(`\n${bench.name}: ${bench.title}`);
    try {
      rows.push(...(await bench.run((line) => console.log(line))));
    } catch (err) {
      failed.push(bench.name);
      console.error(`${bench.name} failed:`, err);
      await killAll();
    }
    console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    await save();
  }
  console.log(`\n${formatTable(rows)}`);
  console.log('\nWritten to bench-results/latest.json');
  if (failed.length > 0) {
    console.error(`Failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void killAll().then(() => process.exit(130)));
}
main()
  .catch(async (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => killAll());
