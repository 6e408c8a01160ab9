import 'vitest';

// What test/support/global-setup.ts provides to every test file, through `inject(...)`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** A fresh database for this run, migrated to latest. */
    databaseUrl: string;
    /** A migrated database nobody connects to, to copy scratch databases from. */
    templateDatabase: string;
    /** The maintenance database, for creating scratch databases. */
    adminDatabaseUrl: string;
    redisUrl: string;
    /** BullMQ prefix for this run; its keys are deleted at teardown. */
    queuePrefix: string;
  }
}
