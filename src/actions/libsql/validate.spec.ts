import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

/** A column name, or '' for "not given" (a runbook parameter left empty). */
const column = z.string().regex(/^([A-Za-z_][A-Za-z0-9_$]*)?$/, 'a column name like created_at');

export const Args = z
  .object({
    /** `target` (production) or `restored` (the copy an earlier step made). */
    on: z.enum(['target', 'restored']).default('target'),
    /** Validate this one table only (count and newest row); default: the target's data.tables, else every table. */
    table: z.string().min(1).optional(),
    /** With `table`: its time column; '' or absent means the target's `data.tables.<table>.newest`. */
    newest: column.optional(),
    /** With `table`: stop with a clear error when its time column cannot be known. */
    require_newest: z.boolean().default(false),
    /** The runbook parameter that gives `newest`, named in that error (`--set NAME=COLUMN`). */
    newest_param: z.string().min(1).optional(),
    /** Run the target's `data.checks`; default: yes for the whole database, no for one table. */
    checks: z.boolean().optional(),
    /** Also count the same tables on the other side (production vs the restored copy) and report the differences. */
    compare: z.boolean().default(false),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `libsql.validate`: what a restored or repaired database holds, from the target's own
 * description of its data (pitstop.yaml `data:`), so no runbook names a table. Counts every
 * `data.tables` table (with the newest value of its `newest` column), runs every
 * `data.checks` query (bound params, the runbook matcher on its first row); with no `data:`,
 * counts every table of `sqlite_schema`. A check that does not hold, or a listed table that is
 * missing, fails the step after everything else was counted.
 *
 * Outputs: `tables`, `rows`, `checks`, `checks_failed`, `scope`, `on`, and per table
 * `rows_<table>` and `newest_<table>` (the names postgres.validate uses); with `table:` also `table`, `n`, `newest`,
 * `newest_column`; with `compare:` also `differing` (tables that differ) and `diff_<table>` (rows here minus rows
 * on the other side).
 */
export const validateSpec: ActionSpec<Args> = {
  name: 'libsql.validate',
  engine: 'libsql',
  summary: "Count the target's data.tables (or every table) and run its data.checks",
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(args, target) {
    const where = args.on === 'restored' ? 'the restored copy' : target.name;
    const listed = Object.keys(target.data?.tables ?? {});
    const tables = args.table ? [args.table] : listed;
    const lines =
      tables.length > 0
        ? tables.map((t) => {
            const col = (args.table ? args.newest || undefined : undefined) ?? target.data?.tables?.[t]?.newest;
            return `SELECT count(*)${col ? `, max(${quoteIdent(col)})` : ''} FROM ${quoteIdent(t)}  -- on ${where}`;
          })
        : [`SELECT count(*) FROM each table of sqlite_schema  -- on ${where}`];
    if (args.table && args.require_newest && !(args.newest || target.data?.tables?.[args.table]?.newest)) {
      const how = args.newest_param ? `--set ${args.newest_param}=COLUMN or ` : '';
      lines.push(`STOPS HERE: the time column of ${args.table} is not known (give ${how}data.tables.${args.table}.newest in pitstop.yaml)`);
    }
    const runChecks = args.checks ?? args.table === undefined;
    if (runChecks) for (const check of target.data?.checks ?? []) lines.push(`check ${check.id}: ${check.query}`);
    if (args.compare) lines.push(`the same counts on ${args.on === 'restored' ? target.name : 'the restored copy'}, compared table by table`);
    return lines;
  },
};
