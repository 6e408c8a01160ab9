/**
 * The morning fan-out against Slack's limits: W workspaces × N leads, each lead due for a prompt,
 * one tick, Baton's worker (a `--role worker` process) sending through the emulator with 30 ms of
 * latency on every call and Slack's per-workspace, per-method and per-channel limits
 * (src/sandbox/emulator/rate-limits.ts). From the tick to the last prompt: wall time against the
 * lower bound those limits allow, 429s beyond the first per workspace, and duplicates.
 *
 * The bound: every prompt is one chat.postMessage into the lead's DM (no conversations.open: the
 * messenger posts to the user id), one per channel, so the per-channel limit never binds and the
 * workspace's chat.postMessage limit does: N posts at its steady rate r = perMinute / 60 per second,
 * the first second's r at once, take (⌈N / r⌉ − 1) s plus one round trip; the workspaces go in
 * parallel. (The emulator's 60 s window would also admit one burst of up to perMinute posts; Slack
 * documents only the steady rate, so that is the bound a sender that never draws a 429 can count
 * on.) Baton paces each workspace at SLACK_SENDS_PER_SECOND, set here to r
 * (BENCH_SENDS_PER_SECOND overrides).
 *
 * Knobs: BENCH_WORKSPACES (20, installed through OAuth; 1 runs on a bot token), BENCH_LEADS (500
 * per workspace).
 */
import { DEFAULT_RATE_LIMITS, DEMO } from '../../src/sandbox';
import type { Bench } from './support/bench';
import { knob } from './support/env';
import { seedLeads, timeFanOut } from './support/fan-out';
import { row } from './support/table';
import { benchWorkspaces, installEverywhere, OAUTH_ENV } from './support/workspaces';
import { startWorld } from './support/world';

export const SLACK_LATENCY_MS = 30;
const postsPerMinute = Number(DEFAULT_RATE_LIMITS['chat.postMessage']?.perMinute);

export const fanOut: Bench = {
  name: 'fanout',
  title: "the morning fan-out against Slack's limits (30 ms latency, per-workspace/method/channel limits)",
  async run(log) {
    const workspaces = knob('BENCH_WORKSPACES', 20);
    const leads = knob('BENCH_LEADS', 500);
    // One workspace: the bot token's (SLACK_BOT_TOKEN). More: installed through OAuth, each with its own token.
    const many = workspaces > 1;
    const seeds = many ? benchWorkspaces(workspaces) : undefined;
    const teams = seeds ? seeds.map((w) => w.team.id) : [DEMO.teamId];
    const sendsPerSecond = knob('BENCH_SENDS_PER_SECOND', Math.floor(postsPerMinute / 60));
    const world = await startWorld('fanout', {
      ...(seeds ? { emulator: { workspaces: seeds } } : {}),
      env: { SLACK_SENDS_PER_SECOND: String(sendsPerSecond), ...(many ? OAUTH_ENV : {}) },
    });
    try {
      world.emulator.faults.inject({ method: '*', kind: 'latency', ms: SLACK_LATENCY_MS, times: Infinity });
      if (many) {
        const web = await world.start('web');
        await installEverywhere(web.url, teams);
      }
      await world.start('worker');
      await world.drained(120_000); // the directory sync at start-up
      const expected = await seedLeads(world, teams, leads, new Date());
      const outcome = await timeFanOut(world, expected, 30 * 60_000);
      const steadyRate = postsPerMinute / 60;
      const boundMs = (Math.ceil(leads / steadyRate) - 1) * 1000 + SLACK_LATENCY_MS;
      const after429 = [...outcome.rateLimited.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
      log(
        `  ${workspaces} × ${leads} leads: ${outcome.prompts} prompts in ${(outcome.wallMs / 1000).toFixed(1)} s ` +
          `(bound ${(boundMs / 1000).toFixed(1)} s at ${postsPerMinute}/min per workspace; Baton paced at ${sendsPerSecond}/s), ` +
          `429s per workspace ${JSON.stringify(Object.fromEntries(outcome.rateLimited))}, duplicates ${outcome.duplicates}`,
      );
      const figure = `${workspaces} × ${leads} leads`;
      return [
        row({
          bench: 'fanout',
          figure: `${figure}: tick → last prompt`,
          unit: 's',
          baton: outcome.wallMs / 1000,
          baseline: boundMs / 1000,
          baselineLabel: "Slack's limits",
          target: '≤ 1.2× bound',
          met: outcome.wallMs <= 1.2 * boundMs,
        }),
        row({
          bench: 'fanout',
          figure: `${figure}: 429s after the first per workspace`,
          unit: '',
          baton: after429,
          target: '0',
          met: after429 === 0,
        }),
        row({
          bench: 'fanout',
          figure: `${figure}: duplicates`,
          unit: '',
          baton: outcome.duplicates,
          target: '0',
          met: outcome.duplicates === 0 && outcome.prompts === expected,
        }),
      ];
    } finally {
      await world.close();
    }
  },
};
