/**
 * Quote an SQL identifier for PostgreSQL and SQLite alike: wrap in double quotes and double
 * any quote inside. Schema-qualified names are quoted part by part (`a.b` → `"a"."b"`).
 * NUL cannot appear in an identifier in either engine, so it is refused.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error('an SQL identifier cannot be empty');
  if (name.includes('\0')) throw new Error('an SQL identifier cannot contain a NUL character');
  return name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}
