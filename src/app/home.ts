import type { CheckinStatus } from '../domain/checkin';
import { finishedByTeamIn } from '../domain/digest';
import { IMPACT_EVENT_KINDS, leadImpact, minusDays } from '../domain/impact';
import type { LeadHistory } from '../domain/impact-history';
import { zoneOf } from '../domain/person';
import { localDateOf } from '../domain/prompt-schedule';
import type { Task, TaskEvent } from '../domain/task';
import { type AnswerResult, answerCheckin } from './checkins';
import type { Deps } from './deps';
import { leadHistory } from './digest';
import { promptContent } from './morning-prompt';
import { knownPerson } from './people';
import type { HomeContent } from './ports/notices';
import type { Refusal } from './refusals';

/** The lead's history the Home reads: its held trend covers 8 weeks, so 60 (local) days back. */
const HISTORY_DAYS = 60;
/** The check-ins the follow-through figure counts. */
const CHECKIN_DAYS = 30;
/** "What you finished recently": the owner's last 14 days, at most this many. */
const FINISHED_DAYS = 14;
const FINISHED_ROWS = 10;
/** Held tasks shown with their actions (slack/blocks/home.ts shows 8): only these get owner suggestions. */
const SUGGESTED_ROWS = 8;

/**
 * Everything one person's App Home shows, as of `now`: as a lead (if they ever captured a task)
 * their impact, what they hold and what they handed off; as an owner (if anyone ever handed them
 * a task) what they own and finished lately. Every query is within the workspace.
 */
export async function loadHome(
  deps: Pick<Deps, 'tasks' | 'people'>,
  teamId: string,
  userId: string,
  now: Date,
): Promise<HomeContent & { timeZone: string }> {
  // A lead's reads are the longest, so they do not wait to learn whether the person leads or in
  // which zone: a day more than HISTORY_DAYS in UTC covers their local days in any zone, and more
  // history gives the same figures (leadImpact). Someone who never led gets them empty, unused.
  // The figures and the held tasks' owner suggestions read different rows: both at once.
  const leadReads = Promise.all([
    leadHistory(
      deps,
      teamId,
      userId,
      minusDays(now, HISTORY_DAYS + 1, 'UTC'),
      minusDays(now, CHECKIN_DAYS + 1, 'UTC'),
      IMPACT_EVENT_KINDS,
    ),
    openWithSuggestions(deps, teamId, userId),
  ]);
  // Awaited (and any failure thrown) in leadPart; unused, a failure does not matter.
  leadReads.catch(() => {});
  const [person, roles] = await Promise.all([deps.people.find(teamId, userId), deps.tasks.roles(teamId, userId)]);
  const timeZone = zoneOf(person);
  // The lead's part and the owner's part read different rows: both at once.
  const [lead, owner] = await Promise.all([
    roles.leads ? leadPart(leadReads, now, timeZone) : null,
    roles.owns ? ownerPart(deps, teamId, userId, now, timeZone) : null,
  ]);
  return { viewerId: userId, timeZone, lead: lead?.lead ?? null, owner, names: lead?.names ?? {} };
}

async function leadPart(
  leadReads: Promise<[LeadHistory, Awaited<ReturnType<typeof openWithSuggestions>>]>,
  now: Date,
  timeZone: string,
): Promise<{ lead: NonNullable<HomeContent['lead']>; names: Record<string, string> }> {
  const [history, { held, delegated, suggested }] = await leadReads;
  return {
    lead: {
      impact: leadImpact(history, { now, timeZone }),
      held: [...suggested.tasks, ...held.slice(SUGGESTED_ROWS).map((task) => ({ task, suggestions: [] }))],
      delegated,
      finishedByTeam: finishedByTeamIn(history, minusDays(now, 7, timeZone), now),
    },
    names: suggested.names,
  };
}

/**
 * What the lead holds, oldest first, the first SUGGESTED_ROWS with owner suggestions (none read when
 * nothing is held); and what they handed off, oldest first.
 */
async function openWithSuggestions(deps: Pick<Deps, 'tasks' | 'people'>, teamId: string, userId: string) {
  const open = await deps.tasks.listLedBy(teamId, userId, ['held', 'offered', 'accepted']);
  const held = open.filter((t) => t.status === 'held');
  const delegated = open.filter((t) => t.status !== 'held');
  const suggested =
    held.length > 0
      ? await promptContent(deps, teamId, userId, held.slice(0, SUGGESTED_ROWS))
      : { names: {}, tasks: [] };
  return { held, delegated, suggested };
}

async function ownerPart(
  deps: Pick<Deps, 'tasks'>,
  teamId: string,
  userId: string,
  now: Date,
  timeZone: string,
): Promise<NonNullable<HomeContent['owner']>> {
  const [owned, finished] = await Promise.all([
    deps.tasks.listOwnedBy(teamId, userId, ['offered', 'accepted']),
    deps.tasks.listFinishedBy(teamId, userId, minusDays(now, FINISHED_DAYS, timeZone), FINISHED_ROWS),
  ]);
  return { owned, finished };
}

/** The job behind every Home publish: the Home as it stands now, in the person's zone. */
export async function publishHome(deps: Deps, teamId: string, userId: string): Promise<void> {
  const person = await knownPerson(deps, teamId, userId);
  if (!person || person.isBot || person.isDeleted) return;
  const home = await loadHome(deps, teamId, userId, deps.now());
  await deps.messenger.publishHome(teamId, home, home.timeZone);
}

/** Someone opened Baton's Home tab: remember they have one to keep up to date, and publish it (debounced). */
export async function homeOpened(
  deps: Pick<Deps, 'people' | 'jobs' | 'now'>,
  teamId: string,
  userId: string,
): Promise<void> {
  await deps.people.setHomeOpened(teamId, userId, deps.now());
  await deps.jobs.publishHome(teamId, [userId]);
}

/** After a task event: the Homes of the people it concerns (who have one) are republished, debounced. */
export async function republishHomes(deps: Pick<Deps, 'people' | 'jobs'>, task: Task, event: TaskEvent): Promise<void> {
  const concerned = new Set<string>([task.leadId, event.actorId]);
  if (task.ownerId) concerned.add(task.ownerId);
  for (const key of ['ownerId', 'from', 'to', 'by'] as const) {
    const id = event.payload[key];
    if (typeof id === 'string') concerned.add(id);
  }
  const withHome = await deps.people.withHome(task.teamId, [...concerned]);
  if (withHome.length > 0) await deps.jobs.publishHome(task.teamId, withHome);
}

/**
 * "Add a note" on a task from the Home: who may, and the check-in the note will go on (the task's
 * latest; null when it was never asked about). Only its owner or lead, while it is offered or
 * accepted; a task of someone else is answered as an unknown one.
 */
export async function noteTarget(
  deps: Pick<Deps, 'tasks' | 'checkins'>,
  teamId: string,
  userId: string,
  taskId: number,
): Promise<{ ok: true; task: Task; checkinId: number | null } | { ok: false; refusal: Refusal }> {
  const task = await deps.tasks.find(teamId, taskId);
  if (!task || (task.ownerId !== userId && task.leadId !== userId))
    return { ok: false, refusal: { kind: 'task_gone' } };
  if (task.status !== 'offered' && task.status !== 'accepted') {
    const kind = task.status === 'done' ? 'already_done' : 'no_longer_open';
    return { ok: false, refusal: { kind, number: task.number } };
  }
  const latest = await deps.checkins.latest(teamId, taskId);
  return { ok: true, task, checkinId: latest?.id ?? null };
}

/**
 * The note submitted from the Home: on the task's latest check-in, as a note under a check-in is
 * (answerCheckin); a task never asked about gets the check-in of the owner's day, made only now
 * that there is a note for it (a form opened and cancelled leaves no unanswered check-in behind).
 */
export async function noteOnTask(
  deps: Deps,
  input: { teamId: string; actorId: string; taskId: number; status: CheckinStatus | null; note: string | null },
): Promise<AnswerResult> {
  const { teamId, actorId, taskId } = input;
  const target = await noteTarget(deps, teamId, actorId, taskId);
  if (!target.ok) return target;
  let checkinId = target.checkinId;
  if (checkinId === null) {
    const owner = target.task.ownerId ? await deps.people.find(teamId, target.task.ownerId) : undefined;
    const today = localDateOf(zoneOf(owner), deps.now());
    checkinId = (await deps.checkins.open(teamId, taskId, today, 'checkin')).id;
  }
  return answerCheckin(deps, { teamId, actorId, checkinId, status: input.status, note: input.note });
}
