import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { pgBinDir } from '../../../src/postgres/pg-bin.js';
import { runAsPostgresArgv } from '../../../src/postgres/server-env.js';
import type { ActionContext, ActionDefinition, ActionOutcome } from '../../../src/actions/types.js';
import { stopRestoredAction } from '../../../src/actions/postgres/stop-restored.js';
import type { Target } from '../../../src/config/schema.js';
import { createCommandExecutor } from '../../../src/executors/command.js';
import { createSqlExecutor } from '../../../src/executors/sql.js';
import type { SqlExecutor } from '../../../src/executors/types.js';
import type { Cluster } from '../../../src/postgres/cluster.js';
import { createRedactor } from '../../../src/util/redact.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A postgres target at a throwaway cluster, with its WAL archive and a backups directory. */
export function clusterTarget(cluster: Cluster, backups: string, extra: Partial<Target> = {}): Target {
  return { name: 'orquix', engine: 'postgres', url: cluster.url('postgres'), backups, wal_archive: cluster.archiveDir ?? undefined, secrets: [], ...extra };
}

export interface PgTestContext extends ActionContext {
  logged: string[];
  restored: ActionOutcome['restored'] | undefined;
  /** Data directories of every copy postgres.pitr started in this context. */
  copies: string[];
  /** argv and env of every command the actions ran. */
  requests: { argv: string[]; env?: Record<string, string> }[];
  close(): Promise<void>;
}

/**
 * An ActionContext like the runner's, with the real command and SQL executors. By default each
 * `sql()` opens a new connection (a server restarted under a test is met afresh);
 * `oneConnectionPerDatabase` reuses one per database like the runner, for actions that run
 * many queries against servers that stay up.
 */
export function makePgContext(target: Target, opts: { oneConnectionPerDatabase?: boolean } = {}): PgTestContext {
  const redactor = createRedactor(target.secrets);
  const commands = createCommandExecutor({ redactor });
  const open: SqlExecutor[] = [];
  const executorUrl = new WeakMap<SqlExecutor, string>();
  const runDir = tempDir('pitstop-run-');
  // The restored copies go under the run directory; the postgres user must be able to enter it.
  chmodSync(runDir, 0o755);
  const ctx: PgTestContext = {
    target,
    runId: 'test-run',
    runDir,
    stepId: 'step',
    signal: new AbortController().signal,
    logged: [],
    restored: undefined,
    copies: [],
    requests: [],
    log: (line) => ctx.logged.push(line),
    // A fresh start: no stage done, none recorded (the runner journals stages).
    done: new Map(),
    checkpoint: async () => undefined,
    commands: {
      run: (request, inner) => {
        ctx.requests.push({ argv: request.argv, ...(request.env ? { env: request.env } : {}) });
        return commands.run(request, { signal: inner.signal, onOutput: (line) => ctx.logged.push(line) });
      },
    },
    async sql(on) {
      if (on === 'restored' && !ctx.restored) throw new Error('no restored copy');
      const url = on === 'restored' ? ctx.restored!.url : target.url;
      const reused = opts.oneConnectionPerDatabase ? open.find((e) => executorUrl.get(e) === url) : undefined;
      if (reused) return reused;
      const executor = await (on === 'restored' ? createSqlExecutor({ engine: 'postgres', url }, redactor) : createSqlExecutor(target, redactor));
      open.push(executor);
      executorUrl.set(executor, url);
      return executor;
    },
    async close() {
      await Promise.all(open.map((e) => e.close()));
      for (const dataDir of ctx.copies) {
        if (existsSync(dataDir)) await stopRestoredAction.run({ data_dir: dataDir, remove: true }, ctx).catch(() => undefined);
      }
      await rm(ctx.runDir, { recursive: true, force: true });
    },
  };
  return ctx;
}

/** Parses `with:` like the runner does and runs the action; remembers restored copies. */
export async function runPg<A>(action: ActionDefinition<A>, args: unknown, ctx: PgTestContext): Promise<ActionOutcome> {
  const outcome = await action.run(action.args.parse(args), ctx);
  if (outcome.restored) {
    ctx.restored = outcome.restored;
    ctx.copies.push(String(outcome.outputs['data_dir']));
  }
  return outcome;
}

/**
 * Stops a restored copy a test left running (a test that failed half-way, or one that stops
 * at a gate on purpose), by pg_ctl on its own data directory, and deletes its directory.
 */
export async function stopCopyIfRunning(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'postmaster.pid'))) {
    const argv = runAsPostgresArgv([join(pgBinDir(), 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    await execa(argv[0]!, argv.slice(1), { reject: false, cwd: '/' });
  }
  await rm(dirname(dataDir), { recursive: true, force: true });
}

/** Stops every copy a CLI run under `home` restored (from the runs' journals) that still runs. */
export async function stopCopiesOfRuns(home: string): Promise<void> {
  const runs = join(home, 'runs');
  if (!existsSync(runs)) return;
  for (const run of readdirSync(runs)) {
    const journal = join(runs, run, 'journal.jsonl');
    if (!existsSync(journal)) continue;
    for (const line of readFileSync(journal, 'utf8').split('\n').filter(Boolean)) {
      const event = JSON.parse(line) as { type?: string; outputs?: { data_dir?: unknown; restored?: unknown } };
      if (event.type === 'step/finished' && event.outputs?.restored && typeof event.outputs.data_dir === 'string') await stopCopyIfRunning(event.outputs.data_dir);
    }
  }
}
