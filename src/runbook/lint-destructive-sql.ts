import { sqlCode } from './lint-sql.js';

/** Something a query does that deserves a name, at its place in the query text. */
export interface SqlFinding {
  /** Offset of the keyword in the query text, and its length. */
  index: number;
  length: number;
  /** What it does, for the operator: `DROP TABLE`, `DELETE without WHERE`. */
  what: string;
}

interface Token {
  word: string;
  index: number;
  length: number;
}

/** Column changes that remove no data: `ALTER … DROP DEFAULT`, `DROP NOT NULL`. */
const HARMLESS_AFTER_DROP = new Set(['DEFAULT', 'NOT']);
/** `ON UPDATE SET NULL`, `FOR UPDATE`, `DO UPDATE SET` (an upsert), trigger events: not an UPDATE statement. */
const NOT_AN_UPDATE_AFTER = new Set(['ON', 'FOR', 'KEY', 'DO', 'BEFORE', 'AFTER', 'OF', 'OR']);
/** Functions whose call cannot be undone: a promotion, a dropped replication slot. */
const DESTROYING_FUNCTIONS: Record<string, string> = {
  PG_PROMOTE: 'pg_promote() promotes a standby (no way back)',
  PG_DROP_REPLICATION_SLOT: 'pg_drop_replication_slot() drops a replication slot',
};
/** Functions a SELECT calls for their effect: not something a check may do. */
const SIDE_EFFECT_FUNCTIONS = new Set([
  'PG_TERMINATE_BACKEND', 'PG_CANCEL_BACKEND', 'PG_RELOAD_CONF', 'PG_SWITCH_WAL', 'PG_ROTATE_LOGFILE', 'PG_CREATE_RESTORE_POINT',
  'PG_WAL_REPLAY_PAUSE', 'PG_WAL_REPLAY_RESUME', 'PG_CREATE_PHYSICAL_REPLICATION_SLOT', 'PG_CREATE_LOGICAL_REPLICATION_SLOT',
  'SETVAL', 'NEXTVAL', 'LO_UNLINK', 'DBLINK_EXEC', ...Object.keys(DESTROYING_FUNCTIONS),
]);
/** First words of statements that only read. */
const READING_LEADS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE', 'SHOW', 'EXPLAIN', 'PRAGMA']);

/**
 * The code of a query (literals, quoted names and comments blanked by `sqlCode`, templates
 * blanked too) cut into statements at `;`, each as its words and parentheses with offsets.
 */
function statements(query: string): Token[][] {
  const code = sqlCode(query).replace(/\{\{[\s\S]*?\}\}/g, (m) => `x${' '.repeat(m.length - 1)}`);
  const all: Token[][] = [[]];
  for (const m of code.matchAll(/[A-Za-z_][A-Za-z0-9_$]*|[();=]/g)) {
    if (m[0] === ';') all.push([]);
    else all.at(-1)!.push({ word: m[0].toUpperCase(), index: m.index, length: m[0].length });
  }
  return all.filter((s) => s.length > 0);
}

/**
 * True when `keyword` follows `from` at the same parenthesis depth, before the group ends:
 * `DELETE FROM t WHERE …`, `UPDATE t SET …` (a subquery's WHERE is not the statement's).
 */
function keywordFollows(tokens: Token[], from: number, keyword: 'WHERE' | 'SET'): boolean {
  let depth = 0;
  for (let k = from + 1; k < tokens.length; k += 1) {
    const w = tokens[k]!.word;
    if (w === '(') depth += 1;
    else if (w === ')') {
      depth -= 1;
      if (depth < 0) return false;
    } else if (depth === 0 && w === keyword) return true;
  }
  return false;
}

function span(first: Token, last: Token | undefined): { index: number; length: number } {
  const end = last ? last.index + last.length : first.index + first.length;
  return { index: first.index, length: end - first.index };
}

/**
 * What in a query removes data for good: a DROP of anything (a table, a database, a column
 * through ALTER TABLE …), a TRUNCATE, and a DELETE or an UPDATE without a WHERE (every row
 * gone, or every row's old value gone: neither comes back without a restore). Comments and
 * string literals are not code: `DELETE FROM t -- WHERE x` has no WHERE.
 */
export function destructiveSql(query: string): SqlFinding[] {
  const found: SqlFinding[] = [];
  for (const tokens of statements(query)) {
    tokens.forEach((t, k) => {
      const next = tokens[k + 1];
      const before = tokens[k - 1]?.word;
      if (t.word === 'DROP' && !(next && HARMLESS_AFTER_DROP.has(next.word))) {
        const named = next && /^[A-Z]/.test(next.word) ? next : undefined;
        found.push({ ...span(t, named), what: named ? `DROP ${named.word}` : 'DROP' });
      } else if (DESTROYING_FUNCTIONS[t.word] && next?.word === '(') {
        found.push({ ...span(t, undefined), what: DESTROYING_FUNCTIONS[t.word]! });
      } else if (t.word === 'TRUNCATE' && k === 0) {
        found.push({ ...span(t, undefined), what: 'TRUNCATE' });
      } else if (t.word === 'DELETE' && next?.word === 'FROM' && !keywordFollows(tokens, k, 'WHERE')) {
        found.push({ ...span(t, next), what: 'DELETE without WHERE' });
      } else if (t.word === 'UPDATE' && !(before && NOT_AN_UPDATE_AFTER.has(before)) && keywordFollows(tokens, k, 'SET') && !keywordFollows(tokens, k, 'WHERE')) {
        found.push({ ...span(t, undefined), what: 'UPDATE without WHERE' });
      }
    });
  }
  return found;
}

/**
 * The first statement of a query that may write, or null when every statement only reads:
 * it must start with SELECT, WITH, VALUES, TABLE, SHOW, EXPLAIN or a PRAGMA that sets
 * nothing, and hold no INTO (INSERT, MERGE, SELECT … INTO), UPDATE, DELETE, call of a function
 * run for its effect (pg_terminate_backend, setval…) or anything `destructiveSql` finds.
 */
export function writingSql(query: string): SqlFinding | null {
  const destroying = destructiveSql(query)[0];
  for (const tokens of statements(query)) {
    const lead = tokens.find((t) => t.word !== '(');
    if (!lead) continue;
    if (!READING_LEADS.has(lead.word)) return { ...span(lead, undefined), what: lead.word };
    if (lead.word === 'PRAGMA' && tokens.some((t) => t.word === '=')) return { ...span(lead, undefined), what: 'PRAGMA … = (it sets a value)' };
    const write = tokens.find((t, k) => {
      const next = tokens[k + 1]?.word;
      const before = tokens[k - 1]?.word;
      if (SIDE_EFFECT_FUNCTIONS.has(t.word)) return next === '(';
      // SELECT … INTO new_table creates a table (INSERT INTO and MERGE INTO write too).
      if (t.word === 'INTO') return true;
      if (t.word === 'DELETE') return next === 'FROM';
      return t.word === 'UPDATE' && !(before && NOT_AN_UPDATE_AFTER.has(before)) && keywordFollows(tokens, k, 'SET');
    });
    if (write) return { ...span(write, undefined), what: write.word };
  }
  return destroying ?? null;
}
