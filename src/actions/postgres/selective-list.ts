import { entryKey, type TocEntry } from './toc.js';

/** A table as `schema.name`, unquoted (`public.users`). */
export type TableName = string;

/** `users` → `public.users`; `app.Orders` stays as written (names are case-sensitive here). */
export function qualify(table: string): TableName {
  return table.includes('.') ? table : `public.${table}`;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const QUALIFIED = String.raw`(${IDENT})\.(${IDENT})`;

function unquote(ident: string): string {
  return ident.startsWith('"') ? ident.slice(1, -1).replaceAll('""', '"') : ident;
}

function firstTable(sql: string, before: string, after = ''): TableName | undefined {
  const m = new RegExp(`${before}${QUALIFIED}${after}`).exec(sql);
  return m ? `${unquote(m[1]!)}.${unquote(m[2]!)}` : undefined;
}

/** The table an entry of the post-data or pre-data section hangs off, read from its SQL. */
function tableOf(entry: TocEntry, sql: string): TableName | undefined {
  switch (entry.type) {
    case 'TABLE':
    case 'TABLE DATA':
      return `${entry.schema}.${entry.tag}`;
    case 'CONSTRAINT':
    case 'FK CONSTRAINT':
    case 'CHECK CONSTRAINT':
    case 'DEFAULT':
    case 'ROW SECURITY':
      return firstTable(sql, String.raw`ALTER TABLE (?:ONLY )?`);
    case 'INDEX':
    case 'TRIGGER':
    case 'POLICY':
      return firstTable(sql, String.raw`\sON (?:ONLY )?`);
    case 'SEQUENCE OWNED BY':
      return firstTable(sql, String.raw`OWNED BY `, String.raw`\.`);
    case 'SEQUENCE':
      // An identity column's sequence is created by ALTER TABLE … ADD GENERATED … AS IDENTITY.
      return firstTable(sql, String.raw`ALTER TABLE (?:ONLY )?`, ` ALTER COLUMN ${IDENT} ADD GENERATED`);
    case 'COMMENT':
      return firstTable(sql, String.raw`COMMENT ON (?:TABLE|COLUMN) `);
    case 'ACL':
      return /^TABLE /.test(entry.tag) ? firstTable(sql, String.raw`\sON TABLE `) : undefined;
    default:
      return undefined;
  }
}

export interface SelectivePlan {
  /** False when the plan is the whole archive less its dangling foreign keys. */
  selective: boolean;
  /** The `--use-list` lines, in the archive's order. */
  lines: string[];
  kept: TocEntry[];
  /** FK constraints of the chosen tables that point at tables not restored. */
  droppedForeignKeys: string[];
  /** Chosen tables the archive does not hold. */
  missingTables: TableName[];
  /** Schemas the chosen tables live in (created before the restore when missing). */
  schemas: string[];
}

/**
 * Which TOC entries restore `tables` completely: the table, its data, its sequences (owned
 * or named by a column default or identity) with their current values, defaults,
 * constraints, indexes, triggers, policies, comments and grants. `pg_restore -t` would bring
 * the table and its rows only (pitfalls). A foreign key to a table that is not restored is
 * left out (and reported), since it cannot be created.
 */
export function planSelective(entries: TocEntry[], sqlByKey: Map<string, string>, tables: string[]): SelectivePlan {
  const wanted = new Set(tables.map(qualify));
  const sqlOf = (e: TocEntry) => sqlByKey.get(entryKey(e.type, e.schema, e.tag)) ?? '';
  const present = new Set(entries.filter((e) => e.type === 'TABLE').map((e) => `${e.schema}.${e.tag}`));
  const sequences = new Set<string>();
  for (const e of entries) {
    const sql = sqlOf(e);
    const table = tableOf(e, sql);
    if (!table || !wanted.has(table)) continue;
    if (e.type === 'SEQUENCE OWNED BY' || e.type === 'SEQUENCE') sequences.add(`${e.schema}.${e.tag}`);
    if (e.type === 'DEFAULT') {
      const m = new RegExp(`nextval\\('${QUALIFIED}'`).exec(sql.replaceAll("''", "'"));
      if (m) sequences.add(`${unquote(m[1]!)}.${unquote(m[2]!)}`);
    }
  }
  const kept: TocEntry[] = [];
  const droppedForeignKeys: string[] = [];
  for (const e of entries) {
    const sql = sqlOf(e);
    if ((e.type === 'SEQUENCE' || e.type === 'SEQUENCE SET') && sequences.has(`${e.schema}.${e.tag}`)) {
      kept.push(e);
      continue;
    }
    const table = tableOf(e, sql);
    if (!table || !wanted.has(table)) continue;
    const dangling = e.type === 'FK CONSTRAINT' ? danglingForeignKey(e, sql, table, wanted) : undefined;
    if (dangling) {
      droppedForeignKeys.push(dangling);
      continue;
    }
    kept.push(e);
  }
  return {
    selective: true,
    lines: kept.map((e) => e.line),
    kept,
    droppedForeignKeys,
    missingTables: [...wanted].filter((t) => !present.has(t)),
    schemas: [...new Set([...wanted].filter((t) => present.has(t)).map((t) => t.slice(0, t.indexOf('.'))))],
  };
}

/**
 * The whole archive except the foreign keys that point at tables it does not hold: a dump
 * made of some tables only (`pg_dump -t`) still carries their foreign keys to the others,
 * and restoring it into a fresh database would fail on them. Null when nothing dangles, so
 * the caller restores the archive as it is.
 */
export function planWholeArchive(entries: TocEntry[], sqlByKey: Map<string, string>): SelectivePlan | null {
  const present = new Set(entries.filter((e) => e.type === 'TABLE').map((e) => `${e.schema}.${e.tag}`));
  const kept: TocEntry[] = [];
  const droppedForeignKeys: string[] = [];
  for (const e of entries) {
    const sql = sqlByKey.get(entryKey(e.type, e.schema, e.tag)) ?? '';
    const table = e.type === 'FK CONSTRAINT' ? tableOf(e, sql) : undefined;
    const dangling = table ? danglingForeignKey(e, sql, table, present) : undefined;
    if (dangling) droppedForeignKeys.push(dangling);
    else kept.push(e);
  }
  if (droppedForeignKeys.length === 0) return null;
  return { selective: false, lines: kept.map((e) => e.line), kept, droppedForeignKeys, missingTables: [], schemas: [] };
}

/** `name on schema.table → schema.other` when the FK's referenced table is not among `restored`. */
function danglingForeignKey(e: TocEntry, sql: string, table: TableName, restored: ReadonlySet<TableName>): string | undefined {
  const referenced = firstTable(sql, String.raw`REFERENCES `);
  if (referenced && restored.has(referenced)) return undefined;
  const short = table.slice(table.indexOf('.') + 1);
  const name = e.tag.startsWith(`${short} `) ? e.tag.slice(short.length + 1) : e.tag;
  return `${name} on ${table} → ${referenced ?? '?'}`;
}
