/** Requests already handled, by key: Slack retries and replayed payloads are done once. */
export interface ProcessedRequestRepository {
  /** True the first time a key is seen in a team, false every time after. */
  markProcessed(teamId: string, key: string): Promise<boolean>;
  /** Forgets the keys recorded before `before` (every team); returns how many. */
  prune(before: Date): Promise<number>;
}
