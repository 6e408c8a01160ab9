import type { Row } from './table';

/** One bench of `npm run bench`: it measures Baton and its baseline in the same run and returns its rows. */
export interface Bench {
  name: string;
  /** What it measures, for the progress lines. */
  title: string;
  run(log: (line: string) => void): Promise<Row[]>;
}
