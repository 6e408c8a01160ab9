import { type HistoryEntry, suggestOwners } from '../domain/owner-suggestions';
import { zoneOf } from '../domain/person';
import { nextPromptAt, promptSlotAt } from '../domain/prompt-schedule';
import type { Task } from '../domain/task';
import type { Deps } from './deps';
import { knownPerson } from './people';
import type { PostedMessage, PromptContent, PromptOutcome } from './ports/notices';
import { sendOnce } from './send-once';
import { type DueWork, dueEach } from './tick';

/** The tick's share: one prompt job per lead whose next prompt instant has come. */
export function duePrompts(deps: Pick<Deps, 'people' | 'jobs'>): DueWork {
  return dueEach(
    'prompts',
    (at, limit) => deps.people.findDuePrompts(at, limit),
    (due, at) => deps.jobs.prompts(due, at),
  );
}

export type PromptRun =
  | { outcome: 'sent' | 'already_sent' | 'nothing_held' | 'not_a_prompt_slot'; next: Date | null }
  | { outcome: 'not_due' | 'not_a_lead' };

/**
 * The morning prompt of one lead, decided from the instant `at` alone: on a working, unpaused
 * local day past the prompt time, the held tasks are sent once for that local date (a day that
 * has passed is never sent late); then the next due instant is stored.
 */
export async function runMorningPrompt(deps: Deps, teamId: string, userId: string, at: Date): Promise<PromptRun> {
  const lead = await deps.people.find(teamId, userId);
  if (!lead || lead.isBot || lead.isDeleted) {
    await deps.people.setNextPromptAt(teamId, userId, null);
    return { outcome: 'not_a_lead' };
  }
  // A stale job (a tick from before the last run, or from before a settings change) does nothing.
  if (!lead.nextPromptAt || lead.nextPromptAt.getTime() > at.getTime()) return { outcome: 'not_due' };

  const slot = promptSlotAt(lead.prefs, at);
  let outcome: 'sent' | 'already_sent' | 'nothing_held' | 'not_a_prompt_slot' = 'not_a_prompt_slot';
  if (slot) {
    const { tasks, history } = await deps.tasks.listPromptableWithHistory(teamId, userId, at);
    if (tasks.length === 0) outcome = 'nothing_held';
    else {
      const key = `prompt-${userId}-${slot.localDate}`;
      const content = await promptContent(deps, teamId, userId, tasks, new Map(), history);
      const sent = await sendOnce(deps, { teamId, key, kind: 'prompt', target: userId }, () =>
        deps.messenger.prompt(teamId, content, lead.timeZone, key),
      );
      outcome = sent.sentNow ? 'sent' : 'already_sent';
      if (sent.sentNow)
        deps.logger.info({ team: teamId, user: userId, tasks: tasks.length, date: slot.localDate }, 'prompt sent');
    }
  }
  const next = await deps.people.setNextPromptAtWhileHolding(teamId, userId, nextPromptAt(lead.prefs, at));
  return { outcome, next };
}

/** A lead who holds something gets a next prompt instant (if none is set); a settings change recomputes it. */
export async function schedulePrompt(
  deps: Deps,
  teamId: string,
  leadId: string,
  recompute = false,
): Promise<Date | null> {
  const lead = await knownPerson(deps, teamId, leadId);
  if (!lead) return null;
  if (lead.nextPromptAt && !recompute) return lead.nextPromptAt;
  const holds = (await deps.tasks.listLedBy(teamId, leadId, ['held'])).length > 0;
  const next = holds ? nextPromptAt(lead.prefs, deps.now()) : null;
  await deps.people.setNextPromptAt(teamId, leadId, next);
  return next;
}

/**
 * The tasks of a prompt with up to three suggested owners each, learnt from the lead's history
 * (read here unless the caller has it already).
 */
export async function promptContent(
  deps: Pick<Deps, 'tasks' | 'people'>,
  teamId: string,
  leadId: string,
  tasks: readonly Task[],
  outcomes: ReadonlyMap<number, PromptOutcome> = new Map(),
  known?: readonly HistoryEntry[],
): Promise<PromptContent> {
  const history: readonly HistoryEntry[] = known ?? (await deps.tasks.listFinishedForLead(teamId, leadId));
  const ownerIds = [...new Set(history.map((h) => h.ownerId))];
  const [people, loads] = await Promise.all([
    deps.people.findMany(teamId, ownerIds),
    deps.tasks.countOpenOwned(teamId, ownerIds),
  ]);
  const byId = new Map(people.map((person) => [person.id, person]));
  const candidates = ownerIds.flatMap((id) => {
    const person = byId.get(id);
    return person ? [{ person, openLoad: loads.get(id) ?? 0 }] : [];
  });
  return {
    leadId,
    names: Object.fromEntries(candidates.map((c) => [c.person.id, c.person.name])),
    tasks: tasks.map((task) => {
      const outcome = outcomes.get(task.id);
      const suggestions = outcome ? [] : suggestOwners({ title: task.title, leadId }, history, candidates);
      return {
        task,
        suggestions: suggestions.map((s) => ({ userId: s.userId, reasons: s.reasons })),
        ...(outcome && { outcome }),
      };
    }),
  };
}

/**
 * After the lead acts on a prompt, the prompt is re-rendered in place: each of its tasks shows
 * what became of it and by whom, or its actions while it is still held.
 */
export async function refreshPrompt(
  deps: Deps,
  teamId: string,
  leadId: string,
  message: PostedMessage,
  taskIds: readonly number[],
): Promise<void> {
  const tasks = (await Promise.all(taskIds.map((id) => deps.tasks.find(teamId, id)))).filter(
    (t): t is Task => t !== undefined && t.leadId === leadId,
  );
  const outcomes = new Map<number, PromptOutcome>();
  for (const task of tasks) {
    const outcome = await outcomeOf(deps, task);
    if (outcome) outcomes.set(task.id, outcome);
  }
  const lead = await deps.people.find(teamId, leadId);
  const content = await promptContent(deps, teamId, leadId, tasks, outcomes);
  await deps.messenger.updatePrompt(teamId, message, content, zoneOf(lead));
}

async function outcomeOf(deps: Pick<Deps, 'tasks' | 'now'>, task: Task): Promise<PromptOutcome | null> {
  const event = await deps.tasks.latestEvent(task.teamId, task.id);
  if (!event) return null;
  const by = event.actorId;
  const now = deps.now();
  if ((event.kind === 'offered' || event.kind === 'reassigned') && task.ownerId) {
    return { kind: 'handed', byUserId: by, ownerId: task.ownerId };
  }
  if (event.kind === 'dropped') return { kind: 'dropped', byUserId: by };
  if (event.kind === 'kept' && task.keptUntil && task.keptUntil > now) {
    const reason = typeof event.payload.reason === 'string' ? event.payload.reason : null;
    return { kind: 'kept', byUserId: by, until: task.keptUntil, reason };
  }
  if (event.kind === 'snoozed' && task.snoozedUntil && task.snoozedUntil > now) {
    return { kind: 'snoozed', byUserId: by, until: task.snoozedUntil };
  }
  return null;
}
