import type { Client } from '@libsql/client';
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
export function classifyProblems(rawRows: string[], schema: SchemaObject[]): Omit<IntegrityReport, 'check'> {
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
    const named = nameInLine(line, byRoot, byName);
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
): SchemaObject | null {
  const tree = /^Tree (\d+) page/.exec(line);
  if (tree) return byRoot.get(Number(tree[1])) ?? null;
  for (const re of INDEX_PATTERNS) {
    const m = re.exec(line);
    const obj = m ? byName.get(m[1]!) : undefined;
    if (obj) return obj;
  }
  const nullValue = /^NULL value in ([^.\s]+)\./.exec(line);
  if (nullValue) return byName.get(nullValue[1]!) ?? null;
  return null;
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
 * indexes against tables; the abort itself is reported as a problem.
 */
export async function checkIntegrity(client: Client, opts: { quick?: boolean; maxErrors?: number } = {}): Promise<IntegrityReport> {
  const max = Math.max(1, Math.trunc(opts.maxErrors ?? 100));
  const schema = await readSchema(client);
  const run = async (pragma: 'integrity_check' | 'quick_check'): Promise<string[]> => {
    const rs = await client.execute(`PRAGMA ${pragma}(${max})`);
    return rs.rows.map((r) => String(r[0]));
  };
  if (!opts.quick) {
    try {
      return { ...classifyProblems(await run('integrity_check'), schema), check: 'integrity_check' };
    } catch (error) {
      if (!isCorruptionError(error)) throw error;
    }
  }
  let rows: string[];
  try {
    rows = await run('quick_check');
  } catch (error) {
    if (!isCorruptionError(error)) throw error;
    return {
      ok: false,
      problems: [`quick_check aborted: ${errorText(error)}`],
      indexes: [],
      tables: [],
      indexOnly: false,
      check: 'quick_check',
    };
  }
  const report = classifyProblems(rows, schema);
  if (opts.quick) return { ...report, check: 'quick_check' };
  // integrity_check aborted, so the file is damaged even if quick_check saw nothing more.
  // quick_check's lines still say where; when they all name indexes, the abort came from
  // cross-checking one of those indexes, and REINDEX (verified by a new check) is the fix.
  const aborted = 'integrity_check aborted: database disk image is malformed';
  return { ...report, ok: false, problems: [...report.problems, aborted], check: 'quick_check' };
}
