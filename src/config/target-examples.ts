/**
 * How to write a key of a target in pitstop.yaml, for the messages that say it is missing
 * (preflight, dry runs, actions that need `data:`): one wording everywhere.
 */

/** How to write each key a runbook may require, shown when the target lacks it. */
const EXAMPLES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^data\.sets\.(.+)$/, (m) => `data: { sets: { ${m[1]}: [orders, customers] } }`],
  [/^data\.tables$/, () => 'data: { tables: { orders: { newest: created_at } } }'],
  [/^data\.archive$/, () => 'data: { archive: { table: events, column: created_at, older_than: 90d } }'],
  [/^data\.checks$/, () => 'data: { checks: [{ id: no-orphans, query: "SELECT count(*) AS n FROM …", expect: { n: { eq: 0 } } }] }'],
  [/^app\.(stop|start|health|migrate)$/, (m) => `app: { ${m[1]}: [systemctl, ${m[1] === 'migrate' || m[1] === 'health' ? 'status' : m[1]}, my-app] }`],
  [/^backups$/, () => 'backups: /var/backups/mydb'],
  [/^wal_archive$/, () => 'wal_archive: /var/backups/mydb/wal'],
  [/^pgbackrest(\.stanza)?$/, () => 'pgbackrest: { stanza: main }'],
  [/^litestream(\.replica)?$/, () => 'litestream: { replica: file:///var/backups/mydb/litestream }'],
  [/^turso(\.database)?$/, () => 'turso: { database: my-db }'],
];

/** An example line of pitstop.yaml that would provide `key`. */
export function exampleFor(key: string): string {
  for (const [pattern, make] of EXAMPLES) {
    const m = key.match(pattern);
    if (m) return make(m);
  }
  const parts = key.split('.');
  return parts.reduceRight<string>((inner, part) => `${part}: ${inner.includes(':') ? `{ ${inner} }` : inner}`, '…');
}
