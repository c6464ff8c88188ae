/**
 * Reading pg_amcheck's report, and the verdict the corruption runbook branches on. Pure:
 * text in, data out.
 *
 * pg_amcheck prints one header line per problem, naming the relation as
 * `"DATABASE.SCHEMA.RELATION"`, then indented detail lines:
 *
 *     heap table "orquix.public.users", block 1, offset 3:
 *         line pointer to page offset 21 is not maximally aligned
 *     btree index "orquix.public.users_pkey":
 *         ERROR:  invalid page in block 1 of relation base/16384/16390
 */

export type Verdict = 'clean' | 'indexes-only' | 'heap';

export interface AmcheckFindings {
  /** `SCHEMA.TABLE` (as printed, database removed) of heap (and TOAST) problems. */
  heap: string[];
  /** `SCHEMA.INDEX` of B-tree problems. */
  indexes: string[];
  /** Header and detail lines, in order. */
  problems: string[];
}

const HEADER = /^(heap table|btree index) "(.*)"(?:, block \d+.*)?:$/;

/** The relations pg_amcheck reports, from its stdout lines. */
export function parseAmcheck(lines: readonly string[], database: string): AmcheckFindings {
  const heap = new Set<string>();
  const indexes = new Set<string>();
  const problems: string[] = [];
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line.trim() === '') continue;
    const header = HEADER.exec(line);
    if (header) {
      const name = withoutDatabase(header[2]!, database);
      (header[1] === 'heap table' ? heap : indexes).add(name);
      problems.push(line);
    } else if (/^\s/.test(line)) {
      problems.push(line);
    }
  }
  return { heap: [...heap], indexes: [...indexes], problems };
}

function withoutDatabase(qualified: string, database: string): string {
  return qualified.startsWith(`${database}.`) ? qualified.slice(database.length + 1) : qualified;
}

/**
 * `heap` when a table itself is damaged (amcheck found it, or reading it failed); then every
 * index of that table may report errors too, since B-tree checks read the heap. Otherwise
 * `indexes-only` when only B-trees are hit (REINDEX rebuilds them from intact tables), and
 * `clean` when nothing was found.
 */
export function verdictOf(heapTables: readonly string[], indexes: readonly string[]): Verdict {
  if (heapTables.length > 0) return 'heap';
  if (indexes.length > 0) return 'indexes-only';
  return 'clean';
}

/** pg_amcheck's exit codes: 0 nothing found, 2 corruption found; anything else means it could not check. */
export function amcheckCompleted(exitCode: number | null): boolean {
  return exitCode === 0 || exitCode === 2;
}
