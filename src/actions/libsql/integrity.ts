import type { Client } from '@libsql/client';
import { quoteIdent } from '../../util/sql-ident.js';
import { errorText, isCorruptionError } from './client.js';

/** A b-tree of the schema: its root page names it in `Tree N page M` problems. */
export interface SchemaObject {
  name: string;
  type: 'table' | 'index';
  table: string;
  rootpage: number;
}

export interface IntegrityReport {
  ok: boolean;
  /** One line per problem, as SQLite wrote it (headers like `*** in database main ***` left out). */
  problems: string[];
  /** Indexes named by the problems (directly, or through the root page of their tree). */
  indexes: string[];
  /** Tables named by the problems. */
  tables: string[];
  /** Every problem names an index and nothing else: REINDEX can repair it. */
  indexOnly: boolean;
  /** The check that produced the problems (`integrity_check` falls back to `quick_check`). */
  check: 'integrity_check' | 'quick_check';
}

const INDEX_PATTERNS = [
  /\bindex ([^\s,]+)$/, // "row 5 missing from index idx", "wrong # of entries in index idx"
  /\bof index ([^\s,]+)/, // "rowid not at end-of-record for row 1 of index idx"
  /non-unique entry in index ([^\s,]+)/,
];

/**
 * Sorts SQLite's problem lines into the indexes and tables they name. Pure; `schema` maps
 * root pages to objects. A line naming nothing known (a free-list or page-usage problem)
 * makes the corruption more than an index's.
 */
export function classifyProblems(
  rawRows: string[],
  schema: SchemaObject[],
  pageOwners: ReadonlyMap<number, string> = new Map(),
): Omit<IntegrityReport, 'check'> {
  const problems = rawRows
    .flatMap((row) => row.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\*\*\* in database \w+ \*\*\*$/.test(line));
  if (problems.length === 1 && problems[0] === 'ok') {
    return { ok: true, problems: [], indexes: [], tables: [], indexOnly: false };
  }
  const byRoot = new Map(schema.map((o) => [o.rootpage, o]));
  const byName = new Map(schema.map((o) => [o.name, o]));
  const indexes = new Set<string>();
  const tables = new Set<string>();
  let everyLineIsIndex = problems.length > 0;
  for (const line of problems) {
    const named = nameInLine(line, byRoot, byName, pageOwners);
    if (named === null) {
      everyLineIsIndex = false;
      continue;
    }
    if (named.type === 'index') indexes.add(named.name);
    else {
      tables.add(named.name);
      everyLineIsIndex = false;
    }
  }
  return { ok: false, problems, indexes: [...indexes], tables: [...tables], indexOnly: everyLineIsIndex };
}

function nameInLine(
  line: string,
  byRoot: Map<number, SchemaObject>,
  byName: Map<string, SchemaObject>,
  pageOwners: ReadonlyMap<number, string>,
): SchemaObject | null {
  const tree = /^Tree (\d+) page/.exec(line);
  if (tree) return byRoot.get(Number(tree[1])) ?? null;
  const scoped = /^(?:table|index) (\S+): /.exec(line);
  if (scoped) return byName.get(scoped[1]!) ?? null;
  const page = pageOf(line);
  if (page !== null) {
    const owner = pageOwners.get(page);
    return owner === undefined ? null : (byName.get(owner) ?? null);
  }
  for (const re of INDEX_PATTERNS) {
    const m = re.exec(line);
    const obj = m ? byName.get(m[1]!) : undefined;
    if (obj) return obj;
  }
  const nullValue = /^NULL value in ([^.\s]+)\./.exec(line);
  if (nullValue) return byName.get(nullValue[1]!) ?? null;
  return null;
}

/** The page a line is about (`Multiple uses for byte 9 of page 18`), unless it names its tree. */
function pageOf(line: string): number | null {
  if (/^Tree \d+/.test(line) || /never used/.test(line)) return null;
  const m = /\bpage (\d+)\b/i.exec(line);
  return m ? Number(m[1]) : null;
}

/** Which b-tree owns each page a problem names, from `dbstat` (best effort on a damaged file). */
async function ownersOf(client: Client, lines: string[]): Promise<Map<number, string>> {
  const pages = [...new Set(lines.flatMap((row) => row.split('\n')).map(pageOf).filter((p): p is number => p !== null))];
  const owners = new Map<number, string>();
  if (pages.length === 0) return owners;
  try {
    const rs = await client.execute({
      sql: `SELECT pageno, name FROM dbstat WHERE pageno IN (${pages.map(() => '?').join(', ')})`,
      args: pages,
    });
    for (const r of rs.rows) owners.set(Number(r['pageno']), String(r['name']));
  } catch {
    // dbstat walks every tree and may trip over the damage itself
  }
  return owners;
}

/** The schema's b-trees, or an empty list when even the schema cannot be read. */
export async function readSchema(client: Client): Promise<SchemaObject[]> {
  try {
    const rs = await client.execute(
      "SELECT name, type, tbl_name, rootpage FROM sqlite_schema WHERE type IN ('table', 'index') AND rootpage > 0",
    );
    return rs.rows.map((r) => ({
      name: String(r['name']),
      type: r['type'] === 'index' ? 'index' : 'table',
      table: String(r['tbl_name']),
      rootpage: Number(r['rootpage']),
    }));
  } catch {
    return [];
  }
}

/**
 * `PRAGMA integrity_check` (or `quick_check`). A page so damaged that integrity_check
 * aborts with SQLITE_CORRUPT is still located by quick_check, which does not cross-check
 * indexes against tables; when that aborts too, each table is checked on its own
 * (`quick_check(TABLE)`) to find the damaged ones. The abort itself is reported as a problem.
 */
export async function checkIntegrity(client: Client, opts: { quick?: boolean; maxErrors?: number } = {}): Promise<IntegrityReport> {
  const max = Math.max(1, Math.trunc(opts.maxErrors ?? 100));
  const schema = await readSchema(client);
  const run = async (pragma: string): Promise<string[]> => (await client.execute(pragma)).rows.map((r) => String(r[0]));
  const classify = async (rows: string[]) => classifyProblems(rows, schema, await ownersOf(client, rows));
  if (!opts.quick) {
    try {
      return { ...(await classify(await run(`PRAGMA integrity_check(${max})`))), check: 'integrity_check' };
    } catch (error) {
      if (!isCorruptionError(error)) throw error;
    }
  }
  const aborted = opts.quick ? [] : ['integrity_check aborted: database disk image is malformed'];
  let rows: string[];
  try {
    rows = await run(`PRAGMA quick_check(${max})`);
  } catch (error) {
    if (!isCorruptionError(error)) throw error;
    rows = await perTable(run, schema);
    aborted.push(`quick_check aborted: ${errorText(error)}`);
  }
  const report = await classify(rows);
  if (aborted.length === 0) return { ...report, check: 'quick_check' };
  // The file is damaged even if the lines above say no more. When they all name indexes,
  // the abort came from cross-checking one of those indexes, and REINDEX (verified by a new
  // check) is the fix; so `indexOnly` is judged on them alone.
  return { ...report, ok: false, problems: [...report.problems, ...aborted], check: 'quick_check' };
}

/** `quick_check(TABLE)` for each table, so that a table whose check aborts is named. */
async function perTable(run: (pragma: string) => Promise<string[]>, schema: SchemaObject[]): Promise<string[]> {
  const lines: string[] = [];
  for (const obj of schema.filter((o) => o.type === 'table')) {
    try {
      const rows = await run(`PRAGMA quick_check(${quoteIdent(obj.name)})`);
      if (!(rows.length === 1 && rows[0] === 'ok')) lines.push(...rows);
    } catch (error) {
      if (!isCorruptionError(error)) throw error;
      lines.push(`table ${obj.name}: quick_check aborted (${errorText(error)})`);
    }
  }
  return lines;
}
