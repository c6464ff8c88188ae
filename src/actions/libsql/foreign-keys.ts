import { quoteIdent } from '../../util/sql-ident.js';
import type { Query } from './table-info.js';

/** One foreign key of a table (`pragma foreign_key_list`), its columns paired in order. */
export interface ForeignKey {
  /** The referenced (parent) table. */
  parent: string;
  /** The referencing columns of the child. */
  from: string[];
  /** The referenced columns of the parent (its primary key when the declaration names none). */
  to: string[];
  /** `CASCADE`, `SET NULL`, `RESTRICT`, `NO ACTION`, `SET DEFAULT`. */
  onDelete: string;
}

/** The foreign keys `table` declares, each once (a composite one gathered from its rows). */
export async function foreignKeys(query: Query, table: string): Promise<ForeignKey[]> {
  const byId = new Map<number, ForeignKey>();
  const rows = await query(`PRAGMA foreign_key_list(${quoteIdent(table)})`);
  for (const r of [...rows].sort((a, b) => Number(a['id']) - Number(b['id']) || Number(a['seq']) - Number(b['seq']))) {
    const id = Number(r['id']);
    const fk = byId.get(id) ?? { parent: String(r['table']), from: [], to: [], onDelete: String(r['on_delete'] ?? 'NO ACTION').toUpperCase() };
    fk.from.push(String(r['from']));
    // A missing `to` is the parent's primary key, filled in below.
    fk.to.push(r['to'] === null || r['to'] === undefined ? '' : String(r['to']));
    byId.set(id, fk);
  }
  const out = [...byId.values()];
  for (const fk of out) {
    if (fk.to.every((c) => c !== '')) continue;
    const pk = (await query(`PRAGMA table_info(${quoteIdent(fk.parent)})`))
      .filter((c) => Number(c['pk']) > 0)
      .sort((a, b) => Number(a['pk']) - Number(b['pk']))
      .map((c) => String(c['name']));
    fk.to = pk.length === fk.from.length ? pk : fk.from;
  }
  return out;
}

/** Whether a foreign key points at `table` (SQLite compares table names without case). */
export function references(fk: ForeignKey, table: string): boolean {
  return fk.parent.toLowerCase() === table.toLowerCase();
}
