import { createClient, type Client } from '@libsql/client';
import { closeSync, copyFileSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionContext, ActionDefinition, ActionOutcome } from '../../../src/actions/types.js';
import type { Target } from '../../../src/config/schema.js';
import { createCommandExecutor } from '../../../src/executors/command.js';
import { createSqlExecutor } from '../../../src/executors/sql.js';
import type { SqlExecutor } from '../../../src/executors/types.js';
import { seedSandbox, type SeedOptions } from '../../../src/sandbox/seed.js';
import { createRedactor } from '../../../src/util/redact.js';

/** The fixed "now" of seeded test data, so counts are the same on every run. */
export const NOW = new Date('2026-11-22T05:00:00Z');
export const TURSO_STUB_DIR = fileURLToPath(new URL('../../fixtures/turso/', import.meta.url));

export function tempDir(prefix = 'pitstop-libsql-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A new database file at `path` seeded like the sandbox (fixed clock), closed again. */
export async function seededDb(path: string, opts: SeedOptions = {}): Promise<void> {
  const client = createClient({ url: `file:${path}` });
  await seedSandbox(client, { now: NOW, ...opts });
  client.close();
}

/** Runs `fn` with a client on a local file and closes it. */
export async function withDb<T>(path: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = createClient({ url: `file:${path}` });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

export async function scalar(path: string, sql: string, args: unknown[] = []): Promise<number> {
  return withDb(path, async (c) => Number((await c.execute({ sql, args: args as never })).rows[0]![0]));
}

export async function ids(path: string, table: string): Promise<number[]> {
  return withDb(path, async (c) => (await c.execute(`SELECT id FROM ${table} ORDER BY id`)).rows.map((r) => Number(r[0])));
}

/** Overwrites `length` bytes of page `page` (1-based) with garbage. */
export function garblePage(path: string, page: number | undefined, pageSize: number, from = 0, length = pageSize): void {
  if (page === undefined || page < 2) throw new Error(`no such page to garble: ${page}`);
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(length, 0x5a), 0, length, (page - 1) * pageSize + from);
  } finally {
    closeSync(fd);
  }
}

/** Leaf pages of a b-tree (`dbstat`), in key order; and the page size. */
export async function leafPages(path: string, name: string): Promise<{ pages: number[]; pageSize: number }> {
  return withDb(path, async (c) => {
    await c.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    const pageSize = Number((await c.execute('PRAGMA page_size')).rows[0]![0]);
    const rs = await c.execute({ sql: "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path", args: [name] });
    return { pages: rs.rows.map((r) => Number(r[0])), pageSize };
  });
}

export function libsqlTarget(dbPath: string, extra: Partial<Target> = {}): Target {
  return { name: 'tickets', engine: 'libsql', url: `file:${dbPath}`, secrets: [], ...extra };
}

export interface TestContext extends ActionContext {
  /** Every line the step would show or log (its own lines and forwarded command output). */
  logged: string[];
  restored: ActionOutcome['restored'] | undefined;
  close(): Promise<void>;
}

/**
 * An ActionContext like the runner's: the real command executor, whose output is
 * forwarded to the step's log (except output marked secret), and the real SQL executors
 * for the target and for the restored copy.
 */
export function makeContext(target: Target, opts: { env?: Record<string, string>; restored?: ActionOutcome['restored'] } = {}): TestContext {
  const redactor = createRedactor(target.secrets);
  const commands = createCommandExecutor({ redactor });
  const logged: string[] = [];
  const open: SqlExecutor[] = [];
  const ctx: TestContext = {
    target,
    runId: 'test-run',
    runDir: tempDir('pitstop-run-'),
    stepId: 'step',
    signal: new AbortController().signal,
    logged,
    restored: opts.restored,
    log: (line) => logged.push(line),
    // A fresh start: no stage done, none recorded (the runner journals stages).
    done: new Map(),
    checkpoint: async () => undefined,
    commands: {
      run: (request, inner) =>
        commands.run(
          { ...request, env: { ...opts.env, ...request.env } },
          { signal: inner.signal, ...(inner.secretOutput ? {} : { onOutput: (line: string) => logged.push(line) }) },
        ),
    },
    async sql(on) {
      const restored = ctx.restored;
      if (on === 'restored' && !restored) throw new Error('no restored copy');
      const executor = await (
        on === 'restored'
          ? createSqlExecutor({ engine: 'libsql', url: restored!.url, ...(restored!.authToken ? { auth_token: restored!.authToken } : {}) }, redactor)
          : createSqlExecutor(target, redactor));
      open.push(executor);
      return executor;
    },
    async close() {
      await Promise.all(open.map((e) => e.close()));
    },
  };
  return ctx;
}

/** Parses `with:` like the runner does, then runs the action; keeps `restored` on the context. */
export async function runAction<A>(action: ActionDefinition<A>, args: unknown, ctx: TestContext): Promise<ActionOutcome> {
  const outcome = await action.run(action.args.parse(args), ctx);
  if (outcome.restored) ctx.restored = outcome.restored;
  return outcome;
}

/** A byte copy of a database file, after folding its WAL in (a bare file copy would miss it). */
export async function copyDbFile(from: string, to: string): Promise<void> {
  await withDb(from, (c) => c.execute('PRAGMA wal_checkpoint(TRUNCATE)'));
  copyFileSync(from, to);
}
