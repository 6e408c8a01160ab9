import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => readFile(path.join(ROOT, file), 'utf8');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|json)$/.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/** The headings of a markdown document, without their #s. */
function headings(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => (m[1] ?? '').trim());
}

/** `docs/x.md`, optionally followed by the section cited: `, Layers` or `, "Requests from Slack"`. */
const CITATION = /docs\/([\w./-]+\.md)(?:, "([^"]+)"|, ([A-Z][^)."\n:]*))?/g;

describe('documents cited by the code', () => {
  it('exist, with the sections cited', async () => {
    const files = [...(await filesUnder('src')), ...(await filesUnder('migrations')), 'biome.json'];
    const missing: string[] = [];
    let cited = 0;
    for (const file of files) {
      for (const m of (await read(file)).matchAll(CITATION)) {
        cited++;
        const doc = `docs/${m[1]}`;
        const section = m[2] ?? m[3]?.trim();
        const text = await read(doc).catch(() => null);
        if (text === null) missing.push(`${file}: ${doc} does not exist`);
        else if (section && !headings(text).includes(section)) missing.push(`${file}: ${doc} has no "${section}"`);
      }
    }
    expect(missing).toEqual([]);
    expect(cited).toBeGreaterThan(0);
  });
});

describe('docs/architecture.md', () => {
  it('quotes code as it is: every ```ts <file> block is in that file, line for line', async () => {
    const doc = await read('docs/architecture.md');
    const blocks = [...doc.matchAll(/^```ts (\S+)\n([\s\S]*?)^```$/gm)];
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    // Indentation aside: the formatter re-indents a quoted snippet that parses on its own.
    const unindented = (code: string) => code.replace(/^[ \t]+/gm, '');
    for (const [, file, code] of blocks) {
      expect(unindented(await read(file ?? '')), `${file} no longer has the code the document quotes`).toContain(
        unindented(code ?? ''),
      );
    }
  });
});
