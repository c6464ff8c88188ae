import { ActionError } from '../../errors.js';
import type { Outputs } from '../../engine/types.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionDefinition } from '../types.js';
import { errorText, localPath, openLocal, requireExistingFile, requireLocalFile, withClient } from './client.js';
import { copyAttached } from './copy-attached.js';
import { CopyArgs } from './copy-spec.js';
import { Args, salvageSpec } from './salvage.spec.js';
import { clientQuery, type Query, tableColumns } from './table-info.js';
import { userTables } from './user-tables.js';

interface Plan {
  table: string;
  /** The single primary-key column, or why rows cannot be matched. */
  key: string | { why: string };
}

/** `libsql.salvage`: see `salvageSpec`. */
export const salvageAction: ActionDefinition<Args> = {
  ...salvageSpec,
  async run(args, ctx) {
    const dest = requireLocalFile(ctx.target, 'libsql.salvage');
    const from = localPath(args.from) ?? args.from;
    requireExistingFile(from, 'damaged file');
    const plans = await withClient(openLocal(dest), (client) => planTables(clientQuery(client), args.tables));
    const out: Outputs = {};
    const totals = { copied: 0, unreadable: 0, lost_after_copy: 0, lost: 0 };
    const lostTables: string[] = [];
    const unsalvaged: string[] = [];
    for (const plan of plans) {
      if (typeof plan.key !== 'string') {
        unsalvaged.push(plan.table);
        ctx.log(`${plan.table}: NOT salvaged, ${plan.key.why}`);
        continue;
      }
      try {
        const copy = CopyArgs.parse({ table: plan.table, key: plan.key, from, batch_size: args.batch_size });
        const r = await copyAttached(dest, from, copy, ctx.log);
        const lost = (r.lost_after_copy ?? 0) + r.unreadable;
        out[`copied_${plan.table}`] = r.copied;
        out[`lost_${plan.table}`] = lost;
        totals.copied += r.copied;
        totals.unreadable += r.unreadable;
        totals.lost_after_copy += r.lost_after_copy ?? 0;
        totals.lost += lost;
        if (lost > 0) lostTables.push(plan.table);
        ctx.log(`${plan.table}: ${r.copied} copied back, ${r.skipped_existing} already present${lost > 0 ? `, ${lost} NOT recoverable` : ''}`);
      } catch (error) {
        // One unreadable table must not stop the others from being saved.
        unsalvaged.push(plan.table);
        ctx.log(`${plan.table}: NOT salvaged, ${errorText(error)}`);
      }
    }
    const salvaged = plans.length - unsalvaged.length;
    Object.assign(out, totals, { tables: salvaged, lost_tables: lostTables, unsalvaged, unsalvaged_count: unsalvaged.length });
    const summary = `${totals.copied} row(s) copied back from ${salvaged} table(s)${totals.lost > 0 ? `; ${totals.lost} NOT recoverable (${lostTables.map((t) => `${t}: ${String(out[`lost_${t}`])}`).join(', ')})` : ''}${unsalvaged.length > 0 ? `; not salvaged: ${unsalvaged.join(', ')}` : ''}`;
    return { outputs: out, evidence: [{ label: 'rows copied back from the damaged file', expected: 'every readable row production lacks', actual: summary, pass: true }] };
  },
};

/** Production's tables in foreign-key order (a parent before its children), each with its key. */
async function planTables(query: Query, only: string[] | undefined): Promise<Plan[]> {
  const all = await userTables(query);
  const tables = only ?? all;
  const missing = tables.filter((t) => !all.includes(t));
  if (missing.length > 0) throw new ActionError(`no table ${missing.join(', ')} in production`, { hint: 'Name tables that exist, or leave tables: out to salvage every table.' });
  const parents = new Map<string, string[]>();
  const plans = new Map<string, Plan>();
  for (const table of tables) {
    const fks = await query(`PRAGMA foreign_key_list(${quoteIdent(table)})`);
    parents.set(table, fks.map((r) => String(r['table'])).filter((p) => p !== table && tables.includes(p)));
    const pks = (await tableColumns(query, table)).filter((c) => c.pk > 0);
    plans.set(table, { table, key: pks.length === 1 ? pks[0]!.name : { why: pks.length === 0 ? 'it has no primary key to match rows by' : 'its primary key has several columns' } });
  }
  const ordered: Plan[] = [];
  const visiting = new Set<string>();
  const visit = (table: string): void => {
    if (ordered.some((p) => p.table === table) || visiting.has(table)) return; // a cycle keeps the listed order
    visiting.add(table);
    for (const parent of parents.get(table) ?? []) visit(parent);
    ordered.push(plans.get(table)!);
  };
  for (const table of tables) visit(table);
  return ordered;
}
