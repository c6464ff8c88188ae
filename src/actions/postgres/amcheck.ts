import type { Evidence } from '../../engine/types.js';
import { ActionError } from '../../errors.js';
import { amcheckCompleted, parseAmcheck, verdictOf, type Verdict } from './amcheck-report.js';
import { checksumState, readEveryTable, resolveRelations, type Relation } from './amcheck-scan.js';
import { pgClientProgram } from '../../postgres/pg-bin.js';
import { redactUrl } from '../../util/redact.js';
import { toolConnection } from './tool-conn.js';
import { withPg } from './pg-session.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { Args, amcheckSpec } from './amcheck.spec.js';

const MAX_PROBLEM_LINES = 200;

/**
 * `postgres.amcheck`: the scope of a corruption. pg_amcheck (heap and B-tree checks, every
 * heap tuple looked up in every index), the database's checksum failure counter, and a read
 * of every table. Finding corruption is this step's result, not its failure: the outputs
 * (`verdict` clean | indexes-only | heap, `indexes`, `tables`) are what the runbook branches
 * on. It fails only when it could not check, or with `fail_on_corruption` on a damaged copy.
 */
export const amcheckAction: ActionDefinition<Args> = {
  ...amcheckSpec,
  async run(args, ctx) {
    const url = args.url ?? ctx.target.url;
    // Connection parts go to pg_amcheck through PG* variables: a password never sits in argv.
    const conn = toolConnection(url);
    const amcheck = await runAmcheck(conn.env, conn.database, args.jobs, ctx);

    const scan = await withPg(url, ctx.target.secrets, `checking ${redactUrl(url)}`, async (client) => {
      const checksums = await checksumState(client);
      const reads = args.read_tables ? await readEveryTable(client, ctx.signal, ctx.log) : { read: 0, failed: [] };
      // A read that failed on an index's file (its metapage, read by the planner) is an index problem.
      const onIndex = reads.failed.filter((f) => f.damaged?.kind === 'index');
      const onTable = reads.failed.filter((f) => f.damaged?.kind !== 'index');
      const heapNames = unique([...amcheck.heap, ...onTable.map((f) => f.damaged?.table ?? f.table)]);
      const heap = await resolveRelations(client, heapNames);
      const indexes = await resolveRelations(client, unique([...amcheck.indexes, ...onIndex.map((f) => f.damaged!.relation)]));
      return { checksums, reads, heap, indexes };
    });

    const tables = scan.heap.map(printed);
    const indexes = scan.indexes.map(printed);
    const verdict = verdictOf(tables, indexes);
    ctx.log(`verdict on ${conn.database}: ${verdict}${detail(verdict, tables, indexes)}`);
    if (scan.checksums.failures > 0) ctx.log(`pg_stat_database counts ${scan.checksums.failures} checksum failure(s) in ${conn.database} since the statistics were reset`);
    return {
      outputs: {
        verdict,
        clean: verdict === 'clean',
        indexes_only: verdict === 'indexes-only',
        heap_damaged: verdict === 'heap',
        database: conn.database,
        indexes,
        index_relations: scan.indexes,
        tables,
        read_failures: scan.reads.failed,
        tables_read: scan.reads.read,
        checksums_enabled: scan.checksums.enabled,
        checksum_failures: scan.checksums.failures,
        checksum_last_failure: scan.checksums.lastFailure,
        problems: amcheck.problems.slice(0, MAX_PROBLEM_LINES),
      },
      evidence: evidenceOf(args, conn.database, verdict, tables, indexes, scan),
    };
  },
};

async function runAmcheck(env: Record<string, string>, database: string, jobs: number, ctx: ActionContext) {
  const lines: string[] = [];
  const argv = [pgClientProgram('pg_amcheck'), '--install-missing', '--heapallindexed', '--no-password', '-j', String(jobs), database];
  ctx.log(`pg_amcheck --install-missing --heapallindexed -j ${jobs} ${database}`);
  const result = await ctx.commands.run(
    { kind: 'command', argv, env },
    { signal: ctx.signal, onOutput: (line, stream) => void (stream === 'stdout' && lines.push(line)) },
  );
  if (result.spawnError) {
    throw new ActionError(`cannot run pg_amcheck: ${result.spawnError}`, {
      hint: 'Install the PostgreSQL client tools (15 or newer), which include pg_amcheck.',
    });
  }
  if (!amcheckCompleted(result.exitCode)) {
    const why = result.stderr.trim().split('\n').slice(-3).join(' / ') || `exit code ${result.exitCode}`;
    throw new ActionError(`pg_amcheck could not check database ${database}: ${why}`, {
      hint: 'Nothing was judged. Check the connection and that the user may CREATE EXTENSION amcheck (or create it first).',
    });
  }
  // The executor passes each line to onOutput; its bounded tail is the fallback.
  const stdout = lines.length > 0 ? lines : result.stdout.split('\n');
  return parseAmcheck(stdout, database);
}

function evidenceOf(
  args: Args,
  database: string,
  verdict: Verdict,
  tables: string[],
  indexes: string[],
  scan: { checksums: { enabled: boolean; failures: number }; reads: { read: number; failed: unknown[] } },
): Evidence[] {
  const evidence: Evidence[] = [
    {
      label: `corruption scope of ${database} (pg_amcheck --heapallindexed${args.read_tables ? ', table reads' : ''})`,
      expected: args.fail_on_corruption ? 'clean' : 'a verdict: clean | indexes-only | heap',
      actual: `${verdict}${detail(verdict, tables, indexes)}`,
      pass: !args.fail_on_corruption || verdict === 'clean',
    },
    {
      label: 'data checksums',
      expected: 'on (damaged heap pages are reported when read)',
      actual: scan.checksums.enabled ? `on; ${scan.checksums.failures} failure(s) counted in pg_stat_database` : 'off: only pg_amcheck can find damage',
      pass: true,
    },
  ];
  if (args.read_tables) {
    evidence.push({
      label: 'tables read to the last page',
      expected: 'every table readable',
      actual: `${scan.reads.read} read, ${scan.reads.failed.length} failed`,
      pass: !args.fail_on_corruption || scan.reads.failed.length === 0,
    });
  }
  return evidence;
}

function detail(verdict: Verdict, tables: string[], indexes: string[]): string {
  if (verdict === 'heap') return ` (tables: ${tables.join(', ')}${indexes.length ? `; indexes: ${indexes.join(', ')}` : ''})`;
  if (verdict === 'indexes-only') return ` (indexes: ${indexes.join(', ')})`;
  return '';
}

function printed(r: Relation): string {
  return `${r.schema}.${r.name}`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
