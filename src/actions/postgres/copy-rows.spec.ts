import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

const bool = (fallback: boolean) => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(fallback));

export const Args = z
  .object({
    /** The table (`name` or `schema.name`), the same in the copy and in production. */
    table: z.string().min(1),
    /**
     * A single key column (unique, not null). Left out: the table's primary key (single or
     * composite), else a unique NOT NULL key, else none (rows matched as a multiset).
     */
    key: z.string().min(1).optional(),
    /**
     * Other tables (comma-separated) that lost rows in the same transaction without an
     * `ON DELETE CASCADE` link to `table`, copied back with it in dependency order. Default none.
     */
    also: z.string().default(''),
    /**
     * Also copy back the tables that reach these through `ON DELETE CASCADE`, found recursively
     * (the same plan as `postgres.copy-plan`), parents first (default true).
     */
    cascade: bool(true),
    /** Rows per batch; each batch is one transaction on production. */
    batch_size: z.coerce.number().int().min(1).max(50_000).default(2000),
    /**
     * Index access methods (comma-separated, e.g. `hnsw,ivfflat`) whose plain indexes on the
     * table are dropped for the copy and rebuilt after it: inserting many rows into a live
     * HNSW index is very slow. Default none.
     */
    rebuild_indexes: z.string().default(''),
    /** maintenance_work_mem for those rebuilds. */
    maintenance_work_mem: z.string().regex(/^\d+(kB|MB|GB)$/, 'a size like 512MB').default('1GB'),
    /**
     * Production's user triggers (an audit log, say) fire for the restored rows by default.
     * True: each batch's transaction runs `ALTER TABLE … DISABLE TRIGGER USER` before its
     * INSERT and `ENABLE TRIGGER USER` before its COMMIT, so a crash never leaves them off;
     * foreign keys are still enforced. Needs the table's owner. A templated `"true"` counts
     * (a runbook parameter renders as text).
     */
    disable_triggers: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(false)),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.copy-rows`: rows of the restored copy whose key production no longer has are
 * inserted into production, batch by batch, each batch one statement (one transaction)
 * that skips keys production has: nothing is overwritten, and running it again copies
 * nothing twice. The table comes first, then the `also` tables and every table an
 * `ON DELETE CASCADE` reaches from them (`cascade`), in dependency order, each with its own
 * key strategy (`postgres.copy-plan` shows the same plan). A row whose parent, through any
 * foreign key of its table, production does not have is not inserted: it is counted as an
 * orphan and moved aside in the copy (schema `pitstop_orphans`). A batch travels as ONE
 * bound JSON parameter (`row_to_json` on the copy, `json_populate_recordset` on
 * production): every type round-trips through its text form, no value is ever spliced into
 * SQL. Afterwards each
 * sequence behind a column of a table is moved up to the column's maximum, so new rows do
 * not collide with copied ones.
 *
 * Outputs: of the table itself `copied`, `skipped_existing` (= `already_present`),
 * `candidates`, `conflicts`, `strategy`, `key_columns`; `orphans` (over every table),
 * `copied_total`, `tables` (in copy order, comma-separated); per table `copied_NAME`,
 * `skipped_existing_NAME`, `orphans_NAME`, `strategy_NAME` (NAME with every character but
 * letters, digits and `_` made `_`).
 */
export const copyRowsSpec: ActionSpec<Args> = {
  name: 'postgres.copy-rows',
  engine: 'postgres',
  summary: 'Copy rows missing in production back from the restored copy, by key (found from the table when not given) or as a multiset, in batches, without overwriting; sequences kept ahead',
  args: Args,
  destructive: true,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const t = quoteIdent(args.table);
    const key = args.key === undefined ? 'key (primary key, else a unique NOT NULL key, else all columns as a multiset)' : quoteIdent(args.key);
    const family = [args.also.trim() ? `the tables ${args.also}` : '', args.cascade ? 'every table an ON DELETE CASCADE reaches from them (found in pg_constraint)' : ''].filter(Boolean);
    return [
      `read ${t} from the restored copy ordered by its ${key}, ${args.batch_size} rows at a time`,
      `INSERT INTO ${t} on ${target.name} the rows whose ${key} is missing (existing rows are never changed)`,
      ...(family.length ? [`then the same, parents first, for ${family.join(' and ')}, each matched on its own key`] : []),
      'rows whose parent (through any foreign key) production lacks are not inserted: counted as orphans and moved aside in the copy (schema pitstop_orphans)',
      args.disable_triggers
        ? `user triggers of ${t} disabled during each batch${family.length ? ', and those of each table copied after it' : ''} (ALTER TABLE … DISABLE TRIGGER USER after BEGIN, ENABLE TRIGGER USER before COMMIT; foreign keys still enforced)`
        : `the triggers of ${t} fire for every row inserted${family.length ? ', and those of each table copied after it' : ''} (disable_triggers: true to turn their user triggers off during the copy)`,
      `setval() each sequence of the copied tables to max(column) when it is behind`,
      ...(args.rebuild_indexes ? [`drop the ${args.rebuild_indexes} indexes of each copied table for its copy, rebuild them after (maintenance_work_mem ${args.maintenance_work_mem})`] : []),
    ];
  },
};
