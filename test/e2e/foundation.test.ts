import { describe, expect, it } from 'vitest';
import { closeDb, createDb } from '../../src/db/database';
import { DEMO, SlackDriver } from '../../src/sandbox';
import { SANDBOX } from '../../src/sandbox/web';
import { startTestBaton } from '../support/baton';
import { settled } from '../support/settled';

const lead = DEMO.users.lena;

describe('health and metrics', () => {
  it('answers /healthz 200 when Postgres, Redis and Slack are reachable', async () => {
    const { baton } = await startTestBaton();
    const res = await fetch(`${baton.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok', slack: 'ok' } });
  });

  it('answers /healthz 503 naming Redis when Redis is unreachable', async () => {
    const { baton } = await startTestBaton({ role: 'web', env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    const res = await fetch(`${baton.url}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('unavailable');
    expect(body.checks.postgres).toBe('ok');
    expect(body.checks.redis).toMatch(/^unreachable/);
  });

  it('serves Prometheus metrics, counting acks and Slack API calls', async () => {
    const { baton, slack, emulator } = await startTestBaton();
    await slack.command({ user: lead, text: 'help' });
    await emulator.waitFor((m) => m.text.includes('Usage'));
    const text = await (await fetch(`${baton.url}/metrics`)).text();
    expect(text).toMatch(/baton_slack_ack_seconds_count\{status="200"\} 1/);
    expect(text).toContain('# TYPE baton_jobs_processed_total counter');
    expect(text).toContain('# TYPE baton_slack_api_calls_total counter');
  });
});

describe('request verification', () => {
  it.each([
    ['unsigned', { signature: 'none' as const }],
    ['badly signed', { signature: 'bad' as const }],
    ['6 minutes old', { timestampOffsetSec: -360 }],
    ['6 minutes in the future', { timestampOffsetSec: 360 }],
  ])('refuses a %s request with 401 before any handler runs', async (_, opts) => {
    const { slack, emulator, baton } = await startTestBaton();
    const res = await slack.command({ user: lead, text: 'help', ...opts });
    expect(res.status).toBe(401);
    // A handler would have answered on the response_url: once the app is idle, check it did not.
    const control = await slack.command({ user: lead, text: 'help' });
    expect(control.status).toBe(200);
    await emulator.waitFor((m) => m.text.includes('Usage'));
    await settled(baton);
    expect(emulator.messages().filter((m) => m.text.includes('Usage'))).toHaveLength(1);
  });

  it('accepts a correctly signed request 4 minutes old', async () => {
    const { slack } = await startTestBaton();
    const res = await slack.command({ user: lead, text: 'help', timestampOffsetSec: -240 });
    expect(res.status).toBe(200);
  });
});

describe('/delegate help', () => {
  it('is acked in under 3 s and answers ephemerally with the usage', async () => {
    const { slack, emulator } = await startTestBaton();
    const res = await slack.command({ user: lead, text: 'help' });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3_000);
    const reply = await emulator.waitFor((m) => m.ephemeralTo === lead);
    expect(reply.text).toMatch(/Usage: \/delegate/);
    expect(JSON.stringify(reply.blocks)).toContain('/delegate list');
  });
});

describe('shutdown', () => {
  it('lets a command acked just before it finish its work before the pools close', async () => {
    const t = await startTestBaton();
    // The capture checks its channel with Slack after the ack: make that take a while.
    t.emulator.faults.inject({ method: 'conversations.info', kind: 'latency', ms: 1_000 });
    const res = await t.slack.command({
      user: lead,
      text: `Order chairs <@${DEMO.users.marcus}> <#${DEMO.channels.general}|general>`,
    });
    expect(res.status).toBe(200);
    await t.baton.stop();
    const db = createDb(t.baton.config.databaseUrl);
    try {
      expect(await db.selectFrom('tasks').select('title').execute()).toEqual([{ title: 'Order chairs' }]);
    } finally {
      await closeDb(db);
    }
    expect(t.logs.filter((l) => l.msg === 'could not complete a user request')).toEqual([]);
    expect(t.emulator.messages((m) => m.ephemeralTo === lead).map((m) => m.text)).toEqual([
      expect.stringMatching(/Handed #1 Order chairs/),
    ]);
  });
});

describe('sandbox mode', () => {
  it('runs with no Slack credentials against the built-in emulator', async () => {
    const { baton } = await startTestBaton({
      env: { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_API_URL: 'https://slack.invalid/api/' },
    });
    expect(baton.config.slack.kind).toBe('sandbox');
    const sandbox = baton.sandbox;
    if (!sandbox) throw new Error('sandbox mode did not start the emulator');
    const slack = new SlackDriver({
      emulator: sandbox.emulator,
      appUrl: baton.url,
      signingSecret: sandbox.signingSecret,
    });
    const res = await slack.command({ user: SANDBOX.users.ada, text: 'help' });
    expect(res.status).toBe(200);
    const reply = await sandbox.emulator.waitFor(
      (m) => m.ephemeralTo === SANDBOX.users.ada && m.via === 'response_url',
    );
    expect(reply.text).toMatch(/Usage: \/delegate/);
  });
});
