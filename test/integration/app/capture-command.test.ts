import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueCaptureCommands, receiveCapture, runCaptureCommand } from '../../../src/app/capture-command';
import type { Deps } from '../../../src/app/deps';
import { AnswerUndeliverable } from '../../../src/app/ports/errors';
import type { Jobs } from '../../../src/app/ports/jobs';
import type { CommandAnswer } from '../../../src/app/ports/notices';
import type { ReceivedCommandKey } from '../../../src/app/ports/received-commands';
import type { Directory, Messenger } from '../../../src/app/ports/slack';
import { DEMO, type Emulator, startEmulator } from '../../../src/sandbox';
import { slackMessenger } from '../../../src/slack/messenger';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';

const { db, repos } = useTestRepositories({ max: 5 });

const RECEIVED = new Date('2026-03-02T09:00:00Z'); // a Monday
const LATER = new Date('2026-03-04T16:00:00Z');

function refuse(what: string): () => Promise<never> {
  return () => Promise.reject(new Error(`unexpected call: ${what}`));
}

interface World {
  deps: Deps;
  teamId: string;
  answers: CommandAnswer[];
  enqueued: ReceivedCommandKey[];
  /** What the next answers do instead of being recorded, in order. */
  answerFailures: Error[];
  logs: Array<{ level: number; msg: string }>;
}

/** Deps over the real repositories; the queue and Slack's response_url are recorded. */
async function world(options: { enqueue?: () => Promise<void> } = {}): Promise<World> {
  const teamId = uniqueTeamId();
  await repos.people.save(
    { teamId, id: 'ULEAD', name: 'lena', timeZone: 'Europe/Berlin', isBot: false, isDeleted: false },
    RECEIVED,
  );
  await repos.people.save(
    { teamId, id: 'UOWNER', name: 'yuki', timeZone: 'Asia/Tokyo', isBot: false, isDeleted: false },
    RECEIVED,
  );
  const answers: CommandAnswer[] = [];
  const enqueued: ReceivedCommandKey[] = [];
  const answerFailures: Error[] = [];
  const logs: Array<{ level: number; msg: string }> = [];
  const directory: Directory = {
    person: refuse('person'),
    everyone: refuse('everyone'),
    channel: refuse('channel'),
    joinChannel: refuse('joinChannel'),
    permalink: refuse('permalink'),
  };
  const idle = async () => {};
  const jobs: Jobs = {
    captureCommands: async (commands) => {
      await options.enqueue?.();
      enqueued.push(...commands);
    },
    deliverEvent: idle,
    prompts: refuse('prompts'),
    checkins: refuse('checkins'),
    digests: refuse('digests'),
    thank: refuse('thank'),
    publishHome: idle,
    syncDirectories: refuse('syncDirectories'),
    refreshTokens: refuse('refreshTokens'),
    welcome: refuse('welcome'),
  };
  const messenger = {
    answerCommand: async (_url: string, answer: CommandAnswer) => {
      const failure = answerFailures.shift();
      if (failure) throw failure;
      answers.push(answer);
    },
  } as unknown as Messenger;
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => logs.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  const deps: Deps = { ...repos, directory, jobs, messenger, now: () => LATER, logger };
  return { deps, teamId, answers, enqueued, answerFailures, logs };
}

function command(teamId: string, text: string) {
  return {
    teamId,
    userId: 'ULEAD',
    channelId: 'DLEAD',
    text,
    responseUrl: 'https://hooks.slack.com/commands/T/1/x',
    triggerId: `${teamId}.1.trigger`,
  };
}

async function tasksOf(teamId: string) {
  return db.selectFrom('tasks').selectAll().where('team_id', '=', teamId).execute();
}

async function commandsOf(teamId: string) {
  return db.selectFrom('received_commands').selectAll().where('team_id', '=', teamId).execute();
}

describe('an inline /delegate capture, stored by the web process and done by a worker', () => {
  it('is stored and enqueued, then captured as of when it was received, answered once, and forgotten', async () => {
    const w = await world();
    w.deps.now = () => RECEIVED;
    await receiveCapture(w.deps, command(w.teamId, 'Draft the memo <@UOWNER> by tomorrow'));
    const [key] = w.enqueued;
    if (!key) throw new Error('nothing enqueued');
    expect((await commandsOf(w.teamId)).map((c) => c.text)).toEqual(['Draft the memo <@UOWNER> by tomorrow']);

    w.deps.now = () => LATER; // the worker runs two days later: "tomorrow" still means the day after it was typed
    await runCaptureCommand(w.deps, w.teamId, key.commandId, false);
    const [task] = await tasksOf(w.teamId);
    expect(task?.title).toBe('Draft the memo');
    expect(task?.owner_id).toBe('UOWNER');
    expect(task?.created_at.toISOString()).toBe(RECEIVED.toISOString());
    expect(task?.due_at?.toISOString().slice(0, 10)).toBe('2026-03-03');
    expect(w.answers.map((a) => (a.kind === 'captured' ? a.result.kind : a.kind))).toEqual(['captured']);
    expect(await commandsOf(w.teamId)).toEqual([]);

    // The job again (a retry, the sweep racing it): the command is gone, nothing happens.
    await runCaptureCommand(w.deps, w.teamId, key.commandId, false);
    expect(await tasksOf(w.teamId)).toHaveLength(1);
    expect(w.answers).toHaveLength(1);
  });

  it('answers at most once: an answer that fails is logged, and the task stays captured', async () => {
    const w = await world();
    await receiveCapture(w.deps, command(w.teamId, 'Book the venue'));
    const commandId = w.enqueued[0]?.commandId ?? 0;
    w.answerFailures.push(new Error('response_url answered 500'));
    await runCaptureCommand(w.deps, w.teamId, commandId, false);
    expect(await tasksOf(w.teamId)).toHaveLength(1);
    expect(await commandsOf(w.teamId)).toEqual([]);
    expect(w.logs.some((l) => l.level === 50 && /could not answer a command/.test(l.msg))).toBe(true);

    // A retry of the job (its worker died after the answer) finds nothing left to do.
    await runCaptureCommand(w.deps, w.teamId, commandId, false);
    expect(await tasksOf(w.teamId)).toHaveLength(1);
    expect(w.answers).toEqual([]);
  });

  it('keeps the command while it cannot be forgotten (Postgres gone), and answers once when it can', async () => {
    const w = await world();
    await receiveCapture(w.deps, command(w.teamId, 'Order badges'));
    const commandId = w.enqueued[0]?.commandId ?? 0;
    const forgetting: Deps = {
      ...w.deps,
      receivedCommands: { ...w.deps.receivedCommands, remove: () => Promise.reject(new Error('Postgres went away')) },
    };
    await expect(runCaptureCommand(forgetting, w.teamId, commandId, false)).rejects.toThrow('Postgres went away');
    expect(w.answers).toEqual([]);
    await runCaptureCommand(w.deps, w.teamId, commandId, false);
    expect(await tasksOf(w.teamId)).toHaveLength(1);
    expect(w.answers).toHaveLength(1);
  });

  it('tells the lead "couldn\'t save that" with the text on the last attempt, and forgets the command', async () => {
    const w = await world();
    await receiveCapture(w.deps, command(w.teamId, 'Renew the <lease> & sign'));
    const commandId = w.enqueued[0]?.commandId ?? 0;
    const broken: Deps = {
      ...w.deps,
      transaction: () => Promise.reject(new Error('Postgres went away')),
    };
    await expect(runCaptureCommand(broken, w.teamId, commandId, false)).rejects.toThrow('Postgres went away');
    expect(w.answers).toEqual([]);

    await runCaptureCommand(broken, w.teamId, commandId, true);
    expect(w.answers).toEqual([{ kind: 'could_not_save', typed: 'Renew the <lease> & sign' }]);
    expect(await tasksOf(w.teamId)).toEqual([]);
    expect(await commandsOf(w.teamId)).toEqual([]);
    expect(w.logs.some((l) => l.level === 50 && /could not capture/.test(l.msg))).toBe(true);
  });

  it('captures all the same when the response_url takes no more answers, and logs it', async () => {
    const w = await world();
    await receiveCapture(w.deps, command(w.teamId, 'Order chairs'));
    w.answerFailures.push(new AnswerUndeliverable('404 expired_url'));
    await runCaptureCommand(w.deps, w.teamId, w.enqueued[0]?.commandId ?? 0, false);
    expect(await tasksOf(w.teamId)).toHaveLength(1);
    expect(await commandsOf(w.teamId)).toEqual([]);
    expect(w.logs.some((l) => l.level === 40 && /could not be answered/.test(l.msg))).toBe(true);
  });

  it('keeps nothing when the job cannot be enqueued, and says so', async () => {
    const w = await world({ enqueue: () => Promise.reject(new Error('Redis did not answer within 2000 ms')) });
    await expect(receiveCapture(w.deps, command(w.teamId, 'Order chairs'))).rejects.toThrow('Redis');
    expect(await commandsOf(w.teamId)).toEqual([]);
  });

  it('drops a stored row that is not a capture, logging it, rather than guessing', async () => {
    const w = await world();
    const commandId = await repos.receivedCommands.save({ ...command(w.teamId, 'done 12'), receivedAt: RECEIVED });
    await runCaptureCommand(w.deps, w.teamId, commandId, false);
    expect(await tasksOf(w.teamId)).toEqual([]);
    expect(await commandsOf(w.teamId)).toEqual([]);
    expect(w.logs.some((l) => l.level === 50 && /not a capture/.test(l.msg))).toBe(true);
  });

  it('is enqueued again by the tick once its job has had a minute (Redis lost it), not before', async () => {
    const w = await world();
    const fresh = await repos.receivedCommands.save({ ...command(w.teamId, 'Fresh'), receivedAt: RECEIVED });
    const left = await repos.receivedCommands.save({ ...command(w.teamId, 'Left behind'), receivedAt: RECEIVED });
    await sql`update received_commands set created_at = now() - interval '61 seconds' where id = ${left}`.execute(db);
    await dueCaptureCommands(w.deps).enqueueDue(LATER);
    const ours = w.enqueued.filter((k) => k.teamId === w.teamId).map((k) => k.commandId);
    expect(ours).toContain(left);
    expect(ours).not.toContain(fresh);
  });
});

describe('answering a command through its response_url, against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  const messenger = () => slackMessenger(refuse('clientFor'), () => RECEIVED);

  it('posts the answer as an ephemeral message to whoever typed the command', async () => {
    const lena = DEMO.users.lena;
    const channel = emulator.openDm(DEMO.teamId, lena);
    const url = emulator.newResponseUrl({ teamId: DEMO.teamId, channel, user: lena });
    await messenger().answerCommand(url, { kind: 'could_not_save', typed: 'Order <!channel> chairs' });
    const reply = await emulator.waitFor((m) => m.ephemeralTo === lena && /Couldn't save that/.test(m.text));
    expect(reply.via).toBe('response_url');
    expect(reply.text).not.toContain('<!channel>');
  });

  it('throws AnswerUndeliverable for a url that takes no more answers, a plain error for a 500', async () => {
    const lena = DEMO.users.lena;
    const channel = emulator.openDm(DEMO.teamId, lena);
    const live = emulator.newResponseUrl({ teamId: DEMO.teamId, channel, user: lena });
    const url = live.replace(/[0-9a-f]+$/, 'unknown');
    await expect(messenger().answerCommand(url, { kind: 'could_not_save', typed: 'x' })).rejects.toBeInstanceOf(
      AnswerUndeliverable,
    );
    emulator.injectFault({ method: 'response_url', kind: 'http5xx', status: 500 });
    const failed = messenger().answerCommand(live, { kind: 'could_not_save', typed: 'x' });
    await expect(failed).rejects.toThrow(/500/);
    await expect(failed).rejects.not.toBeInstanceOf(AnswerUndeliverable);
  });
});
