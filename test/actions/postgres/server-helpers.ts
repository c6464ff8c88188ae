import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionContext, ActionDefinition, ActionOutcome } from '../../../src/actions/types.js';
import type { Target } from '../../../src/config/schema.js';
import { createCommandExecutor } from '../../../src/executors/command.js';
import { createSqlExecutor } from '../../../src/executors/sql.js';
import type { SqlExecutor } from '../../../src/executors/types.js';
import type { Cluster } from '../../../src/postgres/cluster.js';
import { createRedactor } from '../../../src/util/redact.js';
import { queryOnce } from '../../helpers/pg.js';

export function pgTarget(url: string, extra: Partial<Target> = {}): Target {
  return { name: 'orquix', engine: 'postgres', url, secrets: [], ...extra };
}

export interface PgTestContext extends ActionContext {
  /** Every line the step would show or log (its own lines and the commands' output). */
  logged: string[];
  restored: ActionOutcome['restored'] | undefined;
  close(): Promise<void>;
}

/**
 * An ActionContext as the runner builds it: the real command executor (its output goes to the
 * step's log and to the action's own listener) and real SQL executors.
 */
export function makePgContext(target: Target): PgTestContext {
  const redactor = createRedactor(target.secrets);
  const commands = createCommandExecutor({ redactor });
  const open: SqlExecutor[] = [];
  const logged: string[] = [];
  const ctx: PgTestContext = {
    target,
    runId: 'test-run',
    runDir: mkdtempSync(join(tmpdir(), 'pitstop-run-')),
    stepId: 'step',
    signal: new AbortController().signal,
    logged,
    restored: undefined,
    log: (line) => logged.push(redactor.text(line)),
    // A fresh start: no stage done, none recorded (the runner journals stages).
    done: new Map(),
    checkpoint: async () => undefined,
    commands: {
      run: (request, inner) =>
        commands.run(request, {
          signal: inner.signal,
          onOutput: (line, stream) => {
            logged.push(line);
            inner.onOutput?.(line, stream);
          },
        }),
    },
    async sql(on) {
      const executor = await (on === 'restored' ? createSqlExecutor({ engine: 'postgres', url: ctx.restored!.url }, redactor) : createSqlExecutor(target, redactor));
      open.push(executor);
      return executor;
    },
    async close() {
      await Promise.all(open.map((e) => e.close()));
      rmSync(ctx.runDir, { recursive: true, force: true });
    },
  };
  return ctx;
}

/** Parses `with:` like the runner, runs the action, keeps `restored` on the context. */
export async function runAction<A>(action: ActionDefinition<A>, args: unknown, ctx: PgTestContext): Promise<ActionOutcome> {
  const outcome = await action.run(action.args.parse(args), ctx);
  if (outcome.restored) ctx.restored = outcome.restored;
  return outcome;
}

/**
 * Damages block `block` of a relation on disk, as a failing disk would: the server is stopped
 * (so nothing rewrites the page from memory), bytes in the middle of the page are overwritten,
 * and the server is started again. With data checksums on, the page no longer verifies.
 */
export async function corruptRelation(cluster: Cluster, relation: string, block = 0, db = 'postgres'): Promise<string> {
  await queryOnce(cluster.url(db), 'CHECKPOINT');
  const [row] = await queryOnce<{ path: string }>(cluster.url(db), 'SELECT pg_relation_filepath($1::regclass) AS path', [relation]);
  const file = join(cluster.dataDir, row!.path);
  await cluster.stop();
  const fd = openSync(file, 'r+');
  try {
    const page = Buffer.alloc(8192);
    readSync(fd, page, 0, 8192, block * 8192);
    // Flip bytes inside the tuple area, past the page header: the header stays plausible and
    // only the checksum (or amcheck's tuple checks) can tell.
    for (let i = 4000; i < 4200; i += 1) page[i] = page[i]! ^ 0xff;
    writeSync(fd, page, 0, 8192, block * 8192);
  } finally {
    closeSync(fd);
  }
  await cluster.start();
  return file;
}

/** `pg_switch_wal()`, then waits until the archiver has copied the segment it closed. */
export async function switchWalAndWait(url: string, timeoutMs = 30_000): Promise<string> {
  const [row] = await queryOnce<{ wal: string }>(url, 'SELECT pg_walfile_name(pg_switch_wal()) AS wal');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [st] = await queryOnce<{ last: string | null }>(url, 'SELECT last_archived_wal AS last FROM pg_stat_archiver');
    if (st?.last !== null && st?.last !== undefined && st.last >= row!.wal) return row!.wal;
    if (Date.now() > deadline) throw new Error(`segment ${row!.wal} was not archived within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The server's clock, RFC 3339 with its UTC offset, as an operator reads it there. */
export async function serverTime(url: string): Promise<string> {
  const [row] = await queryOnce<{ t: string }>(url, `SELECT to_char(clock_timestamp(), 'YYYY-MM-DD"T"HH24:MI:SS.USOF') AS t`);
  const t = row!.t;
  // to_char's OF prints +01 or +05:30; RFC 3339 wants +01:00.
  return /[+-]\d{2}$/.test(t) ? `${t}:00` : t;
}
