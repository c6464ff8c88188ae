import { quoteIdent } from '../../util/sql-ident.js';

/**
 * `"schema"."name"` for SQL text. `quoteIdent` splits on dots (it takes `a.b` as schema and
 * name), so each part is passed whole: a part that itself contains a dot is quoted as one
 * identifier here.
 */
export function qualifiedName(schema: string, name: string): string {
  return `${quotePart(schema)}.${quotePart(name)}`;
}

function quotePart(part: string): string {
  return part.includes('.') ? `"${quoteIdent(part.replaceAll('.', '\u0001')).slice(1, -1).replaceAll('\u0001', '.')}"` : quoteIdent(part);
}
