import type { DueCheckin } from './checkins';
import type { ExpiringInstallation } from './installations';
import type { DueDigest, DuePrompt } from './people';
import type { ReceivedCommandKey } from './received-commands';

/** The work queue, as the use cases see it. Jobs carry ids only. queue/ implements it. */
export interface Jobs {
  /** Enqueue telling the people concerned about an event. Throws when the queue is unreachable. */
  deliverEvent(teamId: string, eventId: number): Promise<void>;
  /** Enqueue capturing these acked `/delegate` commands (one job per command while it waits). */
  captureCommands(commands: readonly ReceivedCommandKey[]): Promise<void>;
  /** Enqueue the morning prompt of each lead (one job per lead and due instant). */
  prompts(due: readonly DuePrompt[], at: Date): Promise<void>;
  /** Enqueue the check-in look of each task (one job per task and due instant). */
  checkins(due: readonly DueCheckin[], at: Date): Promise<void>;
  /** Enqueue the weekly digest of each lead (one job per lead and due instant). */
  digests(due: readonly DueDigest[], at: Date): Promise<void>;
  /** Enqueue sending a lead's thanks for a finished task (one job per task while it waits). */
  thank(teamId: string, leadId: string, taskId: number): Promise<void>;
  /**
   * Enqueue publishing these people's App Home, debounced: requests for one person within a few
   * seconds publish once, after the last change they saw.
   */
  publishHome(teamId: string, userIds: readonly string[]): Promise<void>;
  /** Enqueue refreshing these workspaces' member lists (at most one per workspace every few hours). */
  syncDirectories(teamIds: readonly string[], at: Date): Promise<void>;
  /** Enqueue refreshing these installations' tokens (one job per installation and expiry). */
  refreshTokens(due: readonly ExpiringInstallation[]): Promise<void>;
  /** Enqueue the welcome DM to whoever installed Baton at `at`. */
  welcome(teamId: string, userId: string, at: Date): Promise<void>;
}
