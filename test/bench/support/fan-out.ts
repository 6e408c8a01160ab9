import type { IsoWeekday } from '../../../src/domain/person';
import { enqueueTick } from '../../../src/queue/producer';
import type { RecordedCall } from '../../../src/sandbox';
import { until } from './env';
import type { World } from './world';

/** Lead ids look like Slack's user ids and say which workspace and which lead they are. */
export function leadIds(teamIndex: number, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `U0LD${String(teamIndex).padStart(2, '0')}${String(i).padStart(5, '0')}`,
  );
}

const isLead = (id: unknown) => typeof id === 'string' && id.startsWith('U0LD');

/**
 * `count` leads in each of `teams`, in the emulator and in Postgres, each holding one task and due
 * for the morning prompt at `dueAt`. Their prompt time is 00:00 UTC on every day of the week, so a
 * tick at any later instant today sends it (the full run may cross midnight).
 */
export async function seedLeads(world: World, teams: readonly string[], count: number, dueAt: Date): Promise<number> {
  for (const [t, teamId] of teams.entries()) {
    const ids = leadIds(t, count);
    world.emulator.addUsers(
      teamId,
      ids.map((id) => ({ id, name: id.toLowerCase(), realName: `Lead ${id}`, tz: 'UTC' })),
    );
    await world.db
      .insertInto('users')
      .values(
        ids.map((id) => ({
          team_id: teamId,
          user_id: id,
          name: id.toLowerCase(),
          real_name: `Lead ${id}`,
          time_zone: 'UTC',
          tz_refreshed_at: new Date(),
          prompt_time: '00:00',
          working_days: [1, 2, 3, 4, 5, 6, 7] as IsoWeekday[],
          next_prompt_at: dueAt,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['team_id', 'user_id']).doUpdateSet({ next_prompt_at: dueAt, prompt_time: '00:00' }),
      )
      .execute();
    const last = await world.db
      .selectFrom('task_counters')
      .select('last_number')
      .where('team_id', '=', teamId)
      .executeTakeFirst();
    const first = last?.last_number ?? 0;
    await world.db
      .insertInto('task_counters')
      .values({ team_id: teamId, last_number: first + count })
      .onConflict((oc) => oc.column('team_id').doUpdateSet({ last_number: first + count }))
      .execute();
    await world.db
      .insertInto('tasks')
      .values(
        ids.map((id, i) => ({
          team_id: teamId,
          number: first + i + 1,
          title: `Task of ${id}`,
          lead_id: id,
          source: 'command' as const,
        })),
      )
      .execute();
  }
  return teams.length * count;
}

export interface FanOutOutcome {
  prompts: number;
  /** From the tick being enqueued to Slack answering the last prompt. */
  wallMs: number;
  /** 429s answered to chat.postMessage, per workspace. */
  rateLimited: Map<string, number>;
  /** Leads with more than one prompt. */
  duplicates: number;
}

/** Prompts Slack accepted (chat.postMessage to a lead, answered 200), counted from the call log without copying it. */
class PromptCounter {
  private seen = 0;
  prompts = 0;
  lastAt = 0;
  readonly perLead = new Map<string, number>();
  readonly rateLimited = new Map<string, number>();

  constructor(private readonly calls: () => readonly RecordedCall[]) {}

  update(): number {
    const calls = this.calls();
    for (; this.seen < calls.length; this.seen++) {
      const c = calls[this.seen];
      if (c?.method !== 'chat.postMessage' || !isLead(c.params.channel)) continue;
      if (c.status === 429) {
        const team = c.teamId ?? '?';
        this.rateLimited.set(team, (this.rateLimited.get(team) ?? 0) + 1);
      }
      const ok = c.status === 200 && (c.response as { ok?: boolean } | undefined)?.ok === true;
      if (!ok) continue;
      const key = `${c.teamId}/${String(c.params.channel)}`;
      this.perLead.set(key, (this.perLead.get(key) ?? 0) + 1);
      this.prompts++;
      this.lastAt = Math.max(this.lastAt, c.at + c.ms); // when Slack answered
    }
    return this.prompts;
  }
}

/** Ticks now, and every minute after, until `expected` prompts reached Slack (and the queue is quiet, so late duplicates show). */
export async function timeFanOut(world: World, expected: number, timeoutMs: number): Promise<FanOutOutcome> {
  const counter = new PromptCounter(() => world.emulator.calls);
  counter.update();
  const before = counter.prompts;
  const started = Date.now();
  // The bench plays the every-minute scheduler: one tick enqueues everything due (up to
  // DUE_PER_TICK, src/app/tick.ts); a later minute's tick would take any rest.
  let nextTick = started;
  await until(
    async () => {
      if (Date.now() >= nextTick) {
        await enqueueTick(world.queue, new Date(nextTick));
        nextTick += 60_000;
      }
      return counter.update() - before >= expected;
    },
    timeoutMs,
    `${expected} prompts`,
    20,
  );
  const wallMs = counter.lastAt - started;
  await world.drained(timeoutMs);
  counter.update();
  return {
    prompts: counter.prompts - before,
    wallMs,
    rateLimited: counter.rateLimited,
    duplicates: [...counter.perLead.values()].filter((n) => n > 1).length,
  };
}
