import type { Persistence, Repositories } from '../app/ports/unit-of-work';
import { camelCaseView, type Db, type DbOrTx } from './database';
import { checkinRepository } from './repositories/checkins';
import { deliveryRepository } from './repositories/deliveries';
import { installationRepository } from './repositories/installations';
import { outboxRepository } from './repositories/outbox';
import { pendingCaptureRepository } from './repositories/pending-captures';
import { personRepository } from './repositories/people';
import { processedRequestRepository } from './repositories/processed-requests';
import { receivedCommandRepository } from './repositories/received-commands';
import { taskRepository } from './repositories/tasks';
import { workspaceRepository } from './repositories/workspaces';
import type { TokenSeal } from './token-seal';

/** Every repository over `db`: the database, or one transaction on it. */
function repositories(db: DbOrTx, seal: TokenSeal | undefined): Repositories {
  return {
    tasks: taskRepository(db),
    people: personRepository(db),
    checkins: checkinRepository(db),
    workspaces: workspaceRepository(db),
    processedRequests: processedRequestRepository(db),
    pendingCaptures: pendingCaptureRepository(db),
    deliveries: deliveryRepository(db),
    outbox: outboxRepository(db),
    installations: installationRepository(db, seal),
    receivedCommands: receivedCommandRepository(db),
  };
}

/**
 * The use cases' persistence over Postgres: every repository, and transactions across them. `seal`
 * (from ENCRYPTION_KEY) seals the installations' tokens; without it none can be stored.
 */
export function postgresRepositories(raw: Db, seal?: TokenSeal): Persistence {
  const db = camelCaseView(raw);
  return {
    ...repositories(db, seal),
    transaction: (work) => db.transaction().execute((trx) => work(repositories(trx, seal))),
  };
}
