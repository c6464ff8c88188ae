import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { makeSandbox, type Sandbox } from '../helpers/cli.js';
import { OTHER_SCHEMA_DATA, otherSchemaDb, type OtherSchemaCounts } from '../actions/libsql/other-schema.js';

export interface ShopProject {
  sb: Sandbox;
  db: string;
  backups: string;
  counts: OtherSchemaCounts;
}

/**
 * A working directory whose pitstop.yaml has one libSQL target, `shop`, on a database of a
 * schema no runbook knows (customers, orders, audit_log): with the target's `data:` or
 * without it, plus any other target fields (turso, litestream…).
 */
export async function shopProject(opts: { data: boolean; extra?: Record<string, unknown>; env?: Record<string, string>; orders?: number }): Promise<ShopProject> {
  const sb = makeSandbox(opts.env ?? {});
  const db = join(sb.cwd, 'data', 'shop.db');
  const backups = join(sb.cwd, 'backups');
  mkdirSync(join(sb.cwd, 'data'), { recursive: true });
  const counts = await otherSchemaDb(db, { orders: opts.orders ?? 600 });
  const target = { engine: 'libsql', url: `file:${db}`, backups, ...(opts.data ? { data: OTHER_SCHEMA_DATA } : {}), ...opts.extra };
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { shop: target } }));
  return { sb, db, backups, counts };
}
