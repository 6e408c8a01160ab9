import { QUIET_STATE } from '../domain/checkin';
import { nextCheckinAt } from '../domain/checkin-policy';
import type { Task } from '../domain/task';
import type { Deps } from './deps';
import { knownPerson } from './people';

/** A task just accepted (or accepted again) gets its first check-in look scheduled; otherwise none. */
export async function scheduleCheckins(deps: Deps, task: Task): Promise<void> {
  if (task.status !== 'accepted' || !task.ownerId) {
    if (task.nextCheckinAt) await deps.tasks.update(task.teamId, task.id, { nextCheckinAt: null });
    return;
  }
  const owner = await knownPerson(deps, task.teamId, task.ownerId);
  if (!owner) return;
  const facts = { status: task.status, cadence: task.checkinCadence, dueAt: task.dueAt };
  await deps.checkins.saveState(task.teamId, task.id, QUIET_STATE);
  await deps.tasks.update(task.teamId, task.id, { nextCheckinAt: nextCheckinAt(facts, owner.prefs, deps.now()) });
}
