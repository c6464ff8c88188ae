/**
 * The table of contents of a dump, as `pg_restore --list` prints it:
 * `3340; 0 16385 TABLE DATA public users postgres`: dump id, catalog oid, object oid, type,
 * schema (`-` for none), tag, owner. Types and tags may contain spaces (`FK CONSTRAINT`,
 * `SEQUENCE OWNED BY`; a constraint's tag is `table name`), so types are matched against the
 * known list, longest first.
 */
export interface TocEntry {
  /** The whole line, to write back into a `--use-list`. */
  line: string;
  id: number;
  type: string;
  schema: string;
  tag: string;
}

const TYPES = [
  'SEQUENCE OWNED BY', 'SEQUENCE SET', 'TABLE DATA', 'FK CONSTRAINT', 'CHECK CONSTRAINT', 'MATERIALIZED VIEW DATA',
  'MATERIALIZED VIEW', 'DEFAULT ACL', 'ROW SECURITY', 'INDEX ATTACH', 'TABLE ATTACH', 'BLOB DATA', 'LARGE OBJECT', 'BLOBS',
  'EVENT TRIGGER', 'FOREIGN TABLE', 'PUBLICATION TABLE', 'PUBLICATION', 'STATISTICS', 'SHELL TYPE', 'ACCESS METHOD', 'TRANSFORM',
  'CONSTRAINT', 'SEQUENCE', 'TABLE', 'INDEX', 'TRIGGER', 'DEFAULT', 'COMMENT', 'ACL', 'SCHEMA', 'EXTENSION', 'FUNCTION',
  'PROCEDURE', 'AGGREGATE', 'TYPE', 'DOMAIN', 'VIEW', 'RULE', 'POLICY', 'ENCODING', 'STDSTRINGS', 'SEARCHPATH', 'DATABASE',
  'COLLATION', 'CONVERSION', 'OPERATOR', 'OPERATOR CLASS', 'OPERATOR FAMILY', 'CAST', 'SERVER', 'USER MAPPING',
  'FOREIGN DATA WRAPPER', 'TEXT SEARCH CONFIGURATION', 'TEXT SEARCH DICTIONARY', 'TEXT SEARCH PARSER', 'TEXT SEARCH TEMPLATE',
  'SUBSCRIPTION', 'PROCEDURAL LANGUAGE',
].sort((a, b) => b.length - a.length);

const LINE = /^(\d+);\s+\d+\s+\d+\s+(.*)$/;

/** Parses `pg_restore --list` output; comment lines (`;`) are skipped, unknown types kept as `?`. */
export function parseToc(text: string): TocEntry[] {
  const entries: TocEntry[] = [];
  for (const line of text.split('\n')) {
    const raw = line.replace(/\r$/, '');
    const m = LINE.exec(raw);
    if (!m) continue;
    const rest = m[2]!;
    const type = TYPES.find((t) => rest === t || rest.startsWith(`${t} `)) ?? '?';
    const after = rest.slice(type === '?' ? 0 : type.length + 1);
    const space = after.indexOf(' ');
    const schema = space < 0 ? after : after.slice(0, space);
    const tagAndOwner = space < 0 ? '' : after.slice(space + 1);
    // The owner is the last word; an object without one (an extension) ends the line with a space.
    const tag = tagAndOwner.endsWith(' ') || !tagAndOwner.includes(' ') ? tagAndOwner.trimEnd() : tagAndOwner.slice(0, tagAndOwner.lastIndexOf(' '));
    entries.push({ line: raw, id: Number(m[1]), type, schema, tag });
  }
  return entries;
}

/** Entry counts by type (`{ TABLE: 6, 'TABLE DATA': 6, INDEX: 4, … }`). */
export function countByType(entries: TocEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entries) counts[e.type] = (counts[e.type] ?? 0) + 1;
  return counts;
}

/**
 * The SQL of each entry from `pg_restore --schema-only -f FILE`, keyed `TYPE|SCHEMA|TAG`
 * (the `-- Name: …; Type: …; Schema: …` header pg_dump writes above every object).
 */
export function parseSchemaSql(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  const header = /^-- (?:Data for )?Name: (.*); Type: (.*); Schema: (.*); Owner: .*$/gm;
  const marks = [...sql.matchAll(header)];
  marks.forEach((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.index : sql.length;
    const key = entryKey(m[2]!, m[3]!, m[1]!);
    out.set(key, (out.get(key) ?? '') + sql.slice(m.index! + m[0].length, end));
  });
  return out;
}

export function entryKey(type: string, schema: string, tag: string): string {
  return `${type}|${schema}|${tag}`;
}
