import type { Evidence } from '../../engine/types.js';
import { ActionError } from '../../errors.js';
import type { SqlExecutor } from '../../executors/types.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { Args, compareCountsSpec } from './compare-counts.spec.js';

const LIST = `SELECT schemaname || '.' || tablename AS name FROM pg_tables
  WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`;

async function query(db: SqlExecutor, ctx: ActionContext, sql: string, where: string): Promise<Record<string, unknown>[]> {
  const result = await db.run({ kind: 'sql', on: where, query: sql, params: [], readOnly: true }, { signal: ctx.signal });
  if (result.error) throw new ActionError(`${where}: ${result.error}`, { hint: 'Check the restored copy and the target connection.' });
  return result.rows;
}

function quoted(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? `public.${quoteIdent(name)}` : `${quoteIdent(name.slice(0, dot))}.${quoteIdent(name.slice(dot + 1))}`;
}

/**
 * `postgres.compare-counts`: exact row counts (`count(*)`) per table in the restored copy and
 * in production, side by side. A restore that "worked" but holds no rows, or a fraction of
 * them, fails here: `pg_restore --list` alone proves little. A table missing on either side
 * fails too.
 */
export const compareCountsAction: ActionDefinition<Args> = {
  ...compareCountsSpec,
  async run(args, ctx) {
    const restored = await ctx.sql('restored');
    const production = await ctx.sql(ctx.target.name);
    const tables = args.tables.length ? args.tables : (await query(restored, ctx, LIST, 'restored')).map((r) => String(r['name']));
    if (tables.length === 0) throw new ActionError('the restored copy has no tables', { hint: 'The dump was empty or the restore went to another database: do not trust this backup.' });
    const counts: Record<string, { production: number | null; restored: number | null }> = {};
    const evidence: Evidence[] = [];
    for (const table of tables) {
      const sql = `SELECT count(*)::bigint AS n FROM ${quoted(table)}`;
      const count = async (db: SqlExecutor, where: string): Promise<number | null> => {
        const result = await db.run({ kind: 'sql', on: where, query: sql, params: [], readOnly: true }, { signal: ctx.signal });
        return result.error ? null : Number(result.rows[0]?.['n']);
      };
      const c = { restored: await count(restored, 'restored'), production: await count(production, ctx.target.name) };
      counts[table] = c;
      const largest = Math.max(c.restored ?? 0, c.production ?? 0);
      const diff = Math.abs((c.restored ?? 0) - (c.production ?? 0));
      const pass = c.restored !== null && c.production !== null && diff <= (largest * args.tolerance_pct) / 100 && (c.restored > 0 || c.production === 0);
      evidence.push({
        label: `rows in ${table}`,
        expected: args.tolerance_pct ? `production ${c.production ?? 'missing'} ± ${args.tolerance_pct}%` : `production: ${c.production ?? 'missing'}`,
        actual: `restored: ${c.restored ?? 'missing'}`,
        pass,
      });
      ctx.log(`${table}: production ${c.production ?? 'missing'}, restored ${c.restored ?? 'missing'}${pass ? '' : '  <-- differs'}`);
    }
    const failing = evidence.filter((e) => !e.pass).length;
    return { outputs: { counts, tables: tables.length, differing: failing }, evidence };
  },
};
