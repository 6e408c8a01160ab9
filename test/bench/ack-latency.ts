/**
 * Ack latency under load: signed `/delegate <text>` at fixed open-loop rates against Baton (web
 * and worker in one process, as `npm start` runs it, with Postgres, Redis and the emulator behind
 * it) and against a bare Bolt app that only acks, each in a process of its own, the load generator
 * in a third. Targets (issue 14): p99 within 1.3× of bare Bolt at 200/s; no request over 3 s at
 * 500/s.
 *
 * Knobs: BENCH_SECONDS (20) per rate, BENCH_ACK_RATES ("50,200,500"), BENCH_ACK_SPLIT (1: Baton as
 * `--role web` and `--role worker` processes instead of one).
 */
import type { Bench } from './support/bench';
import { type Child, spawnScript } from './support/children';
import { commandLoad } from './support/commands';
import { knob, SIGNING_SECRET } from './support/env';
import { type Row, row } from './support/table';
import { startWorld } from './support/world';

export const ackLatency: Bench = {
  name: 'ack',
  title: 'ack latency of /delegate under open-loop load, Baton vs bare Bolt',
  async run(log) {
    const seconds = knob('BENCH_SECONDS', 20);
    const rates = (process.env.BENCH_ACK_RATES ?? '50,200,500').split(',').map(Number);
    // Every capture enqueues a delivery of its event, paced per workspace like a send (4/s by
    // default): with the emulator's limits off, the pace is lifted too, so the worker drains what
    // the commands enqueue, at the same time as the web server acks the next ones.
    const world = await startWorld('ack', {
      emulator: { rateLimits: false },
      env: { SLACK_SENDS_PER_SECOND: '1000' },
    });
    let bare: Child | undefined;
    try {
      // BENCH_ACK_SPLIT=1: the web server in a process of its own, the worker in another.
      const split = process.env.BENCH_ACK_SPLIT === '1';
      const baton = await world.start(split ? 'web' : 'all');
      const worker = split ? await world.start('worker') : undefined;
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
        // CPU per command, all it caused included: Baton's web process and (split) its worker from the
        // first command until the queue drained, bare Bolt's over its run.
        const commands = rate * seconds;
        const batonCpu = async () => [await baton.cpuMs(), (await worker?.cpuMs()) ?? 0] as const;
        const batonBefore = await batonCpu();
        const b = await commandLoad(world.emulator, baton.url, rate, seconds);
        // Baton's work after the ack (the tasks, their events, the replies) finishes before the baseline runs.
        await world.drained(600_000);
        const batonAfter = await batonCpu();
        const webCpu = (batonAfter[0] - batonBefore[0]) / commands;
        const workerCpu = (batonAfter[1] - batonBefore[1]) / commands;
        const bareBefore = await bare.cpuMs();
        const r = await commandLoad(world.emulator, bareUrl, rate, seconds);
        const bareCpu = ((await bare.cpuMs()) - bareBefore) / commands;
        log(
          `  ${rate}/s × ${seconds} s: Baton p50 ${b.p50.toFixed(1)} p99 ${b.p99.toFixed(1)} max ${b.max.toFixed(0)} ms, ` +
            `${b.errors} errors ${JSON.stringify(b.statuses)}; bare p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ` +
            `max ${r.max.toFixed(0)} ms, ${r.errors} errors; generator late by ≤ ${Math.max(b.lateMs, r.lateMs).toFixed(0)} ms; ` +
            `CPU per command: Baton ${split ? `web ${webCpu.toFixed(2)} + worker ${workerCpu.toFixed(2)}` : webCpu.toFixed(2)} ms, bare ${bareCpu.toFixed(2)} ms`,
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
            figure: `${rate}/s CPU per command${split ? ' (web)' : ''}`,
            baton: webCpu,
            baseline: bareCpu,
          }),
          ...(split ? [row({ ...base, figure: `${rate}/s CPU per command (worker)`, baton: workerCpu })] : []),
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
    }
  },
};
