/**
 * What GET /healthz reports. Postgres and Redis are required: without either Baton cannot work,
 * and the answer is 503. Slack is reported but not required: Baton keeps taking requests and
 * queueing messages while Slack is away, and sends them when it is back ('degraded').
 */
/** Resolves when the dependency is usable; resolves with a string (its state, e.g. 'migrating') when reachable but not yet usable. */
export type Probe = () => Promise<unknown>;

export interface HealthReport {
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, 'ok' | string>;
}

/** A dependency that does not answer within this is reported unreachable. */
const PROBE_TIMEOUT_MS = 2_000;

export async function checkHealth(
  required: Record<string, Probe>,
  informational: Record<string, Probe> = {},
): Promise<HealthReport> {
  const [must, may] = await Promise.all([probeAll(required), probeAll(informational)]);
  const failing = (entries: Array<[string, string]>) => entries.some(([, state]) => state !== 'ok');
  const status = failing(must) ? 'unavailable' : failing(may) ? 'degraded' : 'ok';
  return { status, checks: Object.fromEntries([...must, ...may]) };
}

function probeAll(probes: Record<string, Probe>): Promise<Array<[string, string]>> {
  return Promise.all(
    Object.entries(probes).map(async ([name, probe]): Promise<[string, string]> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      });
      try {
        const state = await Promise.race([probe(), late]);
        return [name, typeof state === 'string' ? state : 'ok'];
      } catch (err) {
        return [name, `unreachable: ${err instanceof Error ? err.message : String(err)}`];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
