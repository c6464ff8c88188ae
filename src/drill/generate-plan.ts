import { readCheck, type ColumnRule } from './generate-checks.js';
import { typeFamily, type ColumnPlan } from './generate-values.js';
import type { SchemaForeignKey, SchemaModel, SchemaTable } from './schema-model.js';

/** How a foreign key's columns are filled: from the parent's rows, from earlier rows of the table itself, or NULL. */
export interface ForeignKeyPlan {
  fk: SchemaForeignKey;
  mode: 'parent' | 'self' | 'null';
}

/** How one table's rows are made. */
export interface TablePlan {
  table: SchemaTable;
  /** The columns given a value, in table order (the ones left to their DEFAULT are not among them). */
  columns: ColumnPlan[];
  /** Left NULL so that a check pitstop cannot honour holds. */
  nullColumns: Set<string>;
  /** Largest first, so a smaller one sharing columns with it follows its choice. */
  foreignKeys: ForeignKeyPlan[];
  /** The primary key and every unique set: no two rows may share one. */
  uniqueSets: string[][];
}

/** A check pitstop could not honour, and what it did instead. */
export interface NotHonoured {
  table: string;
  check: string;
  how: string;
}

export type PlanResult = { plan: TablePlan; notHonoured: NotHonoured[] } | { refused: string };

/**
 * Decides how `table`'s rows are made, given which tables already have rows (`rowsOf`:
 * undefined for a table not made, or refused). Refuses a table whose NOT NULL foreign key
 * has no rows to point at (a refused parent, a cycle, itself) or whose NOT NULL column is
 * under a check it cannot honour, saying why.
 */
export function planTable(table: SchemaTable, model: SchemaModel, rowsOf: (name: string) => number | undefined): PlanResult {
  const notHonoured: NotHonoured[] = [];
  const fkColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  const keyColumns = new Set([...table.primaryKey, ...fkColumns]);
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const rules = new Map<string, ColumnRule[]>();
  const nullColumns = new Set<string>();
  const defaulted = new Set<string>();
  for (const check of table.checks) {
    const read = readCheck(check, table.columns.map((c) => c.name));
    if (read.honoured) {
      for (const rule of read.rules) rules.set(rule.column, [...(rules.get(rule.column) ?? []), rule]);
      continue;
    }
    const free = read.columns.filter((c) => !keyColumns.has(c)).map((c) => byName.get(c)!);
    const nullable = free.find((c) => !c.notNull);
    const withDefault = free.find((c) => c.hasDefault);
    if (nullable) {
      nullColumns.add(nullable.name);
      notHonoured.push({ table: table.name, check, how: `column ${nullable.name} left NULL` });
    } else if (withDefault) {
      defaulted.add(withDefault.name);
      notHonoured.push({ table: table.name, check, how: `column ${withDefault.name} left to its default` });
    } else if (read.columns.length === 0) {
      notHonoured.push({ table: table.name, check, how: 'it names no column pitstop knows: rows it refuses are not inserted' });
    } else {
      return { refused: `CHECK (${check}) is not one pitstop can honour, and its columns (${read.columns.join(', ')}) are NOT NULL without a default or part of a key` };
    }
  }
  for (const column of table.columns.filter((c) => typeFamily(c.type) === 'other' && !keyColumns.has(c.name))) {
    if (!column.notNull) nullColumns.add(column.name);
    else if (column.hasDefault) defaulted.add(column.name);
    else return { refused: `column ${column.name} is NOT NULL without a default, and pitstop cannot make values of its type ${column.type}` };
  }
  const foreignKeys: ForeignKeyPlan[] = [];
  for (const fk of [...table.foreignKeys].sort((a, b) => b.columns.length - a.columns.length)) {
    const nullable = fk.columns.every((c) => !byName.get(c)?.notNull && !table.primaryKey.includes(c));
    const self = fk.parent.toLowerCase() === table.name.toLowerCase();
    const parentRows = self ? undefined : rowsOf(canonicalName(model, fk.parent));
    if (parentRows !== undefined && parentRows > 0) foreignKeys.push({ fk, mode: 'parent' });
    else if (nullable) foreignKeys.push({ fk, mode: self ? 'self' : 'null' });
    else return { refused: `its foreign key (${fk.columns.join(', ')}) → ${fk.parent} is NOT NULL and ${self ? 'points at the table itself: no first row can be made' : whyNoParentRows(model, fk.parent, parentRows)}` };
  }
  const uniqueSets = [table.primaryKey, ...table.unique].filter((set) => set.length > 0);
  const distinct = new Set<string>();
  for (const set of uniqueSets) {
    const own = set.filter((c) => !fkColumns.has(c));
    if (set.length === 1 || own.length > 0) for (const c of set.length === 1 ? own : own.slice(0, 1)) distinct.add(c);
  }
  const columns = table.columns
    .filter((c) => !defaulted.has(c.name))
    .map((column) => ({ column, family: typeFamily(column.type), rules: rules.get(column.name) ?? [], distinct: distinct.has(column.name) }));
  return { plan: { table, columns, nullColumns, foreignKeys, uniqueSets }, notHonoured };
}

/** The model's spelling of a table name (SQLite compares them without case). */
export function canonicalName(model: SchemaModel, name: string): string {
  return model.tables.find((t) => t.name.toLowerCase() === name.toLowerCase())?.name ?? name;
}

function whyNoParentRows(model: SchemaModel, parent: string, rows: number | undefined): string {
  if (!model.tables.some((t) => t.name.toLowerCase() === parent.toLowerCase())) return `${parent} is not in the schema`;
  return rows === 0 ? `${parent} has no rows` : `${parent} has none to point at (it was refused, or is on a cycle of NOT NULL foreign keys with this table)`;
}

/**
 * The tables in an order where each comes after the tables it references (self-references
 * aside); tables on a cycle keep the model's order, and the foreign key that closes it is
 * filled with NULL (or the table refused) by `planTable`.
 */
export function dependencyOrder(model: SchemaModel): SchemaTable[] {
  const ordered: SchemaTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: SchemaTable): void => {
    if (state.has(table.name)) return;
    state.set(table.name, 'visiting');
    for (const fk of table.foreignKeys) {
      const parent = model.tables.find((t) => t.name.toLowerCase() === fk.parent.toLowerCase());
      if (parent && parent !== table) visit(parent);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of model.tables) visit(table);
  return ordered;
}
