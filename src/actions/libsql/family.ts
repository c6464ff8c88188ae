import { ActionError } from '../../errors.js';
import { foreignKeys, type ForeignKey, references } from './foreign-keys.js';
import { describeMatch, type RowMatch, rowMatch } from './match-key.js';
import { type Query, tableColumns } from './table-info.js';
import { userTables } from './user-tables.js';

/** Why a table is part of a copy-back. */
export type TableRole = 'named' | 'cascade' | 'also';

/** One table of a copy-back: how its rows are matched, and the foreign keys it declares. */
export interface TablePlan {
  table: string;
  role: TableRole;
  match: RowMatch;
  foreignKeys: ForeignKey[];
}

/** The tables a copy-back restores, parents first. */
export interface FamilyPlan {
  tables: TablePlan[];
  /** The tables found through `ON DELETE CASCADE`, recursively, parents first. */
  children: string[];
}

export interface FamilyRequest {
  table: string;
  /** More tables to copy back with it (named by the operator). */
  also: string[];
  /** Follow `ON DELETE CASCADE` references to `table`, recursively. */
  cascade: boolean;
  /** The key of the named table, when the step gives one. */
  key?: string;
}

/**
 * What a copy-back of `table` restores, decided on production before any copy exists: the
 * table, every table that references it through `ON DELETE CASCADE` (and theirs, recursively:
 * a deletion took their rows too), and `also`; each with its row-matching strategy, in
 * dependency order so that a parent's rows are back before its children's.
 */
export async function planFamily(query: Query, request: FamilyRequest): Promise<FamilyPlan> {
  const all = await userTables(query);
  const missing = [request.table, ...request.also].filter((t) => !all.includes(t));
  if (missing.length > 0) {
    throw new ActionError(`no table ${missing.join(', ')} in production`, {
      hint: `Give a table production has (names are case-sensitive here): ${all.slice(0, 20).join(', ')}${all.length > 20 ? ', …' : ''}.`,
    });
  }
  const fks = new Map<string, ForeignKey[]>();
  for (const t of all) fks.set(t, await foreignKeys(query, t));
  const children = request.cascade ? cascadeChildren(request.table, all, fks) : [];
  const wanted = [...new Set([request.table, ...children, ...request.also])];
  const ordered = parentsFirst(wanted, (t) => (fks.get(t) ?? []).map((fk) => fk.parent));
  const tables: TablePlan[] = [];
  for (const table of ordered) {
    const columns = await tableColumns(query, table);
    const key = table === request.table ? request.key : undefined;
    const role: TableRole = table === request.table ? 'named' : children.includes(table) ? 'cascade' : 'also';
    tables.push({ table, role, match: await rowMatch(query, table, columns, key), foreignKeys: fks.get(table) ?? [] });
  }
  return { tables, children: ordered.filter((t) => children.includes(t)) };
}

/** Every table whose rows a DELETE on `table` removes through `ON DELETE CASCADE`, recursively. */
function cascadeChildren(table: string, all: string[], fks: Map<string, ForeignKey[]>): string[] {
  const found: string[] = [];
  const seen = new Set([table]);
  const queue = [table];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const child of all) {
      if (seen.has(child)) continue; // a cycle or a self-reference adds nothing new
      if ((fks.get(child) ?? []).some((fk) => fk.onDelete === 'CASCADE' && references(fk, parent))) {
        seen.add(child);
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/**
 * `tables` with every table after the tables among them it references; a cycle keeps the
 * given order for the tables on it.
 */
export function parentsFirst(tables: string[], parentsOf: (table: string) => string[]): string[] {
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const byLowerName = new Map(tables.map((t) => [t.toLowerCase(), t]));
  const visit = (table: string): void => {
    if (ordered.includes(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const parent of parentsOf(table)) {
      const known = byLowerName.get(parent.toLowerCase());
      if (known !== undefined && known !== table) visit(known);
    }
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

/** One line per table for the step log and the report. */
export function describePlan(plan: FamilyPlan): string[] {
  return plan.tables.map((t) => `${t.table}${t.role === 'cascade' ? ' (ON DELETE CASCADE)' : t.role === 'also' ? ' (also)' : ''}: ${describeMatch(t.match)}`);
}

/** A comma-separated list argument (`"a, b"`) as names; empty for "". */
export function tableList(value: string): string[] {
  return value.split(',').map((t) => t.trim()).filter((t) => t !== '');
}
