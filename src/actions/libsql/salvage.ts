import { ActionError } from '../../errors.js';
import type { Outputs } from '../../engine/types.js';
import type { ActionDefinition } from '../types.js';
import { errorText, localPath, openLocal, requireExistingFile, requireLocalFile, withClient } from './client.js';
import { copyAttached } from './copy-attached.js';
import { CopyArgs } from './copy-spec.js';
import { parentsFirst } from './family.js';
import { foreignKeys } from './foreign-keys.js';
import { Args, salvageSpec } from './salvage.spec.js';
import { clientQuery, type Query } from './table-info.js';
import { userTables } from './user-tables.js';

/** `libsql.salvage`: see `salvageSpec`. */
export const salvageAction: ActionDefinition<Args> = {
  ...salvageSpec,
  async run(args, ctx) {
    const dest = requireLocalFile(ctx.target, 'libsql.salvage');
    const from = localPath(args.from) ?? args.from;
    requireExistingFile(from, 'damaged file');
    const tables = await withClient(openLocal(dest), (client) => orderTables(clientQuery(client), args.tables));
    const out: Outputs = {};
    const totals = { copied: 0, unreadable: 0, lost_after_copy: 0, lost: 0, orphans: 0 };
    const lostTables: string[] = [];
    const unsalvaged: string[] = [];
    for (const table of tables) {
      try {
        // Each table by its own shape (primary key, unique NOT NULL, or all columns as a multiset): the same strategies as copy-rows.
        const copy = CopyArgs.parse({ table, from, batch_size: args.batch_size, cascade: false });
        const r = await copyAttached(dest, from, copy, ctx.log);
        const lost = (r.lost_after_copy ?? 0) + r.unreadable;
        Object.assign(out, { [`copied_${table}`]: r.copied, [`lost_${table}`]: lost, [`strategy_${table}`]: r.strategy });
        if (r.orphans > 0) out[`orphans_${table}`] = r.orphans;
        totals.copied += r.copied;
        totals.unreadable += r.unreadable;
        totals.lost_after_copy += r.lost_after_copy ?? 0;
        totals.lost += lost;
        totals.orphans += r.orphans;
        if (lost > 0) lostTables.push(table);
        const orphans = r.orphans > 0 ? `, ${r.orphans} NOT copied (parent row missing in production)` : '';
        ctx.log(`${table}: ${r.copied} copied back, ${r.skipped_existing} already present${orphans}${lost > 0 ? `, ${lost} NOT recoverable` : ''}`);
      } catch (error) {
        // One unreadable table must not stop the others from being saved.
        unsalvaged.push(table);
        ctx.log(`${table}: NOT salvaged, ${errorText(error)}`);
      }
    }
    const salvaged = tables.length - unsalvaged.length;
    Object.assign(out, totals, { tables: salvaged, lost_tables: lostTables, unsalvaged, unsalvaged_count: unsalvaged.length });
    const summary = `${totals.copied} row(s) copied back from ${salvaged} table(s)${totals.lost > 0 ? `; ${totals.lost} NOT recoverable (${lostTables.map((t) => `${t}: ${String(out[`lost_${t}`])}`).join(', ')})` : ''}${unsalvaged.length > 0 ? `; not salvaged: ${unsalvaged.join(', ')}` : ''}`;
    return { outputs: out, evidence: [{ label: 'rows copied back from the damaged file', expected: 'every readable row production lacks', actual: summary, pass: true }] };
  },
};

/** Production's tables (or the named ones) in foreign-key order: a parent before its children. */
async function orderTables(query: Query, only: string[] | undefined): Promise<string[]> {
  const all = await userTables(query);
  const tables = only ?? all;
  const missing = tables.filter((t) => !all.includes(t));
  if (missing.length > 0) throw new ActionError(`no table ${missing.join(', ')} in production`, { hint: 'Name tables that exist, or leave tables: out to salvage every table.' });
  const parents = new Map<string, string[]>();
  for (const table of tables) parents.set(table, (await foreignKeys(query, table)).map((fk) => fk.parent));
  return parentsFirst(tables, (t) => parents.get(t) ?? []);
}
