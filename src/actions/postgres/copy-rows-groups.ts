import { randomBytes } from 'node:crypto';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { queryRows } from './pitr-sql.js';
import type { ActionContext } from '../types.js';
import { unusedAlias, type CopyPlan } from './copy-rows-shared.js';

/** One distinct row of a side: its JSON text, those bytes (the merge order), how many times it is there. */
export interface RowGroup { text: string; bytes: Buffer; count: number }

/**
 * The cursor's rows are parts of about `PART_BYTES` of row text each (one JSON array of
 * distinct rows), fetched `FETCH_PARTS` at a time: a round trip per row would cost more than
 * the reading itself, and the executor keeps a few hundred rows per result at most. Parts
 * are cut by size, not by count, so wide rows (vectors, documents) keep memory as bounded
 * as narrow ones: about 2 MB of text per side between fetches.
 */
const PART_BYTES = 256 * 1024;
const FETCH_PARTS = 8;

/**
 * Settings that change how values print, pinned for the reading transaction so that the same
 * row prints the same on both servers whatever their configuration: a timestamptz in the
 * session's zone, a float rounded under `extra_float_digits` ≤ 0, an interval or bytea in
 * another style would make equal rows differ (and be inserted twice).
 */
const CANONICAL_PRINTING = [
  "SET LOCAL TimeZone = 'UTC'",
  'SET LOCAL extra_float_digits = 3',
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL bytea_output = 'hex'",
  "SET LOCAL lc_monetary = 'C'",
];

/**
 * The distinct rows of a table on one side (`on`), each with its count, in the byte order of
 * their JSON text (`COLLATE "C"`), read through a server-side cursor a batch at a time: memory
 * holds one batch whatever the table's size. The cursor is declared `WITH HOLD` in a
 * read-only transaction on the side's executor (one session): the server materializes the
 * result at that commit, from that snapshot, and later requests fetch from it. The order is
 * checked as it arrives: a server that sorted otherwise than bytes stops the copy rather
 * than have the merge insert rows that are there.
 */
export class RowGroups {
  private buffered: RowGroup[] = [];
  private at = 0;
  private previous: Buffer | undefined;
  private exhausted = false;

  private constructor(
    private readonly session: Pick<ActionContext, 'sql' | 'signal'>,
    private readonly on: string,
    private readonly table: string,
    private readonly cursor: string,
  ) {}

  /** Declares the cursor over `plan.table` on `on`; `close()` it when done. */
  static async open(ctx: ActionContext, on: string, plan: CopyPlan): Promise<RowGroups> {
    const executor = await ctx.sql(on);
    const session = { sql: async () => executor, signal: ctx.signal };
    const cursor = `pitstop_copy_rows_${randomBytes(6).toString('hex')}`;
    const r = unusedAlias(plan.columns, 'copy_row');
    const rowText = `SELECT row_to_json(${r})::text COLLATE "C" AS j FROM (SELECT ${plan.columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(plan.table)}) ${r}`;
    const groups = `SELECT j, count(*) AS n FROM (${rowText}) x GROUP BY j`;
    const before = `sum(octet_length(j)) OVER (ORDER BY j ROWS UNBOUNDED PRECEDING) - octet_length(j)`;
    const numbered = `SELECT j, n, (${before}) / ${PART_BYTES} AS part FROM (${groups}) g`;
    await queryRows(session, on, [
      'SET TRANSACTION READ ONLY',
      ...CANONICAL_PRINTING,
      `DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR
         SELECT json_agg(json_build_array(j, n) ORDER BY j)::text AS part FROM (${numbered}) p GROUP BY part ORDER BY part`,
    ].join(';\n'), [], { readOnly: false });
    return new RowGroups(session, on, plan.table, cursor);
  }

  /** The next distinct row, or undefined after the last. */
  async next(): Promise<RowGroup | undefined> {
    if (this.at === this.buffered.length && !this.exhausted) await this.fetch();
    return this.buffered[this.at++];
  }

  /**
   * Drops the cursor (its materialized rows), also when the step was cancelled. Best effort:
   * a CLOSE that fails means the session is gone and the cursor with it, and it must not
   * hide the error that ended the copy.
   */
  async close(): Promise<void> {
    await queryRows({ ...this.session, signal: new AbortController().signal }, this.on, `CLOSE ${this.cursor}`).catch(() => undefined);
  }

  private async fetch(): Promise<void> {
    const executor = await this.session.sql(this.on);
    const result = await executor.run(
      { kind: 'sql', on: this.on, query: `FETCH FORWARD ${FETCH_PARTS} FROM ${this.cursor}`, params: [], readOnly: true },
      { signal: this.session.signal },
    );
    if (result.error || result.timedOut) throw new ActionError(`${this.on}: reading ${this.table}: ${result.error ?? 'timed out'}`, { hint: 'Running the step again starts the copy over; rows already copied are not copied twice.' });
    // An executor keeping fewer rows than asked would end the merge early, silently.
    if (result.rows.length !== result.rowCount) throw new ActionError(`${this.on}: the SQL executor kept ${result.rows.length} of the ${result.rowCount} parts of ${this.table} fetched`);
    this.exhausted = result.rows.length < FETCH_PARTS;
    this.buffered = [];
    this.at = 0;
    for (const row of result.rows) {
      for (const [text, count] of JSON.parse(String(row['part'])) as [string, number][]) {
        const bytes = Buffer.from(text, 'utf8');
        if (this.previous && Buffer.compare(this.previous, bytes) >= 0) {
          throw new ActionError(`${this.on} returned the rows of ${this.table} out of byte order`, {
            hint: 'The copy needs both servers to sort text by bytes (COLLATE "C"); check the database encodings of the copy and production.',
          });
        }
        this.previous = bytes;
        this.buffered.push({ text, bytes, count });
      }
    }
  }
}
