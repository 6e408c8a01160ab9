/**
 * Ack latency under load: signed `/delegate <text>` at fixed open-loop rates against Baton (web
 * and worker in one process, as `npm start` runs it, with Postgres, Redis and the emulator behind
 * it) and against a bare Bolt app that only acks, each in a process of its own, the load generator
 * in a third. Targets (issue 14): p99 within 1.3× of bare Bolt at 200/s; no request over 3 s at
 * 500/s.
 *
 * Knobs: BENCH_SECONDS (20) per rate, BENCH_ACK_RATES ("50,200,500").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, type Emulator } from '../../src/sandbox';
import type { Bench } from './support/bench';
import { type Child, spawnScript } from './support/children';
import { knob, SIGNING_SECRET } from './support/env';
import { type Summary, summarize } from './support/stats';
import { type Row, row } from './support/table';
import { startWorld } from './support/world';

const LEADS = [DEMO.users.lena, DEMO.users.marcus, DEMO.users.yuki, DEMO.users.sofia, DEMO.users.arjun];
/** A response_url takes 5 posts; Baton answers each command once. */
const USES_PER_RESPONSE_URL = 4;

interface Outcome extends Summary {
  errors: number;
  statuses: Record<string, number>;
  lateMs: number;
}

/** The form fields of `count` commands (cycled through by the generator), each response_url used at most 4 times. */
function commandBodies(emulator: Emulator, count: number): Array<Record<string, string>> {
  const ws = emulator.workspace(DEMO.teamId);
  return Array.from({ length: Math.ceil(count / USES_PER_RESPONSE_URL) }, (_, i) => {
    const user = LEADS[i % LEADS.length] ?? DEMO.users.lena;
    const channel = emulator.openDm(DEMO.teamId, user);
    return {
      token: 'sandbox-verification-token',
      team_id: DEMO.teamId,
      team_domain: ws.team.domain,
      channel_id: channel,
      channel_name: 'directmessage',
      user_id: user,
      user_name: emulator.user(DEMO.teamId, user).name,
      command: '/delegate',
      text: `Draft the launch memo, part ${i + 1}, by Friday`,
      api_app_id: ws.appId,
      is_enterprise_install: 'false',
      response_url: emulator.newResponseUrl({ teamId: DEMO.teamId, channel, user }),
    };
  });
}

async function load(dir: string, emulator: Emulator, url: string, rate: number, seconds: number): Promise<Outcome> {
  const file = join(dir, `bodies-${rate}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify(commandBodies(emulator, Math.round(rate * seconds))));
  const generator = spawnScript('load generator', 'test/bench/support/load-generator.ts', [], {
    TARGET_URL: `${url}/slack/events`,
    RATE: String(rate),
    SECONDS: String(seconds),
    SIGNING_SECRET,
    BODIES_FILE: file,
  });
  try {
    const result = (await generator.waitForLine((_, json) => json !== undefined, seconds * 1000 + 60_000)) as {
      latencies: number[];
      errors: number;
      statuses: Record<string, number>;
      lateMs: number;
    };
    return { ...summarize(result.latencies), errors: result.errors, statuses: result.statuses, lateMs: result.lateMs };
  } finally {
    await generator.stop();
  }
}

export const ackLatency: Bench = {
  name: 'ack',
  title: 'ack latency of /delegate under open-loop load, Baton vs bare Bolt',
  async run(log) {
    const seconds = knob('BENCH_SECONDS', 20);
    const rates = (process.env.BENCH_ACK_RATES ?? '50,200,500').split(',').map(Number);
    const world = await startWorld('ack', { emulator: { rateLimits: false } });
    const dir = await mkdtemp(join(tmpdir(), 'baton-bench-'));
    let bare: Child | undefined;
    try {
      const baton = await world.start('all');
      bare = spawnScript('bare Bolt', 'test/bench/support/bare-bolt.ts', [], { SIGNING_SECRET });
      const bareUrl = String(
        ((await bare.waitForLine((_, json) => typeof json?.url === 'string')) as { url: string }).url,
      );
      await world.drained(60_000); // the directory sync at start-up
      // Warm both up (JIT, pools, connections) before anything is measured.
      await load(dir, world.emulator, baton.url, 50, 2);
      await load(dir, world.emulator, bareUrl, 50, 2);
      await world.drained(120_000, 0);
      const rows: Row[] = [];
      for (const rate of rates) {
        const b = await load(dir, world.emulator, baton.url, rate, seconds);
        // Baton's work after the ack (the tasks, their events, the replies) finishes before the baseline runs.
        await world.drained(300_000, 0);
        const r = await load(dir, world.emulator, bareUrl, rate, seconds);
        log(
          `  ${rate}/s × ${seconds} s: Baton p50 ${b.p50.toFixed(1)} p99 ${b.p99.toFixed(1)} max ${b.max.toFixed(0)} ms, ` +
            `${b.errors} errors ${JSON.stringify(b.statuses)}; bare p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ` +
            `max ${r.max.toFixed(0)} ms, ${r.errors} errors; generator late by ≤ ${Math.max(b.lateMs, r.lateMs).toFixed(0)} ms`,
        );
        const base = { bench: 'ack', unit: 'ms', baselineLabel: 'bare Bolt' };
        rows.push(
          row({ ...base, figure: `${rate}/s p50`, baton: b.p50, baseline: r.p50 }),
          row({
            ...base,
            figure: `${rate}/s p99`,
            baton: b.p99,
            baseline: r.p99,
            ...(rate === 200 ? { target: '≤ 1.3× bare', met: b.p99 <= 1.3 * r.p99 } : {}),
          }),
          row({
            ...base,
            figure: `${rate}/s max`,
            baton: b.max,
            baseline: r.max,
            ...(rate === 500 ? { target: '< 3000 ms', met: b.max < 3000 && b.errors === 0 } : {}),
          }),
          row({
            ...base,
            figure: `${rate}/s errors`,
            unit: '',
            baton: b.errors,
            baseline: r.errors,
            target: '0',
            met: b.errors === 0,
          }),
        );
      }
      await baton.stop();
      return rows;
    } finally {
      await bare?.stop();
      await world.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
