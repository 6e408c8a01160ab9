import type { Logger } from 'pino';
import type { Clock, Directory, Jobs, Messenger, Store } from './ports';

/** Everything a use case may reach, handed in by main.ts. */
export interface Deps {
  store: Store;
  directory: Directory;
  jobs: Jobs;
  messenger: Messenger;
  now: Clock;
  logger: Logger;
  /** When an unfinished send is presumed dead and Slack is checked before sending again (default 45 s). */
  staleClaimMs?: number;
}
