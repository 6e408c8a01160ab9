import type { Deps } from './deps';

/**
 * Forgets a workspace entirely: its people, tasks, their history and what was sent. For a workspace
 * that starts over (the sandbox's Reset); nothing of it is kept.
 */
export async function forgetWorkspace(deps: Pick<Deps, 'workspaces' | 'logger'>, teamId: string): Promise<void> {
  const rows = await deps.workspaces.forget(teamId);
  deps.logger.info({ team: teamId, rows }, 'workspace forgotten');
}
