import type { Evidence } from '../../engine/types.js';
import type { SqlExecutor } from '../../executors/types.js';
import { ActionError } from '../../errors.js';
import { qualifiedName } from './qualified-name.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { Args, reindexSpec } from './reindex.spec.js';

interface Resolved {
  oid: number;
  schema: string;
  name: string;
}

/**
 * `postgres.reindex`: REINDEX INDEX for exactly the indexes given (each name quoted), each in
 * its own transaction, then `bt_index_check(heapallindexed)` on each new index as proof. An
 * index is derived data: REINDEX rebuilds it from the table and loses nothing, but it locks the
 * table against writes while it runs (the app is stopped in the corruption runbook), so it is
 * a destructive step on production with a typed gate. Every name is looked up before anything
 * is rebuilt: one unknown name and nothing is done.
 */
export const reindexAction: ActionDefinition<Args> = {
  ...reindexSpec,
  async run(args, ctx) {
    const sql = await ctx.sql(ctx.target.name);
    const indexes = await resolve(sql, args.indexes, ctx);
    const evidence: Evidence[] = [];
    for (const index of indexes) {
      const text = qualifiedName(index.schema, index.name);
      ctx.log(`REINDEX INDEX ${text}`);
      await write(sql, `REINDEX INDEX ${text}`, [], ctx, `REINDEX INDEX ${text} failed`);
    }
    await write(sql, 'CREATE EXTENSION IF NOT EXISTS amcheck', [], ctx, 'cannot create the amcheck extension to verify the rebuilt indexes');
    for (const index of indexes) {
      const result = await sql.run(
        { kind: 'sql', on: ctx.target.name, query: 'SELECT bt_index_check($1::oid::regclass, true)', params: [index.oid], readOnly: true },
        { signal: ctx.signal },
      );
      evidence.push({
        label: `bt_index_check(${index.schema}.${index.name}, heapallindexed) after REINDEX`,
        expected: 'no error',
        actual: result.error ?? 'no error',
        pass: result.error === undefined,
      });
    }
    return {
      outputs: { reindexed: indexes.map((i) => `${i.schema}.${i.name}`), count: indexes.length },
      evidence,
    };
  },
};

async function resolve(sql: SqlExecutor, refs: Args['indexes'], ctx: ActionContext): Promise<Resolved[]> {
  const printed = refs.map((ref) => (typeof ref === 'string' ? ref : `${ref.schema}.${ref.name}`));
  const result = await sql.run(
    {
      kind: 'sql',
      on: ctx.target.name,
      query: `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, n.nspname || '.' || c.relname AS printed
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind IN ('i', 'I') AND n.nspname || '.' || c.relname = ANY($1::text[])`,
      params: [printed],
      readOnly: true,
    },
    { signal: ctx.signal },
  );
  if (result.error !== undefined) throw new ActionError(`cannot look the indexes up: ${result.error}`);
  const found = new Map(result.rows.map((r) => [String(r['printed']), r]));
  const missing = printed.filter((p) => !found.has(p));
  if (missing.length > 0) {
    throw new ActionError(`not an index in ${ctx.target.name}: ${missing.join(', ')}; nothing was rebuilt`, {
      hint: 'Pass the index_relations output of postgres.amcheck (SCHEMA.NAME of an index).',
    });
  }
  return [...new Set(printed)].map((p) => {
    const row = found.get(p)!;
    return { oid: Number(row['oid']), schema: String(row['schema']), name: String(row['name']) };
  });
}

async function write(sql: SqlExecutor, query: string, params: unknown[], ctx: ActionContext, what: string): Promise<void> {
  const result = await sql.run({ kind: 'sql', on: ctx.target.name, query, params, readOnly: false }, { signal: ctx.signal });
  if (result.error !== undefined) throw new ActionError(`${what}: ${result.error}`);
}
