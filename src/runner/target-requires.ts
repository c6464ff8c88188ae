import { ConfigError } from '../errors.js';
import type { Runbook } from '../runbook/schema.js';

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

/** The value at a dotted key of a target, or undefined. */
function valueAt(target: Record<string, unknown>, key: string): unknown {
  let value: unknown = target;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function present(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** An example line of pitstop.yaml that would provide `key`. */
export function exampleFor(key: string): string {
  for (const [pattern, make] of EXAMPLES) {
    const m = key.match(pattern);
    if (m) return make(m);
  }
  const parts = key.split('.');
  return parts.reduceRight<string>((inner, part) => `${part}: ${inner.includes(':') ? `{ ${inner} }` : inner}`, '…');
}

/** The `requires:` keys of a runbook that the target does not have. */
export function missingRequirements(runbook: Pick<Runbook, 'requires'>, target: Record<string, unknown>): string[] {
  return (runbook.requires ?? []).filter((key) => !present(valueAt(target, key)));
}

/**
 * Preflight: refuse to start a runbook on a target that lacks a key it declares in
 * `requires:`, naming each missing key with an example of how to write it. Nothing runs.
 */
export function checkRequirements(runbook: Pick<Runbook, 'id' | 'requires'>, target: { name: string } & Record<string, unknown>): void {
  const missing = missingRequirements(runbook, target);
  if (missing.length === 0) return;
  const lines = missing.map((key) => `  ${key} — for example, under targets.${target.name}:  ${exampleFor(key)}`);
  throw new ConfigError(
    `${runbook.id} needs ${missing.map((k) => `\`${k}\``).join(', ')} in target ${target.name}, which pitstop.yaml does not give:\n${lines.join('\n')}`,
    { hint: `Add ${missing.length === 1 ? 'it' : 'them'} to pitstop.yaml (see docs/targets.md), then run again. Nothing was started.` },
  );
}
