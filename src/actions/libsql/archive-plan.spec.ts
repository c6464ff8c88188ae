import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionSpec } from '../types.js';

export const Args = z.object({}).strict();
export type Args = z.infer<typeof Args>;

/**
 * `libsql.archive-plan`: reads the target's archive rule (`data.archive` in pitstop.yaml:
 * table, column, older_than), checks that the table, the column and `<table>_archived` exist,
 * and counts the rows that would move; it changes nothing. A target without a rule is not an
 * error: `configured` is false and the note says how to add one, so the archive step after it
 * is skipped instead of asking for a gate over nothing.
 *
 * Outputs: `configured`, `note`, and with a rule `table`, `column`, `older_than`,
 * `archive_table`, `cutoff` (UTC), `candidates`.
 */
export const archivePlanSpec: ActionSpec<Args> = {
  name: 'libsql.archive-plan',
  engine: 'libsql',
  summary: "Read the target's data.archive rule and count the rows it would move (changes nothing)",
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(_args, target) {
    const rule = target.data?.archive;
    if (!rule) return [`no data.archive rule for ${target.name} in pitstop.yaml: nothing to archive`];
    return [`SELECT count(*) FROM ${quoteIdent(rule.table)} WHERE ${quoteIdent(rule.column)} older than ${rule.older_than}  -- on ${target.name}`];
  },
};
