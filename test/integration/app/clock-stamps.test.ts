import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { captureTask } from '../../../src/app/capture-task';
import { changeTask } from '../../../src/app/change-task';
import type { Deps } from '../../../src/app/deps';
import type { Jobs } from '../../../src/app/ports/jobs';
import type { Directory, Messenger } from '../../../src/app/ports/slack';
import { uniqueTeamId, useTestRepositories } from '../../support/db-context';
import { eventsOf } from '../../support/tasks';

const { db, repos } = useTestRepositories({ max: 5 });

function refuse(what: string): () => Promise<never> {
  return () => Promise.reject(new Error(`unexpected call: ${what}`));
}

/** Deps over the real repositories whose clock says `clock.at`; nothing here talks to Slack. */
function depsAt(clock: { at: Date }): Deps {
  const directory: Directory = {
    person: refuse('person'),
    everyone: refuse('everyone'),
    channel: refuse('channel'),
    joinChannel: refuse('joinChannel'),
    permalink: refuse('permalink'),
  };
  const jobs: Jobs = {
    deliverEvent: async () => {},
    captureCommands: refuse('captureCommands'),
    prompts: refuse('prompts'),
    checkins: refuse('checkins'),
    syncDirectories: refuse('syncDirectories'),
    refreshTokens: refuse('refreshTokens'),
    welcome: refuse('welcome'),
    digests: refuse('digests'),
    thank: refuse('thank'),
    publishHome: async () => {},
  };
  return {
    ...repos,
    directory,
    jobs,
    messenger: {} as Messenger,
    now: () => clock.at,
    logger: pino({ level: 'silent' }),
  };
}

describe("a task's history is stamped with the use case's clock, not the database's", () => {
  it('capture and hand-off weeks ago read as weeks ago', async () => {
    const teamId = uniqueTeamId();
    const clock = { at: new Date('2026-01-05T09:00:00Z') };
    for (const id of ['ULEAD', 'UOWNER']) {
      const person = { teamId, id, name: id, timeZone: 'Europe/Berlin', isBot: false, isDeleted: false };
      await repos.people.save(person, clock.at);
    }
    const deps = depsAt(clock);
    const captured = await captureTask(deps, {
      teamId,
      leadId: 'ULEAD',
      title: 'Order chairs',
      details: null,
      owner: null,
      channelId: null,
      due: null,
      cadence: 'none',
      source: 'command',
      sourcePermalink: null,
      requestKey: 'k1',
    });
    if (captured.kind !== 'captured') throw new Error(captured.kind);
    expect(captured.task.createdAt.toISOString()).toBe('2026-01-05T09:00:00.000Z');

    clock.at = new Date('2026-01-07T10:00:00Z');
    const offered = await changeTask(deps, {
      teamId,
      actorId: 'ULEAD',
      task: { id: captured.task.id },
      change: { kind: 'offer', ownerId: 'UOWNER' },
    });
    expect(offered.ok).toBe(true);
    const events = await eventsOf(db, teamId, captured.task.id);
    expect(events.map((e) => [e.kind, e.at.toISOString()])).toEqual([
      ['captured', '2026-01-05T09:00:00.000Z'],
      ['offered', '2026-01-07T10:00:00.000Z'],
    ]);
  });
});
