/**
 * The sandbox's time, shared by Baton (deps.now) and the emulator: real time plus an offset that
 * only jumps forward, so a week of prompts and check-ins can be watched in minutes.
 */
export class SandboxClock {
  private offsetMs = 0;
  private replayAtMs: number | undefined;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Baton's clock. */
  readonly now = (): Date => new Date(this.nowMs());

  nowMs(): number {
    return this.realNow() + this.offsetMs;
  }

  /** The emulator's clock: the sandbox's, except while the seed replays a past moment (see `replaying`). */
  readonly slackNowMs = (): number => this.replayAtMs ?? this.nowMs();

  /** How far ahead of real time the sandbox is, in milliseconds. */
  get aheadMs(): number {
    return this.offsetMs;
  }

  /** Moves the sandbox's time to `at`; it never goes back (what was done stays done). */
  jumpTo(at: Date): void {
    const offset = at.getTime() - this.realNow();
    if (offset < this.offsetMs) throw new RangeError(`the sandbox clock only moves forward (to ${at.toISOString()})`);
    this.offsetMs = offset;
  }

  /** Back to real time (Reset: the workspace starts over now). */
  backToRealTime(): void {
    this.offsetMs = 0;
  }

  /**
   * Runs `work` with the emulator's clock at `at`, a past moment the seed replays, so what Baton
   * posted then carries that time. Baton's own clock is left alone.
   */
  async replaying<T>(at: Date, work: () => Promise<T>): Promise<T> {
    this.replayAtMs = at.getTime();
    try {
      return await work();
    } finally {
      this.replayAtMs = undefined;
    }
  }
}
