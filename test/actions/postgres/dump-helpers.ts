import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Target } from '../../../src/config/schema.js';
import type { ClusterHandle } from '../../helpers/pg.js';
import { makeContext, type TestContext } from '../libsql/helpers.js';

/** A private temp directory, removed by the returned function. */
export function scratchDir(prefix = 'pitstop-dumps-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A postgres target on the throwaway cluster, database `db`, dumps in `backups`. */
export function pgTarget(pg: ClusterHandle, db: string, backups: string, extra: Partial<Target> = {}): Target {
  return { name: 'orquix', engine: 'postgres', url: pg.url(db), backups, secrets: [], ...extra };
}

/** Exact row counts of tables in a database. */
export async function rowCounts(pg: ClusterHandle, db: string, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`, [], db))[0]!.n);
  return out;
}

const runDirs: string[] = [];

/** `makeContext` whose run directory is removed by `removeRunDirs()` (call it in afterAll). */
export function ctxFor(target: Target, opts: Parameters<typeof makeContext>[1] = {}): TestContext {
  const ctx = makeContext(target, opts);
  runDirs.push(ctx.runDir);
  return ctx;
}

export function removeRunDirs(): void {
  for (const dir of runDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
