import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every query on a table holding workspace data names the workspace (docs/architecture.md,
 * "Installations and tokens"): each selectFrom / updateTable / deleteFrom on such a table, in the
 * repositories, has a condition on teamId in its chain, unless the line above says why it works
 * across workspaces ("Across workspaces by design: …", e.g. the tick finding what is due).
 */

const REPOSITORIES = join(import.meta.dirname, '../../../src/db/repositories');
const SCHEMA = join(import.meta.dirname, '../../../src/db/schema.ts');
const BY_DESIGN = /Across workspaces by design: \S/;

/** The tables (as repositories name them) whose rows belong to a workspace: those with a teamId column. */
function teamTables(schema: string): Set<string> {
  const withTeam = new Set<string>();
  for (const m of schema.matchAll(/export interface (\w+Table) \{([\s\S]*?)\n\}/g)) {
    if (/^\s+teamId\b/m.test(m[2] ?? '')) withTeam.add(m[1] ?? '');
  }
  const database = /export interface Database \{([\s\S]*?)\n\}/.exec(schema)?.[1] ?? '';
  const tables = new Set<string>();
  for (const m of database.matchAll(/^\s+(\w+): (\w+Table);/gm)) if (withTeam.has(m[2] ?? '')) tables.add(m[1] ?? '');
  return tables;
}

interface Finding {
  line: number;
  table: string;
  query: string;
}

/** Queries on team tables whose chain (up to its execute, or the end of the statement) never names teamId. */
function unscopedQueries(source: string, tables: ReadonlySet<string>): { unscoped: Finding[]; byDesign: Finding[] } {
  const unscoped: Finding[] = [];
  const byDesign: Finding[] = [];
  for (const m of source.matchAll(/\b(selectFrom|updateTable|deleteFrom)\(\s*'(\w+)'/g)) {
    const table = m[2] ?? '';
    if (!tables.has(table)) continue;
    const start = m.index ?? 0;
    const rest = source.slice(start);
    const end = rest.search(/\.execute(TakeFirst(OrThrow)?)?\(|;\n|\n\s*\n/);
    const chain = rest.slice(0, end === -1 ? rest.length : end);
    const line = source.slice(0, start).split('\n').length;
    const finding = { line, table, query: chain.split('\n')[0] ?? '' };
    // A condition on the team: .where('teamId', …), a join on it, or raw SQL comparing team_id.
    if (/\.(where|whereRef|on|onRef)\(\s*['"]([\w]+\.)?teamId['"]|team_id\s*=|\bteamId\s*[,}]/.test(chain)) continue;
    const above = source
      .split('\n')
      .slice(Math.max(0, line - 4), line)
      .join('\n');
    if (BY_DESIGN.test(above)) byDesign.push(finding);
    else unscoped.push(finding);
  }
  return { unscoped, byDesign };
}

describe('every query names its workspace', () => {
  const tables = teamTables(readFileSync(SCHEMA, 'utf8'));

  it('knows the workspace tables from the schema', () => {
    for (const table of ['tasks', 'taskEvents', 'users', 'deliveries', 'checkins', 'installations', 'workspaces']) {
      expect(tables).toContain(table);
    }
  });

  it('finds no query on a workspace table without a condition on teamId in src/db/repositories', () => {
    const unscoped: string[] = [];
    let scanned = 0;
    for (const file of readdirSync(REPOSITORIES).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(REPOSITORIES, file), 'utf8');
      scanned += [...source.matchAll(/\b(selectFrom|updateTable|deleteFrom)\(/g)].length;
      for (const f of unscopedQueries(source, tables).unscoped) unscoped.push(`${file}:${f.line} ${f.query}`);
    }
    expect(scanned).toBeGreaterThan(30);
    expect(unscoped).toEqual([]);
  });

  it('flags a query without a team, and takes one that names it or says why it need not', () => {
    const bad = `const rows = await db.selectFrom('tasks').selectAll().where('id', '=', id).execute();`;
    expect(unscopedQueries(bad, tables).unscoped).toHaveLength(1);
    const update = `await db.updateTable('tasks').set({ status: 'done' }).where('id', '=', id).execute();`;
    expect(unscopedQueries(update, tables).unscoped).toHaveLength(1);
    const good = `await db.deleteFrom('tasks').where('teamId', '=', teamId).where('id', '=', id).execute();`;
    expect(unscopedQueries(good, tables).unscoped).toEqual([]);
    const said = `// Across workspaces by design: the tick looks at every workspace.\nawait db.selectFrom('users').select('userId').execute();`;
    expect(unscopedQueries(said, tables)).toMatchObject({ unscoped: [], byDesign: [{ table: 'users' }] });
    const selectsTeam = `await db.selectFrom('users').select(['teamId', 'userId']).where('nextPromptAt', '<=', at).execute();`;
    expect(unscopedQueries(selectsTeam, tables).unscoped).toHaveLength(1);
    const otherTable = `await db.selectFrom('kyselyMigration').selectAll().execute();`;
    expect(unscopedQueries(otherTable, tables).unscoped).toEqual([]);
  });
});
