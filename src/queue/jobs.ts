import type { Job } from 'bullmq';
import { DomainError } from '../domain/errors';

/** Job names and payloads. Jobs carry ids and instants, never tokens or message text. */

export const QUEUE_NAME = 'baton';

export interface TickJob {
  /** The instant the tick stands for (ISO-8601). Absent on jobs made by the scheduler: they use their slot time. */
  at?: string;
}

/** Tell the people concerned about a task event. */
export interface DeliverEventJob {
  teamId: string;
  eventId: number;
}

/** Capture an acked `/delegate` command kept in Postgres (received_commands), and answer it. */
export interface CaptureJob {
  teamId: string;
  commandId: number;
}

/** Load a workspace's member list into Postgres. */
export interface SyncDirectoryJob {
  teamId: string;
}

/** One lead's morning prompt, as of the tick instant `at`. */
export interface PromptJob {
  teamId: string;
  userId: string;
  at: string;
}

/** One task's check-in day, as of the tick instant `at`. */
export interface CheckinJob {
  teamId: string;
  taskId: number;
  at: string;
}

/** Refresh an installation's bot token before it expires (token rotation). Ids only, never a token. */
export interface RefreshTokenJob {
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
}

/** The DM to whoever installed Baton, for the install at `at` (one per install). */
export interface WelcomeJob {
  teamId: string;
  userId: string;
  at: string;
}

/** One lead's weekly digest, as of the tick instant `at`. */
export interface DigestJob {
  teamId: string;
  userId: string;
  at: string;
}

/** A lead's thanks to whoever finished one of their tasks. */
export interface ThankJob {
  teamId: string;
  leadId: string;
  taskId: number;
}

/** One person's App Home, published as it stands when the job runs. */
export interface PublishHomeJob {
  teamId: string;
  userId: string;
}

export interface JobPayloads {
  tick: TickJob;
  deliverEvent: DeliverEventJob;
  capture: CaptureJob;
  syncDirectory: SyncDirectoryJob;
  prompt: PromptJob;
  checkin: CheckinJob;
  refreshToken: RefreshTokenJob;
  welcome: WelcomeJob;
  digest: DigestJob;
  thank: ThankJob;
  publishHome: PublishHomeJob;
}

/** Jobs that message a workspace: they pass its pacing gate and wait out its rate limits. */
export const SENDING_JOBS: ReadonlySet<JobName> = new Set<JobName>([
  'deliverEvent',
  'prompt',
  'checkin',
  'welcome',
  'digest',
  'thank',
  'publishHome',
]);

export type JobName = keyof JobPayloads;

/** BullMQ job ids must not contain ':' nor be all digits; this one is also stable for a given minute. */
export function tickJobId(at: Date): string {
  return `tick-${at.toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;
}

/** BullMQ types a scheduler id as a job name; the tick's scheduler is simply named after its job. */
export function deliverEventJobId(job: DeliverEventJob): string {
  return `event-${job.teamId}-${job.eventId}`;
}

/** One job per received command while it waits: the tick's sweep does not double one still queued. */
export function captureJobId(job: CaptureJob): string {
  return `capture-${job.teamId}-${job.commandId}`;
}

/** One directory sync per workspace per six hours, however many ticks or start-ups ask. */
export function syncDirectoryJobId(job: SyncDirectoryJob, at: Date): string {
  const window = Math.floor(at.getTime() / (6 * 3_600_000));
  return `sync-${job.teamId}-${window}`;
}

/** Same task, same due instant, same job: overlapping ticks enqueue it once. */
export function checkinJobId(teamId: string, taskId: number, dueAt: Date): string {
  return `checkin-${teamId}-${taskId}-${dueAt.toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;
}

/** Same lead, same due instant, same job: overlapping ticks enqueue it once. */
export function promptJobId(teamId: string, userId: string, dueAt: Date): string {
  return `prompt-${teamId}-${userId}-${dueAt.toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;
}

/** One refresh per installation and expiry: once refreshed, the expiry moves and so does the id. */
export function refreshTokenJobId(job: RefreshTokenJob, expiresAt: Date): string {
  const owner = job.isEnterpriseInstall ? `E${job.enterpriseId ?? ''}` : (job.teamId ?? '');
  return `refresh-${owner}-${expiresAt.toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;
}

/** One welcome per installer and install. */
export function welcomeJobId(job: WelcomeJob): string {
  return `welcome-${job.teamId}-${job.userId}-${new Date(job.at).getTime()}`;
}

/** Same lead, same due instant, same job: overlapping ticks enqueue it once (one due instant per local week). */
export function digestJobId(teamId: string, userId: string, dueAt: Date): string {
  return `digest-${teamId}-${userId}-${dueAt.toISOString().slice(0, 16).replace(/[-:]/g, '')}Z`;
}

/** Clicking "Thank" twice while the first job waits enqueues it once (the delivery key does the rest). */
export function thankJobId(teamId: string, taskId: number): string {
  return `thank-${teamId}-${taskId}`;
}

/** How long a Home publish waits for more changes: requests for one person within it publish once. */
export const HOME_DEBOUNCE_MS = 2_000;

/** The deduplication id of a person's pending Home publish. */
export function homeDedupId(teamId: string, userId: string): string {
  return `home-${teamId}-${userId}`;
}

export const TICK_SCHEDULER_ID: JobName = 'tick';

/** The instant a tick job stands for: the one it carries (from `npm run tick -- --at`) or its scheduler slot. */
export function tickInstant(job: Job<TickJob>): Date {
  const instant = new Date(job.data.at ?? job.opts.prevMillis ?? job.timestamp);
  if (Number.isNaN(instant.getTime()))
    throw new DomainError('invalid_instant', `tick job ${job.id} carries an invalid instant`);
  return instant;
}
