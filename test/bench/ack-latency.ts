/**
 * Ack latency under load: signed `/delegate <text>` at fixed open-loop rates against Baton and
 * against a bare Bolt app that only acks, each in a process of its own, the load generator in a
 * third, with Postgres, Redis and the emulator behind Baton. Baton runs two ways, each measured
 * beside the baseline: as scaled out (README, "Scaling out": `--role web` and `--role worker`, the
 * web process only acking and storing commands, docs/architecture.md, "The request path"), and as
 * `npm start` runs it (web and worker in one process, acks sharing its event loop with all the
 * work). Targets (issue 14): p99 within 1.3× of bare Bolt at 200/s; no request over 3 s at 500/s.
 *
 * Knobs: BENCH_SECONDS (20) per rate, BENCH_ACK_RATES ("50,200,500"), BENCH_ACK_MODES
 * ("split,all": which ways Baton runs).
 */
import type { Bench } from './support/bench';
import { type Child, spawnScript } from './support/children';
import { commandLoad } from './support/commands';
import { knob, SIGNING_SECRET } from './support/env';
import { type Row, row } from './support/table';
import { startWorld } from './support/world';

type Mode = 'split' | 'all';
const MODE_LABEL: Record<Mode, string> = { split: 'web+worker', all: 'one process' };

export const ackLatency: Bench = {
  name: 'ack',
  title: 'ack latency of /delegate under open-loop load, Baton vs bare Bolt',
  async run(log) {
    const modes = (process.env.BENCH_ACK_MODES ?? 'split,all').split(',') as Mode[];
    const rows: Row[] = [];
    for (const mode of modes) {
      log(`  Baton as ${MODE_LABEL[mode]}:`);
      rows.push(...(await measure(mode, log)));
    }
    return rows;
  },
};

async function measure(mode: Mode, log: (line: string) => void): Promise<Row[]> {
  const seconds = knob('BENCH_SECONDS', 20);
  const rates = (process.env.BENCH_ACK_RATES ?? '50,200,500').split(',').map(Number);
  // Every capture's events are delivered paced per workspace like a send (4/s by default): with the
  // emulator's limits off, the pace is lifted too, so the worker drains what the commands cause
  // while the web server acks the next ones.
  const world = await startWorld('ack', {
    emulator: { rateLimits: false },
    env: { SLACK_SENDS_PER_SECOND: '1000' },
  });
  let bare: Child | undefined;
  try {
    const baton = await world.start(mode === 'split' ? 'web' : 'all');
    const worker = mode === 'split' ? await world.start('worker') : undefined;
    bare = spawnScript('bare Bolt', 'test/bench/support/bare-bolt.ts', [], { SIGNING_SECRET });
    const bareUrl = String(
      ((await bare.waitForLine((_, json) => typeof json?.url === 'string')) as { url: string }).url,
    );
    await world.drained(60_000); // the directory sync at start-up
    // Warm both up (JIT, pools, connections) before anything is measured.
    await commandLoad(world.emulator, baton.url, 50, 2);
    await commandLoad(world.emulator, bareUrl, 50, 2);
    await world.drained(120_000);
    const rows: Row[] = [];
    for (const rate of rates) {
      // CPU per command, all it caused included: Baton's web process and its worker from the first
      // command until the queue drained, bare Bolt's over its run.
      const commands = rate * seconds;
      const batonCpu = async () => [await baton.cpuMs(), (await worker?.cpuMs()) ?? 0] as const;
      const batonBefore = await batonCpu();
      const b = await commandLoad(world.emulator, baton.url, rate, seconds);
      // Baton's work after the ack (the captures, their events, the replies) finishes before the baseline runs.
      await world.drained(600_000);
      const batonAfter = await batonCpu();
      const webCpu = (batonAfter[0] - batonBefore[0]) / commands;
      const workerCpu = (batonAfter[1] - batonBefore[1]) / commands;
      const bareBefore = await bare.cpuMs();
      const r = await commandLoad(world.emulator, bareUrl, rate, seconds);
      const bareCpu = ((await bare.cpuMs()) - bareBefore) / commands;
      const cpu = mode === 'split' ? `web ${webCpu.toFixed(2)} + worker ${workerCpu.toFixed(2)}` : webCpu.toFixed(2);
      log(
        `  ${rate}/s × ${seconds} s: Baton p50 ${b.p50.toFixed(1)} p99 ${b.p99.toFixed(1)} max ${b.max.toFixed(0)} ms, ` +
          `${b.errors} errors ${JSON.stringify(b.statuses)}; bare p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ` +
          `max ${r.max.toFixed(0)} ms, ${r.errors} errors; generator late by ≤ ${Math.max(b.lateMs, r.lateMs).toFixed(0)} ms; ` +
          `CPU per command: Baton ${cpu} ms, bare ${bareCpu.toFixed(2)} ms`,
      );
      const figure = (what: string) => `${MODE_LABEL[mode]}: ${rate}/s ${what}`;
      const base = { bench: 'ack', unit: 'ms', baselineLabel: 'bare Bolt' };
      rows.push(
        row({ ...base, figure: figure('p50'), baton: b.p50, baseline: r.p50 }),
        row({
          ...base,
          figure: figure('p99'),
          baton: b.p99,
          baseline: r.p99,
          ...(rate === 200 ? { target: '≤ 1.3× bare', met: b.p99 <= 1.3 * r.p99 } : {}),
        }),
        row({
          ...base,
          figure: figure('max'),
          baton: b.max,
          baseline: r.max,
          ...(rate === 500 ? { target: '< 3000 ms', met: b.max < 3000 && b.errors === 0 } : {}),
        }),
        row({
          ...base,
          figure: figure('errors'),
          unit: '',
          baton: b.errors,
          baseline: r.errors,
          target: '0',
          met: b.errors === 0,
        }),
        row({
          ...base,
          figure: figure(mode === 'split' ? 'CPU per command (web)' : 'CPU per command'),
          baton: webCpu,
          baseline: bareCpu,
        }),
        ...(mode === 'split'
          ? [row({ bench: 'ack', unit: 'ms', figure: figure('CPU per command (worker)'), baton: workerCpu })]
          : []),
      );
    }
    await baton.stop();
    return rows;
  } finally {
    await bare?.stop();
    await world.close();
  }
}
