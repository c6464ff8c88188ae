/** A foreign key between two tables, by the catalog's table names. */
export interface ForeignKeyEdge {
  /** The referencing table. */
  child: string;
  /** The referenced table. */
  parent: string;
  /** The constraint's name. */
  constraint: string;
  /** Whether deleting a parent row deletes its children (`ON DELETE CASCADE`). */
  cascade: boolean;
}

/** A table of the family and why it is in it. */
export interface FamilyTable {
  table: string;
  /** `named`: the step's table; `also`: listed by the runbook; `cascade`: found through `via`. */
  reason: 'named' | 'also' | 'cascade';
  /** For a cascade table: the constraint that reaches it (`child_fk → parent`). */
  via?: string;
}

/**
 * The tables whose rows a delete of `roots` took with it: every table reaching one of them
 * through `ON DELETE CASCADE`, recursively, then ordered so that every table comes after
 * the tables it references (parents first, so the foreign keys find their rows when the
 * rows are copied back). Self-references are ignored and cycles are broken in the order
 * the tables were found, so the walk always ends.
 */
export function cascadeFamily(roots: FamilyTable[], edges: ForeignKeyEdge[], cascade: boolean): FamilyTable[] {
  const found = new Map<string, FamilyTable>();
  for (const root of roots) if (!found.has(root.table)) found.set(root.table, root);
  if (cascade) {
    const queue = [...found.keys()];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      for (const e of edges) {
        if (!e.cascade || e.parent !== parent || e.child === parent || found.has(e.child)) continue;
        found.set(e.child, { table: e.child, reason: 'cascade', via: `${e.constraint} → ${parent}` });
        queue.push(e.child);
      }
    }
  }
  return dependencyOrder([...found.values()], edges);
}

/**
 * Kahn's topological order over the foreign keys among `tables` (any delete rule): a table
 * whose parents are all placed goes next, earliest found first; when only a cycle is left,
 * its earliest found table goes next.
 */
function dependencyOrder(tables: FamilyTable[], edges: ForeignKeyEdge[]): FamilyTable[] {
  const names = new Set(tables.map((t) => t.table));
  const parentsOf = new Map<string, Set<string>>(tables.map((t) => [t.table, new Set<string>()]));
  for (const e of edges) {
    if (e.child !== e.parent && names.has(e.child) && names.has(e.parent)) parentsOf.get(e.child)!.add(e.parent);
  }
  const placed = new Set<string>();
  const order: FamilyTable[] = [];
  while (order.length < tables.length) {
    const left = tables.filter((t) => !placed.has(t.table));
    const next = left.find((t) => [...parentsOf.get(t.table)!].every((p) => placed.has(p))) ?? left[0]!;
    placed.add(next.table);
    order.push(next);
  }
  return order;
}
