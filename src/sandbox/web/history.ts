import { webApi } from '@slack/bolt';
import { captureTask } from '../../app/capture-task';
import { type ChangeRequest, changeTask } from '../../app/change-task';
import { answerCheckin, runCheckin } from '../../app/checkins';
import { deliverEvent } from '../../app/deliver-event';
import type { Deps } from '../../app/deps';
import { refreshPrompt, runMorningPrompt } from '../../app/morning-prompt';
import type { Jobs } from '../../app/ports/jobs';
import { saveSettings } from '../../app/settings';
import type { CheckinStatus } from '../../domain/checkin';
import { nextCheckinAt } from '../../domain/checkin-policy';
import type { PromptPrefs } from '../../domain/person';
import { addWorkingDays, localDateOf, localTimeToInstant } from '../../domain/prompt-schedule';
import type { CheckinCadence, Task } from '../../domain/task';
import { boltLogger } from '../../observability/bolt-logger';
import { checkinAnswered } from '../../slack/blocks/checkin';
import { offerAnswered } from '../../slack/blocks/handoff';
import { refusalText } from '../../slack/blocks/refusals';
import { idFromBlockId } from '../../slack/ids';
import { slackMessenger } from '../../slack/messenger';
import type { Emulator } from '../emulator/emulator';
import type { PostedMessage } from '../emulator/types';
import type { SandboxClock } from './clock';
import { LEAD, PEOPLE, SANDBOX, type Who } from './workspace';

/** Something that happened to a task; the lead captures, offers, keeps and drops, the owner answers. */
type Act =
  | { do: 'capture'; owner?: Who }
  | { do: 'offer'; to: Who }
  | { do: 'accept' }
  | { do: 'hand_back'; reason: string }
  | { do: 'keep'; reason: string }
  | { do: 'drop' }
  | { do: 'done' };

/** An owner's answer to a check-in: a status, a status with a note, or silence. */
type Answer = CheckinStatus | [CheckinStatus, string] | null;

interface TaskStory {
  title: string;
  channel: keyof typeof SANDBOX.channels | null;
  cadence: CheckinCadence;
  /** Due this many of the lead's working days after today (negative: before). */
  dueWd?: number;
  /** Oldest first: [the lead's working days before today, local time of whoever acts, what happened]. */
  story: Array<[number, string, Act]>;
  /** Answers to the task's check-ins in order; the last one repeats. */
  answers?: Answer[];
}

/**
 * Three weeks of a team's work: finished, handed back and handed on, dropped, kept by the lead,
 * and what is open today (accepted, waiting for an answer, held).
 */
const HISTORY: TaskStory[] = [
  {
    title: 'Draft the Q3 roadmap one-pager',
    channel: 'team',
    cadence: 'weekly',
    story: [
      [15, '10:00', { do: 'capture', owner: 'ben' }],
      [15, '11:30', { do: 'accept' }],
      [10, '16:00', { do: 'done' }],
    ],
    answers: ['on_track'],
  },
  {
    title: 'Fix the flaky login test',
    channel: 'team',
    cadence: 'daily',
    story: [
      [14, '09:40', { do: 'capture', owner: 'chen' }],
      [14, '17:10', { do: 'accept' }],
      [12, '17:00', { do: 'done' }],
    ],
    answers: [['at_risk', 'The flake only shows on the CI runners'], 'on_track'],
  },
  {
    title: 'Book a venue for the team offsite',
    channel: null,
    cadence: 'mwf',
    story: [
      [13, '16:20', { do: 'capture' }],
      [11, '09:15', { do: 'offer', to: 'dana' }],
      [11, '11:00', { do: 'accept' }],
      [6, '14:00', { do: 'done' }],
    ],
    answers: ['on_track', null, 'on_track'],
  },
  {
    title: 'Collect customer quotes for the launch page',
    channel: 'launch',
    cadence: 'mwf',
    story: [
      [12, '10:00', { do: 'capture', owner: 'dana' }],
      [12, '13:00', { do: 'hand_back', reason: "I'm on leave next week" }],
      [11, '09:30', { do: 'offer', to: 'femi' }],
      [11, '10:30', { do: 'accept' }],
      [2, '16:00', { do: 'done' }],
    ],
    answers: ['on_track', 'on_track', null, 'on_track'],
  },
  {
    title: 'Write the launch blog post',
    channel: 'launch',
    cadence: 'mwf',
    dueWd: -3,
    story: [
      [11, '10:30', { do: 'capture', owner: 'eli' }],
      [11, '14:00', { do: 'accept' }],
      [4, '15:00', { do: 'done' }],
    ],
    answers: ['on_track', ['at_risk', 'Waiting on screenshots from design'], 'on_track'],
  },
  {
    title: 'Evaluate a new analytics vendor',
    channel: null,
    cadence: 'weekly',
    story: [
      [10, '10:00', { do: 'capture', owner: 'chen' }],
      [10, '18:00', { do: 'accept' }],
      [8, '10:00', { do: 'drop' }],
    ],
  },
  {
    title: 'Update the pricing page copy',
    channel: 'launch',
    cadence: 'weekly',
    dueWd: -2,
    story: [
      [9, '11:00', { do: 'capture', owner: 'ben' }],
      [9, '09:30', { do: 'accept' }],
      [3, '12:00', { do: 'done' }],
    ],
    answers: ['on_track'],
  },
  {
    title: 'Renew the staging TLS certificate',
    channel: 'team',
    cadence: 'none',
    story: [
      [8, '09:00', { do: 'capture', owner: 'chen' }],
      [8, '17:30', { do: 'accept' }],
      [5, '11:00', { do: 'done' }],
    ],
  },
  {
    title: 'Migrate CI to the new runners',
    channel: 'team',
    cadence: 'mwf',
    story: [
      [7, '14:00', { do: 'capture', owner: 'femi' }],
      [7, '15:00', { do: 'accept' }],
    ],
    answers: ['on_track', ['at_risk', 'Waiting for the runner quota increase'], null],
  },
  {
    title: 'Prepare the launch-day runbook',
    channel: 'launch',
    cadence: 'mwf',
    dueWd: 3,
    story: [
      [6, '10:00', { do: 'capture', owner: 'ben' }],
      [6, '10:30', { do: 'accept' }],
    ],
    answers: ['on_track', 'on_track', ['on_track', 'The draft is in the launch folder']],
  },
  {
    title: 'Review the quarterly budget',
    channel: null,
    cadence: 'none',
    story: [
      [5, '09:30', { do: 'capture' }],
      [4, '09:20', { do: 'keep', reason: 'It needs my sign-off as budget owner' }],
    ],
  },
  {
    title: 'Plan the Q4 hackathon',
    channel: 'team',
    cadence: 'mwf',
    story: [[2, '17:00', { do: 'capture' }]],
  },
  {
    title: 'Schedule the interview loop for the design hire',
    channel: null,
    cadence: 'none',
    story: [[1, '11:00', { do: 'capture', owner: 'eli' }]],
  },
];

/** One moment of the replay, in time order. */
interface Step {
  at: Date;
  /** Index in HISTORY; -1 for the lead's morning prompts. */
  story: number;
  run: (ctx: ReplayState) => Promise<unknown>;
}

interface TaskState {
  id?: number;
  ownerId?: string;
  /** The check-in the owner has not answered yet (the latest ask in the thread or DM). */
  ask?: { channel: string; ts: string; checkinId: number };
  answersGiven: number;
}

interface ReplayState {
  deps: Deps;
  tasks: TaskState[];
  emulator: Emulator;
  /** Baton's Web API client for what a listener would do itself (show an answer in place). */
  client: webApi.WebClient;
}

export interface HistoryOptions {
  /** Baton's dependencies: the store and directory it uses; the seed brings its own clock, jobs and sender. */
  deps: Deps;
  emulator: Emulator;
  clock: SandboxClock;
}

export interface SeededHistory {
  steps: number;
  /** Steps Baton refused (the seed's story and Baton's rules disagree): logged, and skipped. */
  refused: string[];
}

const prefsOf = (who: Who): PromptPrefs => ({
  timeZone: PEOPLE[who].tz,
  promptTime: PEOPLE[who].promptTime,
  workingDays: PEOPLE[who].workingDays,
  pausedUntil: null,
});

/**
 * Replays HISTORY up to `now` through Baton's use cases, each at its own moment: the use cases run
 * with a clock that says that moment, and the emulator's clock replays it too, so the tasks, their
 * events and what Baton posted about them (offers, answers, check-ins, threads) carry their real
 * times. Notifications are delivered at once by the same use case the worker runs; check-ins come
 * from runCheckin at each of the owner's mornings, answered as the story says.
 */
export async function seedHistory(options: HistoryOptions, now: Date): Promise<SeededHistory> {
  const { emulator, clock } = options;
  const logger = options.deps.logger.child({ component: 'sandbox-seed' });
  let at = now;
  const pending: number[] = [];
  const notAtSeedTime = (what: string) => () => Promise.reject(new Error(`the sandbox seed enqueues no ${what}`));
  const jobs: Jobs = {
    deliverEvent: async (_teamId, eventId) => {
      pending.push(eventId);
    },
    captureCommands: notAtSeedTime('commands'),
    prompts: notAtSeedTime('prompts'),
    checkins: notAtSeedTime('check-ins'),
    syncDirectories: notAtSeedTime('directory syncs'),
    refreshTokens: notAtSeedTime('token refreshes'),
    welcome: notAtSeedTime('welcomes'),
    digests: notAtSeedTime('digests'),
    thank: notAtSeedTime('thanks'),
    // The page publishes the Homes it shows once the seed is done.
    publishHome: async () => {},
  };
  const client = new webApi.WebClient(SANDBOX.botToken, {
    slackApiUrl: emulator.apiUrl,
    logger: boltLogger(logger, 'sandbox-seed'),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const deps: Deps = {
    ...options.deps,
    jobs,
    now: () => at,
    messenger: slackMessenger(
      async () => client,
      () => at,
    ),
    // The replay's own steps (a few hundred "task changed") are not news; its problems are.
    logger: logger.child({}, { level: 'warn' }),
  };
  const state: ReplayState = { deps, tasks: HISTORY.map(() => ({ answersGiven: 0 })), emulator, client };
  const refused: string[] = [];
  const team = SANDBOX.teamId;

  const steps = stepsUntil(now);
  const start = steps[0]?.at ?? now;
  for (const who of Object.keys(PEOPLE) as Who[]) {
    const { promptTime, workingDays } = PEOPLE[who];
    at = start;
    await clock.replaying(at, () =>
      saveSettings(deps, team, SANDBOX.users[who], { promptTime, workingDays, pausedUntil: null }),
    );
  }
  for (const step of steps) {
    at = step.at;
    await clock.replaying(at, async () => {
      try {
        await step.run(state);
        for (const eventId of pending.splice(0)) await deliverEvent(deps, team, eventId);
      } catch (err) {
        pending.length = 0;
        const what = `${HISTORY[step.story]?.title ?? 'morning prompt'} at ${at.toISOString()}: ${err instanceof Error ? err.message : String(err)}`;
        refused.push(what);
        logger.warn({ step: what }, 'a sandbox seed step failed');
      }
    });
  }
  logger.info({ steps: steps.length, refused: refused.length }, 'sandbox history seeded');
  return { steps: steps.length, refused };
}

/** Every step of HISTORY (acts, check-in looks and answers) before `now`, in time order. */
function stepsUntil(now: Date): Step[] {
  const lead = prefsOf(LEAD);
  const today = localDateOf(lead.timeZone, now);
  const leadDay = (wd: number) => addWorkingDays(lead, today, -wd);
  const steps: Step[] = [];
  HISTORY.forEach((task, story) => {
    let owner: Who | undefined;
    let acceptedAt: Date | undefined;
    const checkinsUntil = (end: Date) => {
      if (!acceptedAt || !owner) return;
      steps.push(...checkinSteps(story, owner, acceptedAt, end < now ? end : now));
      acceptedAt = undefined;
    };
    for (const [wd, time, act] of task.story) {
      const actor = act.do === 'accept' || act.do === 'hand_back' || act.do === 'done' ? (owner ?? LEAD) : LEAD;
      const when = localTimeToInstant(PEOPLE[actor].tz, leadDay(wd), time);
      if (act.do !== 'accept') checkinsUntil(when);
      if (act.do === 'capture' && act.owner) owner = act.owner;
      if (act.do === 'offer') owner = act.to;
      if (act.do === 'hand_back') owner = undefined;
      if (act.do === 'accept') acceptedAt = when;
      steps.push({ at: when, story, run: (s) => perform(s, story, act, SANDBOX.users[actor], leadDay) });
    }
    checkinsUntil(now);
  });
  // The lead's mornings: Baton prompts whenever they hold something (runMorningPrompt decides).
  for (let wd = 16; wd >= 0; wd--) {
    const slot = localTimeToInstant(lead.timeZone, leadDay(wd), lead.promptTime);
    steps.push({
      at: slot,
      story: -1,
      run: (s) => runMorningPrompt(s.deps, SANDBOX.teamId, SANDBOX.users[LEAD], slot),
    });
  }
  return steps.filter((s) => s.at < now).sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** What one act does, through the use case a click or a command would run. */
async function perform(
  s: ReplayState,
  story: number,
  act: Act,
  actorId: string,
  leadDay: (wd: number) => string,
): Promise<void> {
  const spec = HISTORY[story];
  const task = s.tasks[story];
  if (!spec || !task) return;
  const team = SANDBOX.teamId;
  if (act.do === 'capture') {
    const result = await captureTask(s.deps, {
      teamId: team,
      leadId: actorId,
      title: spec.title,
      details: null,
      owner: act.owner ? { id: SANDBOX.users[act.owner] } : null,
      channelId: spec.channel ? SANDBOX.channels[spec.channel] : null,
      due: spec.dueWd === undefined ? null : { date: leadDay(-spec.dueWd), time: null },
      cadence: spec.cadence,
      source: 'command',
      sourcePermalink: null,
      requestKey: `sandbox-seed-${story}`,
    });
    if (result.kind !== 'captured') throw new Error(`capture: ${result.kind}`);
    task.id = result.task.id;
    task.ownerId = result.task.ownerId ?? undefined;
    return;
  }
  if (task.id === undefined) throw new Error('the task was never captured');
  const change: ChangeRequest =
    act.do === 'offer'
      ? { kind: 'offer', ownerId: SANDBOX.users[act.to] }
      : act.do === 'accept'
        ? { kind: 'accept' }
        : act.do === 'hand_back'
          ? { kind: 'hand_back', reason: act.reason }
          : act.do === 'keep'
            ? { kind: 'keep', reason: act.reason }
            : act.do === 'drop'
              ? { kind: 'drop' }
              : { kind: 'complete' };
  const held = act.do === 'offer' || act.do === 'keep' || act.do === 'drop' ? await promptListing(s, task.id) : null;
  const result = await changeTask(s.deps, { teamId: team, actorId, task: { id: task.id }, change });
  if (!result.ok) throw new Error(`${act.do}: ${refusalText(result.refusal)}`);
  const offeredTo = task.ownerId;
  task.ownerId = result.task.ownerId ?? undefined;
  if (act.do !== 'accept') delete task.ask;
  // As the offer's listener does once the owner answered: the offer shows the answer, without buttons.
  if ((act.do === 'accept' || act.do === 'hand_back') && offeredTo) {
    await showAnswered(s, offeredTo, result.task, act.do === 'accept' ? 'accepted' : 'handed_back');
  }
  // As the prompt's listener does after the lead acts on it: the prompt shows what became of the task.
  if (held) await refreshPrompt(s.deps, team, actorId, held.message, held.taskIds);
}

async function showAnswered(s: ReplayState, ownerId: string, task: Task, answer: 'accepted' | 'handed_back') {
  const offer = s.emulator
    .messages((m) => m.teamId === SANDBOX.teamId && m.dmUser === ownerId && idsIn(m, 'task').includes(task.id))
    .at(-1);
  if (!offer) return;
  const now = s.deps.now();
  const shown = offerAnswered(task, answer, { timeZone: zoneOf(ownerId), now });
  await s.client.chat.update({ channel: offer.channel, ts: offer.ts, ...shown });
}

function zoneOf(userId: string): string {
  const who = (Object.keys(SANDBOX.users) as Who[]).find((w) => SANDBOX.users[w] === userId);
  return who ? PEOPLE[who].tz : 'UTC';
}

/** The lead's latest morning prompt, if it lists the task: its message and the tasks it lists. */
async function promptListing(s: ReplayState, taskId: number) {
  const lead = SANDBOX.users[LEAD];
  const prompt = s.emulator
    .messages((m) => m.teamId === SANDBOX.teamId && m.dmUser === lead && idsIn(m, 'task').length > 0)
    .at(-1);
  const taskIds = prompt ? idsIn(prompt, 'task') : [];
  return prompt && taskIds.includes(taskId) ? { message: { channel: prompt.channel, ts: prompt.ts }, taskIds } : null;
}

/** The owner's mornings from acceptance until `end`: Baton looks (maybe asks), the owner answers 40 minutes later. */
function checkinSteps(story: number, owner: Who, acceptedAt: Date, end: Date): Step[] {
  const spec = HISTORY[story];
  if (!spec) return [];
  const prefs = prefsOf(owner);
  const facts = { status: 'accepted' as const, cadence: spec.cadence, dueAt: null };
  const steps: Step[] = [];
  for (
    let look = nextCheckinAt(facts, prefs, acceptedAt);
    look && look < end;
    look = nextCheckinAt(facts, prefs, look)
  ) {
    const lookAt = look;
    steps.push({ at: lookAt, story, run: (s) => lookIn(s, story, lookAt) });
    const answerAt = new Date(lookAt.getTime() + 40 * 60_000);
    if (answerAt < end) steps.push({ at: answerAt, story, run: (s) => answer(s, story) });
  }
  return steps;
}

async function lookIn(s: ReplayState, story: number, at: Date): Promise<void> {
  const task = s.tasks[story];
  if (task?.id === undefined) return;
  const run = await runCheckin(s.deps, SANDBOX.teamId, task.id, at);
  if (run.outcome !== 'looked' || !run.thread) return;
  const ask = latestAsk(s);
  if (ask) task.ask = ask;
}

async function answer(s: ReplayState, story: number): Promise<void> {
  const spec = HISTORY[story];
  const task = s.tasks[story];
  if (!spec || task?.id === undefined || !task.ask || !task.ownerId) return;
  const answers = spec.answers ?? ['on_track'];
  const given = answers[Math.min(task.answersGiven, answers.length - 1)] ?? null;
  task.answersGiven += 1;
  const ask = task.ask;
  delete task.ask;
  if (given === null) return;
  const [status, note] = typeof given === 'string' ? [given, null] : given;
  const result = await answerCheckin(s.deps, {
    teamId: SANDBOX.teamId,
    actorId: task.ownerId,
    checkinId: ask.checkinId,
    status,
    note,
  });
  if (!result.ok) throw new Error(`answer: ${refusalText(result.refusal)}`);
  // What the check-in listener does after an answer: the check-in shows it in place.
  const now = s.deps.now();
  const timeZone = zoneOf(task.ownerId);
  const shown = checkinAnswered(result.task, { status, note, byUserId: task.ownerId, at: now, timeZone, now });
  await s.client.chat.update({ channel: ask.channel, ts: ask.ts, ...shown });
}

/** The check-in Baton just posted (the newest message whose buttons carry a check-in id). */
function latestAsk(s: ReplayState): TaskState['ask'] {
  const asks = s.emulator.messages((m) => m.teamId === SANDBOX.teamId && checkinIdOf(m) !== null);
  const latest = asks.at(-1);
  const checkinId = latest ? checkinIdOf(latest) : null;
  return latest && checkinId !== null ? { channel: latest.channel, ts: latest.ts, checkinId } : undefined;
}

function checkinIdOf(m: Readonly<PostedMessage>): number | null {
  return idsIn(m, 'checkin')[0] ?? null;
}

/** The ids the message's block ids carry (`task:12`, `checkin:7`). */
function idsIn(m: Readonly<PostedMessage>, kind: 'task' | 'checkin'): number[] {
  return m.blocks.flatMap((block) => {
    const blockId = (block as { block_id?: unknown }).block_id;
    const id = typeof blockId === 'string' ? idFromBlockId(blockId, kind) : null;
    return id === null ? [] : [id];
  });
}
