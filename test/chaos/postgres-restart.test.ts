import { describe, expect, it } from 'vitest';
import { DEMO, SlackDriver } from '../../src/sandbox';
import { SIGNING_SECRET } from '../support/baton';
import { startWorld } from '../support/chaos';
import { freePort, ownPostgres } from '../support/services';

const { lena, marcus, yuki, sofia, arjun, chloe } = DEMO.users;
/** Owners in turn: each owner's DM takes a message a second, as Slack allows. */
const OWNERS = [marcus, yuki, sofia, arjun, chloe];
const COMMANDS = 60;
const EVERY_MS = 150;

interface Sent {
  title: string;
  status: number;
  ms: number;
}

describe('Postgres restarted under a steady stream of commands', () => {
  it('every command is acked within 3 s and answered clearly; nothing is half-written; all works after', async () => {
    const postgres = ownPostgres(await freePort());
    await postgres.start();
    const world = await startWorld({ databaseUrl: postgres.url('baton') });
    const baton = await world.start('all');
    const slack = new SlackDriver({ emulator: world.emulator, appUrl: baton.url, signingSecret: SIGNING_SECRET });

    const sent: Sent[] = [];
    const stream = (async () => {
      for (let i = 0; i < COMMANDS; i++) {
        const title = `Restock shelf ${i}`;
        const res = await slack.command({ user: lena, text: `${title} <@${OWNERS[i % OWNERS.length]}>` });
        sent.push({ title, status: res.status, ms: res.ms });
        await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
      }
    })();
    // Down for a few seconds a third of the way in, then back.
    await expect.poll(() => sent.length, { interval: 20 }).toBeGreaterThan(COMMANDS / 3);
    await postgres.stop();
    await expect.poll(() => sent.length, { interval: 20, timeout: 30_000 }).toBeGreaterThan(COMMANDS / 2);
    await postgres.start();
    await stream;

    // Each command got its answer on the response_url: saved, or "couldn't save" with the text back.
    const answers = () => world.emulator.messages((m) => m.ephemeralTo === lena);
    await expect.poll(() => answers().length, { timeout: 60_000 }).toBe(COMMANDS);
    await world.drained();

    expect(sent.filter((s) => s.status !== 200 || s.ms >= 3_000)).toEqual([]);
    const tasks = await world.db.selectFrom('tasks').select(['id', 'title', 'number']).execute();
    const saved = new Set(tasks.map((t) => t.title));
    const failed: string[] = [];
    for (const { title } of sent) {
      const answer = answers().find((m) => m.text.includes(`${title} `) || m.text.endsWith(title));
      expect(answer, `no answer for ${title}`).toBeDefined();
      if (/Couldn't save that/.test(answer?.text ?? '')) {
        failed.push(title);
        expect(saved.has(title), `${title} was said to be lost but was saved`).toBe(false);
      } else {
        expect(answer?.text).toMatch(/^Handed #\d+/);
        expect(saved.has(title), `${title} was said to be saved but is not`).toBe(true);
      }
    }
    // The outage was felt (some were refused), and no more than the commands sent while it lasted.
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(COMMANDS);

    // Nothing half-written: every task has its history, and every hand-off reached its owner once.
    const events = await world.db.selectFrom('task_events').select(['task_id', 'kind']).execute();
    for (const task of tasks) {
      expect(events.filter((e) => e.task_id === task.id).map((e) => e.kind)).toEqual(['captured', 'offered']);
    }
    // A notification whose job failed for good while Postgres was down is sent again by the tick's
    // outbox sweep: the test plays the every-minute scheduler, at the wall clock's time.
    const offered = () =>
      world.emulator
        .messages((m) => m.dmUser !== undefined && /handed you/.test(m.text))
        .map((m) => m.text.match(/#(\d+)/)?.[1])
        .sort();
    await expect
      .poll(
        async () => {
          await world.tick(new Date());
          return offered();
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toEqual(tasks.map((t) => String(t.number)).sort());
    await world.drained();
    expect(offered()).toEqual(tasks.map((t) => String(t.number)).sort());
    expect(baton.child.exitCode).toBeNull();
    expect((await fetch(`${baton.url}/healthz`)).status).toBe(200);
  });
});
