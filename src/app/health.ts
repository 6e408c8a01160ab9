/** What GET /healthz reports: each dependency is probed; any failure makes the whole answer unhealthy. */
export type Probe = () => Promise<void>;

export interface HealthReport {
  ok: boolean;
  checks: Record<string, 'ok' | string>;
}

export async function checkHealth(probes: Record<string, Probe>): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      try {
        await probe();
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, `unreachable: ${err instanceof Error ? err.message : String(err)}`] as const;
      }
    }),
  );
  return { ok: entries.every(([, state]) => state === 'ok'), checks: Object.fromEntries(entries) };
}
