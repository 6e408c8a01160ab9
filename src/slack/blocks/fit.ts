import { type Block, blocksTextLength } from './kit';

/** A list under a heading: as many rows as fit (at most `maxRows`), then "…and K more". */
export interface ListPart {
  head: Block[];
  /** Each row is one or more blocks, in the order to show. */
  rows: Block[][];
  maxRows: number;
  /** The line shown after the rows when some are left out. */
  more: (hidden: number) => Block;
  /** Shown instead of rows when there are none. */
  empty?: Block[];
}

/** A part is fixed blocks, always shown, or a list. */
export type Part = Block[] | ListPart;

export interface Limits {
  blocks: number;
  /** Characters of block text (see blocksTextLength). */
  text: number;
}

/**
 * Lays the parts out in order within both limits. Fixed blocks, list heads, empty lines and a
 * "…and K more" line per non-empty list are reserved first; then each list in turn takes rows
 * while they fit. Earlier lists are served first, so order the parts by importance.
 */
export function fitParts(parts: readonly Part[], limits: Limits): Block[] {
  const lists = parts.filter((p): p is ListPart => !Array.isArray(p));
  const reserved = parts.flatMap((p) => {
    if (Array.isArray(p)) return p;
    return [...p.head, ...(p.rows.length === 0 ? (p.empty ?? []) : [p.more(p.rows.length)])];
  });
  let blocks = reserved.length;
  let text = blocksTextLength(reserved);
  const shown = new Map<ListPart, number>();
  for (const list of lists) {
    let n = 0;
    for (const row of list.rows.slice(0, list.maxRows)) {
      const cost = blocksTextLength(row);
      if (blocks + row.length > limits.blocks || text + cost > limits.text) break;
      blocks += row.length;
      text += cost;
      n++;
    }
    shown.set(list, n);
  }
  return parts.flatMap((p) => {
    if (Array.isArray(p)) return p;
    if (p.rows.length === 0) return [...p.head, ...(p.empty ?? [])];
    const n = shown.get(p) ?? 0;
    return [...p.head, ...p.rows.slice(0, n).flat(), ...(n < p.rows.length ? [p.more(p.rows.length - n)] : [])];
  });
}

/**
 * Lines joined under a first line, as many as fit in `max` characters, then "…and K more" (the
 * lines are already escaped; a line is never cut, so no entity or mention is broken).
 */
export function linesWithin(first: string, lines: readonly string[], max: number, limit = lines.length): string {
  const more = (k: number) => `…and ${k} more`;
  let out = first;
  let n = 0;
  for (const line of lines.slice(0, limit)) {
    const room = max - (n + 1 < lines.length ? more(lines.length).length + 1 : 0);
    if (out.length + 1 + line.length > room) break;
    out = out === '' ? line : `${out}\n${line}`;
    n++;
  }
  return n < lines.length ? `${out}\n${more(lines.length - n)}` : out;
}
