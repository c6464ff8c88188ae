import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionContext } from '../types.js';
import { queryRows } from './pitr-sql.js';

export interface DroppedIndex {
  name: string;
  definition: string;
}

const MEMORY = /^\d+(kB|MB|GB)$/;

/**
 * Drops the table's plain (non-unique, non-constraint) indexes that use one of `methods`
 * (e.g. `hnsw`, `ivfflat`), to copy many rows without maintaining them row by row (pitfalls:
 * 50k rows into a live HNSW index took 113 s; a rebuild after is much faster). Every
 * definition is logged BEFORE its index is dropped, so a crash in between leaves the exact
 * CREATE INDEX statement in the step log.
 */
export async function dropIndexesUsing(ctx: ActionContext, table: string, methods: string[]): Promise<DroppedIndex[]> {
  if (methods.length === 0) return [];
  const rows = await queryRows(ctx, ctx.target.name,
    `SELECT n.nspname, c.relname, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam
      WHERE i.indrelid = to_regclass($1) AND am.amname = ANY($2::text[]) AND NOT i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`,
    [quoteIdent(table), methods]);
  const dropped: DroppedIndex[] = [];
  for (const row of rows) {
    const name = `${quoteIdent(String(row['nspname']))}.${quoteIdent(String(row['relname']))}`;
    const definition = String(row['definition']);
    ctx.log(`dropping index ${name} during the copy; it is rebuilt after with: ${definition}`);
    await queryRows(ctx, ctx.target.name, `DROP INDEX ${name}`, [], { readOnly: false });
    dropped.push({ name, definition });
  }
  return dropped;
}

/** Recreates dropped indexes from their definitions, with a larger maintenance_work_mem. */
export async function recreateIndexes(ctx: ActionContext, dropped: DroppedIndex[], maintenanceWorkMem: string): Promise<void> {
  if (!MEMORY.test(maintenanceWorkMem)) {
    throw new ActionError(`maintenance_work_mem "${maintenanceWorkMem}" is not a size like 512MB`, { hint: 'Use a number with kB, MB or GB.' });
  }
  for (const index of dropped) {
    ctx.log(`rebuilding ${index.name} (maintenance_work_mem ${maintenanceWorkMem})`);
    // One transaction: SET LOCAL applies to the CREATE INDEX only. The definition comes from
    // pg_get_indexdef on this same server.
    await queryRows(ctx, ctx.target.name, `SET LOCAL maintenance_work_mem = '${maintenanceWorkMem}'; ${index.definition}`, [], { readOnly: false });
  }
}
