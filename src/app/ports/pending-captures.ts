/** Inline captures waiting for their lead to settle an owner or a date; each belongs to the user who made it. */
export interface PendingCaptureRepository {
  /** Stores what the lead typed, parsed; returns its id. */
  save(teamId: string, userId: string, input: Record<string, unknown>): Promise<number>;
  /** The pending capture, only for the user who made it. */
  find(teamId: string, userId: string, id: number): Promise<Record<string, unknown> | undefined>;
  /** Removes and returns the pending capture, only for the user who made it: one resolution wins. */
  take(teamId: string, userId: string, id: number): Promise<Record<string, unknown> | undefined>;
}
