import { exampleFor } from '../../config/target-examples.js';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionDefinition } from '../types.js';
import { Args, archivePlanSpec } from './archive-plan.spec.js';
import { cutoffModifier } from './archive-rows.spec.js';
import { num, openTarget, withClient } from './client.js';
import { clientQuery, tableColumns } from './table-info.js';

/** `libsql.archive-plan`: see `archivePlanSpec`. */
export const archivePlanAction: ActionDefinition<Args> = {
  ...archivePlanSpec,
  async run(_args, ctx) {
    const rule = ctx.target.data?.archive;
    if (!rule) {
      const note = `target ${ctx.target.name} has no archive rule: archiving is skipped. To archive, add under the target in pitstop.yaml: ${exampleFor('data.archive')}`;
      ctx.log(note);
      return { outputs: { configured: false, note } };
    }
    const archiveTable = `${rule.table}_archived`;
    return withClient(openTarget(ctx.target), async (client) => {
      const q = clientQuery(client);
      const columns = await tableColumns(q, rule.table);
      if (!columns.some((c) => c.name === rule.column)) {
        throw new ActionError(`data.archive.column ${rule.column} is not a column of ${rule.table} (its columns: ${columns.map((c) => c.name).join(', ')})`, {
          hint: `Fix data.archive in pitstop.yaml for target ${ctx.target.name}.`,
        });
      }
      const exists = await q("SELECT 1 AS x FROM sqlite_schema WHERE type = 'table' AND name = ?", [archiveTable]);
      if (exists.length === 0) {
        throw new ActionError(`the archive table ${archiveTable} does not exist`, {
          hint: `Create it once with the same columns, e.g. CREATE TABLE ${quoteIdent(archiveTable)} AS SELECT * FROM ${quoteIdent(rule.table)} WHERE 0, then run again.`,
        });
      }
      const cutoff = String((await q("SELECT datetime('now', ?) AS c", [cutoffModifier(rule)]))[0]?.['c']);
      const candidates = num(
        (await q(`SELECT count(*) AS n FROM ${quoteIdent(rule.table)} WHERE julianday(${quoteIdent(rule.column)}) < julianday(?)`, [cutoff]))[0]?.['n'],
      );
      const note = `${candidates} row(s) of ${rule.table} with ${rule.column} before ${cutoff} (UTC, older than ${rule.older_than}) would move to ${archiveTable}`;
      ctx.log(note);
      return {
        outputs: { configured: true, note, table: rule.table, column: rule.column, older_than: rule.older_than, archive_table: archiveTable, cutoff, candidates },
      };
    });
  },
};
