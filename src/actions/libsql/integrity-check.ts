import { ActionError } from '../../errors.js';
import { errorText, isCorruptionError, localPath, openLocal, openTarget, withClient } from './client.js';
import { checkIntegrity, type IntegrityReport } from './integrity.js';
import type { Evidence } from '../../engine/types.js';
import type { ActionDefinition } from '../types.js';
import { Args, integrityCheckSpec } from './integrity-check.spec.js';

/**
 * `libsql.integrity-check`: `PRAGMA integrity_check` with the problems sorted into the
 * indexes and tables they name, so the runbook can choose REINDEX (only indexes hit) or a
 * restore. Problems are a result, not a failure, unless `fail_on_problems` is set.
 * Outputs: ok, problems, problem_count, indexes, tables, index_only, check.
 */
export const integrityCheckAction: ActionDefinition<Args> = {
  ...integrityCheckSpec,
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
      throw new ActionError(`${subject} failed PRAGMA ${report.check}: ${report.problems[0]}`, {
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
      evidence: report.ok ? [{ label: `PRAGMA ${report.check} on ${subject}`, expected: 'ok', actual: 'ok', pass: true }] : [findingOf(report, subject)],
    };
  },
};

/** The problems as the operator needs them at the decision: how many, where, the first one. */
function findingOf(report: IntegrityReport, subject: string): Evidence {
  const where = [
    ...(report.tables.length ? [`table${report.tables.length > 1 ? 's' : ''} ${report.tables.join(', ')}`] : []),
    ...(report.indexes.length ? [`index${report.indexes.length > 1 ? 'es' : ''} ${report.indexes.join(', ')}`] : []),
  ].join('; ');
  const first = report.problems[0] ?? '';
  const shown = first.length > 160 ? `${first.slice(0, 157)}…` : first;
  return {
    label: `PRAGMA ${report.check} on ${subject}`,
    expected: 'ok',
    actual: `${report.problems.length} problem(s)${where ? ` in ${where}` : ''}${report.indexOnly ? ' (indexes only: REINDEX can repair them)' : ''}; first: ${shown}`,
    pass: false,
    finding: true,
  };
}
