import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import type { ActionDefinition } from '../types.js';
import { errorText, isCorruptionError, localPath, openLocal, openTarget, withClient } from './client.js';
import { checkIntegrity, type IntegrityReport } from './integrity.js';

const Args = z
  .object({
    /** `quick_check` instead of `integrity_check` (no index-vs-table cross-check; faster). */
    quick: z.boolean().default(false),
    max_errors: z.number().int().min(1).max(10_000).default(100),
    /** Check this file (a snapshot, a restored copy) instead of the target. */
    path: z.string().min(1).optional(),
    /** Fail the step when problems are found (for scheduled verification). */
    fail_on_problems: z.boolean().default(false),
  })
  .strict();
type Args = z.infer<typeof Args>;

/**
 * `libsql.integrity-check`: `PRAGMA integrity_check` with the problems sorted into the
 * indexes and tables they name, so the runbook can choose REINDEX (only indexes hit) or a
 * restore. Problems are a result, not a failure, unless `fail_on_problems` is set.
 * Outputs: ok, problems, problem_count, indexes, tables, index_only, check.
 */
export const integrityCheckAction: ActionDefinition<Args> = {
  name: 'libsql.integrity-check',
  engine: 'libsql',
  summary: 'PRAGMA integrity_check: report problems and which indexes or tables they hit',
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(args, target) {
    const pragma = args.quick ? 'quick_check' : 'integrity_check';
    return [`PRAGMA ${pragma}(${args.max_errors}) on ${args.path ?? target.name}`];
  },
  async run(args, ctx) {
    const subject = args.path ?? ctx.target.name;
    const open = args.path !== undefined ? openLocal(localPath(args.path) ?? args.path) : openTarget(ctx.target);
    let report: IntegrityReport;
    try {
      report = await withClient(open, (client) => checkIntegrity(client, { quick: args.quick, maxErrors: args.max_errors }));
    } catch (error) {
      if (!isCorruptionError(error)) throw error;
      // Not even the schema page could be read: the whole file is damaged.
      report = { ok: false, problems: [errorText(error)], indexes: [], tables: [], indexOnly: false, check: 'quick_check' };
    }
    ctx.log(report.ok ? `${subject}: ok` : `${subject}: ${report.problems.length} problem(s)`);
    for (const line of report.problems.slice(0, 20)) ctx.log(`  ${line}`);
    if (!report.ok && args.fail_on_problems) {
      throw new PitstopError(`${subject} failed PRAGMA ${report.check}: ${report.problems[0]}`, {
        hint: 'Run the libsql-corruption runbook: REINDEX if only indexes are hit, otherwise restore from a snapshot.',
      });
    }
    return {
      outputs: {
        ok: report.ok,
        problems: report.problems,
        problem_count: report.problems.length,
        indexes: report.indexes,
        tables: report.tables,
        index_only: report.indexOnly,
        check: report.check,
      },
      // Failing evidence would fail the step; problems are this step's result, which later
      // steps branch on (`steps.ID.outputs.ok`), unless fail_on_problems made it throw above.
      evidence: report.ok ? [{ label: `PRAGMA ${report.check} on ${subject}`, expected: 'ok', actual: 'ok', pass: true }] : [],
    };
  },
};
