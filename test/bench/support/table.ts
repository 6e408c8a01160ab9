import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * One figure of the bench table: Baton's value beside its baseline's, measured in the same run.
 * `better` says which way is good, so the ratio and the target read the same for every row.
 */
export interface Row {
  bench: string;
  figure: string;
  unit: string;
  baton: number;
  /** What Baton is compared with (bare Bolt, a bare BullMQ worker, Slack's limits, one worker…); absent when nothing is. */
  baseline?: number;
  baselineLabel?: string;
  /** baton / baseline. */
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
}

export function row(r: Omit<Row, 'ratio'>): Row {
  const ratio =
    r.baseline !== undefined && Number.isFinite(r.baseline) && r.baseline !== 0 ? r.baton / r.baseline : undefined;
  return { ...r, ...(ratio !== undefined ? { ratio } : {}) };
}

function num(n: number | undefined, unit = ''): string {
  if (n === undefined || Number.isNaN(n)) return '–';
  const digits = Math.abs(n) >= 100 || Number.isInteger(n) ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return `${n.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

const HEADER = ['bench', 'figure', 'Baton', 'baseline', 'ratio', 'target', 'met?'] as const;

function cells(r: Row): string[] {
  return [
    r.bench,
    r.figure,
    num(r.baton, r.unit),
    r.baseline === undefined ? '–' : `${num(r.baseline, r.unit)} (${r.baselineLabel ?? 'baseline'})`,
    r.ratio === undefined ? '–' : `${r.ratio.toFixed(2)}×`,
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ];
}

/** The table as aligned text, for the terminal. */
export function formatTable(rows: readonly Row[]): string {
  const all = [HEADER.map(String), ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...all.map((c) => (c[i] ?? '').length)));
  return all
    .map((c) =>
      c
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The table as Markdown, for the README's Performance section. */
export function formatMarkdown(rows: readonly Row[]): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${cells(r).join(' | ')} |`);
  return lines.join('\n');
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
