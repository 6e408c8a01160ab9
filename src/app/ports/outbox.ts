/**
 * Events whose notifications are not done yet: written in the event's transaction, removed when
 * its job finishes, so that the tick can redo what a flushed Redis lost.
 */
export interface OutboxRepository {
  /** Marks an event as having notifications to deliver (in the event's transaction). */
  add(teamId: string, eventId: number): Promise<void>;
  /** Its notifications are done. */
  remove(teamId: string, eventId: number): Promise<void>;
  /** Events (of every workspace) whose delivery has not finished after `olderThanMs`, oldest first. */
  listStale(olderThanMs: number, limit: number): Promise<Array<{ teamId: string; eventId: number }>>;
}
