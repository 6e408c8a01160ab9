import { DEFAULT_WORKING_DAYS } from '../domain/person';
import { KEEP_DAYS } from '../domain/prompt-schedule';
import { type SnoozeChoice, snoozeUntil } from '../domain/snooze';
import { MAX_TASK_NUMBER, type Task, type TaskEvent } from '../domain/task';
import { decide, type TaskAction } from '../domain/task-lifecycle';
import { cleanUserText } from '../domain/text';
import type { Deps } from './deps';
import { schedulePrompt } from './morning-prompt';
import { knownPerson } from './people';
import { recordEvent } from './record-event';
import type { Refusal } from './refusals';
import { scheduleCheckins } from './schedule-checkins';

export type TaskSelector = { id: number } | { number: number };

export type ChangeRequest =
  | { kind: 'offer'; ownerId: string }
  | { kind: 'reassign'; ownerId: string }
  | { kind: 'accept' }
  | { kind: 'hand_back'; reason: string }
  | { kind: 'complete' }
  | { kind: 'drop' }
  | { kind: 'snooze'; choice: SnoozeChoice }
  | { kind: 'keep'; reason: string | null }
  | { kind: 'take_back' }
  | { kind: 'reopen' };

export type ChangeResult =
  | { ok: true; task: Task; event: TaskEvent }
  /** Nothing changed. */
  | { ok: false; refusal: Refusal };

/**
 * One change of ownership or status, by someone, on a task of their workspace: the domain decides
 * whether it is allowed; the change, its event and the job telling the others commit together.
 */
export async function changeTask(
  deps: Deps,
  request: { teamId: string; actorId: string; task: TaskSelector; change: ChangeRequest },
): Promise<ChangeResult> {
  const { teamId, actorId, change } = request;
  const task =
    'id' in request.task
      ? await deps.tasks.find(teamId, request.task.id)
      : request.task.number <= MAX_TASK_NUMBER
        ? await deps.tasks.findByNumber(teamId, request.task.number)
        : undefined;
  if (!task) {
    return {
      ok: false,
      refusal: 'number' in request.task ? { kind: 'no_such_task', number: request.task.number } : { kind: 'task_gone' },
    };
  }
  const action = await toAction(deps, teamId, task, change);
  if ('refusal' in action) return { ok: false, refusal: action.refusal };
  const now = deps.now();
  const decision = decide(task, actorId, action, now);
  if (!decision.ok) return { ok: false, refusal: decision.refusal };

  const outcome = await deps.transaction(async (repos) => {
    const updated = await repos.tasks.update(teamId, task.id, decision.patch, [task.status]);
    if (!updated) return undefined;
    const event = await recordEvent(repos, deps.jobs, {
      teamId,
      taskId: task.id,
      actorId,
      kind: decision.event.kind,
      payload: decision.event.payload,
      at: now,
    });
    return { task: updated, event };
  });
  if (!outcome) return { ok: false, refusal: { kind: 'changed_meanwhile', number: task.number } };
  if (outcome.task.status === 'held') await schedulePrompt(deps, teamId, outcome.task.leadId);
  await scheduleCheckins(deps, outcome.task);
  deps.logger.info({ team: teamId, user: actorId, task: task.id, event: outcome.event.kind }, 'task changed');
  return { ok: true, ...outcome };
}

async function toAction(
  deps: Deps,
  teamId: string,
  task: Task,
  change: ChangeRequest,
): Promise<TaskAction | { refusal: Refusal }> {
  switch (change.kind) {
    case 'offer':
    case 'reassign': {
      const owner = await knownPerson(deps, teamId, change.ownerId);
      if (!owner) return { refusal: { kind: 'not_a_member', userId: change.ownerId } };
      // A stale "Hand to…" on a task someone already owns moves it on.
      return { kind: change.kind === 'offer' && task.status !== 'held' ? 'reassign' : change.kind, owner };
    }
    case 'snooze': {
      const lead = await knownPerson(deps, teamId, task.leadId);
      const prefs = lead?.prefs ?? { timeZone: 'UTC', workingDays: DEFAULT_WORKING_DAYS };
      return { kind: 'snooze', until: snoozeUntil(change.choice, prefs, deps.now()) };
    }
    case 'keep': {
      const reason = change.reason === null ? null : cleanUserText(change.reason);
      return { kind: 'keep', reason, until: new Date(deps.now().getTime() + KEEP_DAYS * 86_400_000) };
    }
    case 'hand_back':
      return { kind: 'hand_back', reason: cleanUserText(change.reason) };
    default:
      return change;
  }
}

/**
 * Before asking for more (a reason, a new owner) in a form: would this person be allowed to hand
 * the task back or reassign it at all? Why not, or null when the form may open.
 */
export function whyNotAllowed(task: Task, actorId: string, kind: 'hand_back' | 'reassign', now: Date): Refusal | null {
  const anyone = { teamId: task.teamId, id: '', name: '', timeZone: 'UTC', isBot: false, isDeleted: false };
  const action: TaskAction = kind === 'hand_back' ? { kind, reason: 'form' } : { kind, owner: anyone };
  const decision = decide(task, actorId, action, now);
  return !decision.ok && (decision.code === 'not_allowed' || decision.code === 'invalid_state')
    ? decision.refusal
    : null;
}
