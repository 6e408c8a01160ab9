import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from '../../../src/queue/producer';
import { DEMO, type Emulator } from '../../../src/sandbox';
import { spawnScript } from './children';
import { SIGNING_SECRET } from './env';
import { type Summary, summarize } from './stats';

const LEADS = [DEMO.users.lena, DEMO.users.marcus, DEMO.users.yuki, DEMO.users.sofia, DEMO.users.arjun];
/** A response_url takes 5 posts; Baton answers each command once. */
const USES_PER_RESPONSE_URL = 4;

export interface LoadOutcome extends Summary {
  errors: number;
  statuses: Record<string, number>;
  /** How late the generator sent its latest request (its own CPU starved). */
  lateMs: number;
}

/** The form fields of `count` inline `/delegate` captures (cycled through by the generator), each response_url used at most 4 times. */
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

/** Signed `/delegate` captures to `url` at `rate` per second for `seconds`, from the load generator's own process. */
export async function commandLoad(
  emulator: Emulator,
  url: string,
  rate: number,
  seconds: number,
): Promise<LoadOutcome> {
  const dir = await mkdtemp(join(tmpdir(), 'baton-bench-'));
  const file = join(dir, 'bodies.json');
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
    await rm(dir, { recursive: true, force: true });
  }
}

/** `count` prompt jobs for the no-op workers (support/bare-worker.ts), over 100 workspaces so no pace binds. */
export async function enqueueNoOpJobs(queue: Producer, count: number): Promise<void> {
  const at = new Date().toISOString();
  const run = randomBytes(3).toString('hex');
  for (let i = 0; i < count; i += 1_000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1_000, count - i) }, (_, j) => ({
        name: 'prompt' as const,
        data: { teamId: `T0JOB${(i + j) % 100}`, userId: `U0JOB${i + j}`, at },
        opts: { jobId: `bench-${run}-${i + j}` },
      })),
    );
  }
}
