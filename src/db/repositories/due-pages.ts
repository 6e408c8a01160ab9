import { type Expression, type RawBuilder, sql } from 'kysely';

/** Rows per query when the tick reads what is due: a short range of a due index each time. */
export const DUE_PAGE = 1_000;

/** A due row as read, with its due instant exactly as Postgres has it (microseconds; a Date keeps milliseconds). */
export type Paged<T> = T & { dueKey: string };

/** The exact due instant, as text that casts back to the same timestamptz: the next page starts after it. */
export const exactInstant = (column: Expression<Date | null>): RawBuilder<string> => sql<string>`${column}::text`;

/** The cursor's instant, as a parameter compared with the index's column. */
export const instantParam = (dueKey: string): RawBuilder<Date> => sql<Date>`${dueKey}::timestamptz`;

/**
 * Up to `limit` due rows, read a page at a time in the order of their due index, each page after
 * the last row of the one before (keyset pagination): however much is due (a day of outage), each
 * query stays a short index-only range (migrations/0011_due_keyset_indexes.ts).
 */
export async function readDuePages<T>(
  limit: number,
  page: (size: number, after: Paged<T> | undefined) => Promise<Array<Paged<T>>>,
): Promise<T[]> {
  const rows: T[] = [];
  let after: Paged<T> | undefined;
  while (rows.length < limit) {
    const size = Math.min(DUE_PAGE, limit - rows.length);
    const found = await page(size, after);
    for (const { dueKey: _, ...row } of found) rows.push(row as T);
    after = found.at(-1);
    if (found.length < size) break;
  }
  return rows;
}
