import type { Logger } from 'pino';
import type { Jobs } from './ports/jobs';
import type { Directory, Messenger } from './ports/slack';
import type { Persistence } from './ports/unit-of-work';

export type Clock = () => Date;

/** Everything a use case may reach, handed in by main.ts. */
export interface Deps extends Persistence {
  directory: Directory;
  jobs: Jobs;
  messenger: Messenger;
  now: Clock;
  logger: Logger;
  /** When an unfinished send is presumed dead and Slack is checked before sending again (default 45 s). */
  staleClaimMs?: number;
}
