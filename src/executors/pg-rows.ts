import pg from 'pg';
import { jsonSafe, RowKeeper } from './sql-values.js';
import type { SqlResult } from './types.js';

/** Rows fetched per round trip when reading through a cursor. */
const FETCH_SIZE = 1000;
const CURSOR = 'pitstop_rows';
const ROW_QUERY = /^(select|with|values|table)\b|^\(/i;

// Dates, times and intervals stay in the server's own text form: exact, with the offset the
// server printed, and no shift through the local time zone of the machine running pitstop.
const AS_TEXT = new Set([1082, 1083, 1114, 1184, 1186, 1266]);
const INT8 = 20;

/** Type parsers for pitstop's clients: int8 as a number when it fits, else a string; dates as text. */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return parseInt8;
    if (AS_TEXT.has(oid)) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

function parseInt8(value: string): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/**
 * Runs `query` inside the current transaction and keeps at most `maxRows` rows while
 * counting them all. A query that reads (SELECT, WITH, VALUES, TABLE) goes through
 * `DECLARE … CURSOR` + `FETCH 1000` under a savepoint, so memory holds one batch whatever
 * the result's size; if the server refuses it as a cursor (a data-modifying WITH, several
 * statements) the query runs directly, as does anything else. A direct query's result is
 * held whole by the driver: that is the price of writes with a large `RETURNING`. With
 * `single`, a query of several statements is refused (read-only requests).
 */
export async function readRows(
  c: pg.Client,
  query: string,
  params: unknown[],
  maxRows: number,
  deadline: number | undefined,
  opts: { cursor?: boolean; single?: boolean } = {},
): Promise<SqlResult> {
  const text = stripTrailingSemicolons(query);
  if (opts.cursor !== false && ROW_QUERY.test(stripLeadingComments(text))) {
    await c.query('SAVEPOINT pitstop_cursor');
    try {
      await c.query({ text: `DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${text}`, values: params, queryMode: 'extended' } as pg.QueryConfig);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '42601' && code !== '0A000') throw error;
      await c.query('ROLLBACK TO SAVEPOINT pitstop_cursor');
      return direct(c, query, params, maxRows, opts.single === true);
    }
    return fetchAll(c, maxRows, deadline);
  }
  return direct(c, query, params, maxRows, opts.single === true);
}

async function fetchAll(c: pg.Client, maxRows: number, deadline: number | undefined): Promise<SqlResult> {
  const keeper = new RowKeeper(maxRows);
  let columns: string[] | null = null;
  for (;;) {
    if (deadline !== undefined && Date.now() > deadline) throw Object.assign(new Error('deadline'), { code: 'PITSTOP_DEADLINE' });
    const batch = await c.query(`FETCH FORWARD ${FETCH_SIZE} FROM ${CURSOR}`);
    columns ??= batch.fields.map((f) => f.name);
    for (const row of batch.rows as Record<string, unknown>[]) keeper.add(row);
    if (batch.rows.length < FETCH_SIZE) break;
  }
  await c.query(`CLOSE ${CURSOR}`);
  return { kind: 'sql', columns, rows: keeper.rows.map(safeRow), rowCount: keeper.count, timedOut: false };
}

async function direct(c: pg.Client, query: string, params: unknown[], maxRows: number, single: boolean): Promise<SqlResult> {
  // The extended protocol takes exactly one statement: `COMMIT; DELETE …` cannot end a
  // read-only transaction and go on writing.
  const config = single ? ({ text: query, values: params, queryMode: 'extended' } as pg.QueryConfig) : { text: query, values: params };
  const results = (await c.query(config)) as pg.QueryResult | pg.QueryResult[];
  // Several statements without parameters give one result each: the last one speaks.
  const last = Array.isArray(results) ? results.at(-1) : results;
  if (!last) return { kind: 'sql', columns: [], rows: [], rowCount: 0, timedOut: false };
  const rows = (last.rows ?? []) as Record<string, unknown>[];
  const count = last.fields?.length ? rows.length : (last.rowCount ?? rows.length);
  return { kind: 'sql', columns: (last.fields ?? []).map((f) => f.name), rows: rows.slice(0, maxRows).map(safeRow), rowCount: count, timedOut: false };
}

function safeRow(row: Record<string, unknown>): Record<string, unknown> {
  return jsonSafe(row) as Record<string, unknown>;
}

function stripTrailingSemicolons(query: string): string {
  return query.replace(/[\s;]+$/, '');
}

function stripLeadingComments(query: string): string {
  let q = query.trimStart();
  for (;;) {
    if (q.startsWith('--')) {
      const nl = q.indexOf('\n');
      q = nl === -1 ? '' : q.slice(nl + 1).trimStart();
    } else if (q.startsWith('/*')) {
      const end = q.indexOf('*/');
      q = end === -1 ? '' : q.slice(end + 2).trimStart();
    } else return q;
  }
}
