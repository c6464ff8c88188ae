import { quoteIdent } from '../../util/sql-ident.js';
import type { ForeignKey } from './foreign-keys.js';
import type { Query } from './table-info.js';
import { sqlTuples, typedKey, typedRow, typedSelect, type TypedValue } from './typed-values.js';

/**
 * The foreign keys of `table` a copied row is checked against: those to another table, whose
 * columns are all copied. A reference to the same table is left out: its parent row is a row
 * of this same copy-back, possibly later in the batch order.
 */
export function checkedForeignKeys(fks: ForeignKey[], table: string, cols: string[]): ForeignKey[] {
  return fks.filter((fk) => fk.parent.toLowerCase() !== table.toLowerCase() && fk.from.every((c) => cols.includes(c)));
}

/**
 * SQL that is true when a row's parents are all in production (`main`): for each foreign key,
 * a NULL in its columns (no reference), or the referenced row exists. `ref` gives the SQL of a
 * column of the row being copied. libSQL often runs with `foreign_keys` off, so without this a
 * child row would be written under a parent production no longer has.
 */
export function parentsPresentSql(fks: ForeignKey[], ref: (column: string) => string, schema = 'main.'): string {
  if (fks.length === 0) return '1';
  return fks
    .map((fk) => {
      const nulls = fk.from.map((c) => `${ref(c)} IS NULL`).join(' OR ');
      const pairs = fk.from.map((c, i) => `p.${quoteIdent(fk.to[i]!)} = ${ref(c)}`).join(' AND ');
      return `(${nulls} OR EXISTS (SELECT 1 FROM ${schema}${quoteIdent(fk.parent)} p WHERE ${pairs}))`;
    })
    .join(' AND ');
}

/**
 * For rows read through a client (not ATTACHed), whether each has all its parents in
 * production: one lookup per foreign key and batch. `rows` are typed values in `cols` order.
 */
export async function parentsPresent(dest: Query, fks: ForeignKey[], cols: string[], rows: TypedValue[][]): Promise<boolean[]> {
  const ok = rows.map(() => true);
  for (const fk of fks) {
    const at = fk.from.map((c) => cols.indexOf(c));
    const refOf = (row: TypedValue[]) => at.map((i) => row[i]!);
    const wanted = new Map<string, TypedValue[]>();
    for (const row of rows) {
      const ref = refOf(row);
      if (!ref.some((v) => v.type === 'null')) wanted.set(typedKey(ref), ref);
    }
    const found = new Set<string>();
    const refs = [...wanted.values()];
    // Row values IN a VALUES list, bound, at most 500 parents per question.
    for (let i = 0; i < refs.length; i += 500) {
      const list = sqlTuples(refs.slice(i, i + 500));
      const parents = await dest(`SELECT DISTINCT ${typedSelect(fk.to)} FROM ${quoteIdent(fk.parent)} WHERE (${fk.to.map(quoteIdent).join(', ')}) IN (VALUES ${list.sql})`, list.args);
      for (const r of parents) found.add(typedKey(typedRow(r, fk.to.length)));
    }
    rows.forEach((row, i) => {
      const ref = refOf(row);
      if (!ref.some((v) => v.type === 'null') && !found.has(typedKey(ref))) ok[i] = false;
    });
  }
  return ok;
}
