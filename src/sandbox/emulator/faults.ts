/** Injected failures: 5xx, latency, dropped connections and forced 429s. */

export type FaultKind = 'http5xx' | 'latency' | 'drop' | 'ratelimited';

export interface FaultSpec {
  /** Web API method (e.g. 'chat.postMessage'), 'response_url', or '*' for every call. */
  method: string;
  kind: FaultKind;
  /** HTTP status for 'http5xx' (default 503). */
  status?: number;
  /** 'http5xx' only: the call is carried out first (a message posted), then answered with the error. */
  afterEffect?: boolean;
  /** Delay for 'latency'. */
  ms?: number;
  /** Retry-After for 'ratelimited' (default 30). */
  retryAfterSec?: number;
  /** How many calls it hits (default 1; Infinity allowed). */
  times?: number;
  /** Only calls for this workspace. */
  teamId?: string;
  /** Only calls whose `channel` param is this (a channel id, or a user id for a DM post). */
  channel?: string;
  /** The share of matching calls it hits (default 1: every one), drawn from the emulator's seeded random. */
  probability?: number;
}

export interface ActiveFault extends Required<Pick<FaultSpec, 'method' | 'kind' | 'times'>> {
  id: number;
  status: number;
  ms: number;
  retryAfterSec: number;
  teamId?: string;
  channel?: string;
  afterEffect: boolean;
  probability: number;
  hits: number;
}

export class Faults {
  private readonly active: ActiveFault[] = [];
  private nextId = 1;
  private random: () => number;

  /** `seed` makes probabilistic faults hit the same calls in every run. */
  constructor(seed = 1) {
    this.random = seeded(seed);
  }

  reseed(seed: number): void {
    this.random = seeded(seed);
  }

  inject(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = {
      id: this.nextId++,
      method: spec.method,
      kind: spec.kind,
      times: spec.times ?? 1,
      status: spec.status ?? 503,
      ms: spec.ms ?? 0,
      retryAfterSec: spec.retryAfterSec ?? 30,
      probability: spec.probability ?? 1,
      afterEffect: spec.afterEffect ?? false,
      hits: 0,
      ...(spec.teamId ? { teamId: spec.teamId } : {}),
      ...(spec.channel ? { channel: spec.channel } : {}),
    };
    this.active.push(fault);
    return fault;
  }

  /** Takes (consumes one use of) the first fault matching this call. */
  take(method: string, teamId: string | undefined, channel?: unknown): ActiveFault | undefined {
    const fault = this.active.find(
      (f) =>
        (f.method === method || f.method === '*') &&
        (!f.teamId || f.teamId === teamId) &&
        (!f.channel || f.channel === channel) &&
        f.hits < f.times &&
        (f.probability >= 1 || this.random() < f.probability),
    );
    if (!fault) return undefined;
    fault.hits += 1;
    if (fault.hits >= fault.times) this.active.splice(this.active.indexOf(fault), 1);
    return fault;
  }

  remove(id: number): void {
    const i = this.active.findIndex((f) => f.id === id);
    if (i >= 0) this.active.splice(i, 1);
  }

  list(): readonly ActiveFault[] {
    return this.active;
  }

  clear(): void {
    this.active.length = 0;
  }
}

/** mulberry32: a small seeded generator, so a storm of faults (or a fuzz run) can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
