import { quoteIdent } from '../../util/sql-ident.js';

/**
 * `"schema"."name"` for SQL text. `quoteIdent` reads a dot as the schema separator (`a.b` →
 * `"a"."b"`), which is right for a name typed in a runbook but wrong for a catalog name that
 * contains a dot itself: such a part is quoted whole here, the same way (quotes doubled).
 */
export function qualifiedName(schema: string, name: string): string {
  return `${quotePart(schema)}.${quotePart(name)}`;
}

function quotePart(part: string): string {
  if (!part.includes('.')) return quoteIdent(part);
  if (part.includes('\0')) throw new Error('an SQL identifier cannot contain a NUL character');
  return `"${part.replaceAll('"', '""')}"`;
}
