import type { TaskEvent } from '../domain/task';
import type { Deps } from './deps';
import type { NewEvent } from './ports/tasks';
import type { Repositories } from './ports/unit-of-work';

/**
 * Appends an event whose notifications must go out, inside the caller's transaction: the outbox row
 * commits with it (so the tick can redo a delivery Redis lost), and the job is enqueued before the
 * commit (so a Redis outage saves nothing at all).
 */
export async function recordEvent(repos: Repositories, jobs: Deps['jobs'], event: NewEvent): Promise<TaskEvent> {
  const recorded = await repos.tasks.appendEvent(event);
  await repos.outbox.add(event.teamId, recorded.id);
  await jobs.deliverEvent(event.teamId, recorded.id);
  return recorded;
}
