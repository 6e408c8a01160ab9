import { configDefaults, defineConfig } from 'vitest/config';

/** The year and month simulations: minutes each, so `npm run test:quick` leaves them out. */
const SIMULATIONS = ['test/integration/prompts/year.test.ts', 'test/integration/checkins/month.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // Most tests wait on Postgres, Redis and HTTP rather than the CPU: more workers than the 2 cores.
    maxWorkers: 4,
    // Waits on the app (a job, a Slack call) get room on a busy 2-core machine; they end as soon as they hold.
    expect: { poll: { timeout: 20_000, interval: 50 } },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SIMULATIONS],
          testTimeout: 30_000,
        },
      },
      { extends: true, test: { name: 'simulation', include: SIMULATIONS, testTimeout: 30_000 } },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      // Faults injected into real processes and services of the tests' own: `npm run test:chaos`, not `npm test`.
      {
        extends: true,
        test: { name: 'chaos', include: ['test/chaos/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 60_000 },
      },
    ],
  },
});
