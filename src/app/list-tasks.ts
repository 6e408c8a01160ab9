import { zoneOf } from '../domain/person';
import type { Task } from '../domain/task';
import type { Deps } from './deps';
import { knownPerson } from './people';

export interface TaskOverview {
  held: Task[];
  delegated: Task[];
  owned: Task[];
  timeZone: string;
}

/** What `/delegate list` shows a person: what they hold, what they handed off, what they own; oldest first. */
export async function listTasks(deps: Deps, teamId: string, viewerId: string): Promise<TaskOverview> {
  const [viewer, led, owned] = await Promise.all([
    knownPerson(deps, teamId, viewerId),
    deps.tasks.listLedBy(teamId, viewerId, ['held', 'offered', 'accepted']),
    deps.tasks.listOwnedBy(teamId, viewerId, ['offered', 'accepted']),
  ]);
  return {
    held: led.filter((t) => t.status === 'held'),
    delegated: led.filter((t) => t.status !== 'held' && t.ownerId !== viewerId),
    owned,
    timeZone: zoneOf(viewer),
  };
}
