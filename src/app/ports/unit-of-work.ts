import type { CheckinRepository } from './checkins';
import type { DeliveryRepository } from './deliveries';
import type { InstallationRepository } from './installations';
import type { OutboxRepository } from './outbox';
import type { PendingCaptureRepository } from './pending-captures';
import type { PersonRepository } from './people';
import type { ProcessedRequestRepository } from './processed-requests';
import type { ReceivedCommandRepository } from './received-commands';
import type { TaskRepository } from './tasks';
import type { WorkspaceRepository } from './workspaces';

/** Every repository, over the database or inside one transaction. */
export interface Repositories {
  tasks: TaskRepository;
  people: PersonRepository;
  checkins: CheckinRepository;
  workspaces: WorkspaceRepository;
  processedRequests: ProcessedRequestRepository;
  pendingCaptures: PendingCaptureRepository;
  deliveries: DeliveryRepository;
  outbox: OutboxRepository;
  installations: InstallationRepository;
  receivedCommands: ReceivedCommandRepository;
}

/** Runs `work` in one transaction: everything it writes through `repos` commits together or not at all. */
export type Transaction = <T>(work: (repos: Repositories) => Promise<T>) => Promise<T>;

/** The repositories, and transactions across them: what the use cases get to persist with. */
export interface Persistence extends Repositories {
  transaction: Transaction;
}
