import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { IMPACT_EVENT_KINDS } from '../../../src/domain/impact';

/**
 * The Home's history reads the events of IMPACT_EVENT_KINDS through a partial index of those kinds
 * (migrations/0010): Postgres uses it only when every kind asked for is in its predicate. A kind
 * added to the figures wants a migration that indexes it too, else the Home reads through the
 * index of all events again, slower.
 */
it('the partial index of the events holds every kind the figures read', () => {
  const migration = readFileSync(
    join(import.meta.dirname, '../../../migrations/0010_home_statistics_and_index.ts'),
    'utf8',
  );
  const predicate = /const IMPACT_KINDS = sql`\(([^)]*)\)`/.exec(migration)?.[1] ?? '';
  const indexed = [...predicate.matchAll(/'(\w+)'/g)].map((m) => m[1]);
  expect(indexed).toEqual(expect.arrayContaining([...IMPACT_EVENT_KINDS]));
});
