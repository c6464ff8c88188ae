import { ActionError, PitstopError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import { num, openTarget, withClient } from './client.js';
import { clientQuery, tableColumns } from './table-info.js';
import type { ActionDefinition } from '../types.js';
import { Args, archiveRowsSpec, cutoffModifier } from './archive-rows.spec.js';

/**
 * `libsql.archive-rows`: moves rows older than N days into the archive table with INSERT
 * and DELETE in ONE write transaction, checking that both touched the same number of rows
 * before committing. A crash at any point leaves every row in exactly one of the two tables.
 */
export const archiveRowsAction: ActionDefinition<Args> = {
  ...archiveRowsSpec,
  async run(args, ctx) {
    const archive = args.archive_table ?? `${args.table}_archived`;
    const t = quoteIdent(args.table);
    const a = quoteIdent(archive);
    const where = `julianday(${quoteIdent(args.column)}) < julianday(?)`;
    return withClient(openTarget(ctx.target), async (client) => {
      const q = clientQuery(client);
      const cols = await tableColumns(q, args.table);
      const archiveCols = new Set((await tableColumns(q, archive)).map((c) => c.name));
      const missing = cols.filter((c) => !archiveCols.has(c.name)).map((c) => c.name);
      if (missing.length > 0) {
        throw new ActionError(`${archive} lacks column(s) of ${args.table}: ${missing.join(', ')}`, {
          hint: `Add them to ${archive} (ALTER TABLE … ADD COLUMN) so archived rows keep every value.`,
        });
      }
      const colList = cols.map((c) => quoteIdent(c.name)).join(', ');
      const tx = await client.transaction('write');
      try {
        const cutoffRow = (await tx.execute({ sql: "SELECT datetime('now', ?) AS cutoff", args: [cutoffModifier(args)] })).rows[0];
        const cutoff = String(cutoffRow?.['cutoff']);
        const candidates = num((await tx.execute({ sql: `SELECT count(*) AS n FROM ${t} WHERE ${where}`, args: [cutoff] })).rows[0]?.['n']);
        const before = await counts(tx, t, a);
        if (args.count_only) {
          await tx.rollback();
          ctx.log(`${candidates} row(s) of ${args.table} are older than ${cutoff} (UTC)`);
          return { outputs: { table: args.table, archive_table: archive, cutoff, candidates, moved: 0, ...before } };
        }
        ctx.log(`moving ${candidates} row(s) of ${args.table} older than ${cutoff} (UTC) to ${archive}`);
        const inserted = (await tx.execute({ sql: `INSERT INTO ${a} (${colList}) SELECT ${colList} FROM ${t} WHERE ${where}`, args: [cutoff] })).rowsAffected;
        const deleted = (await tx.execute({ sql: `DELETE FROM ${t} WHERE ${where}`, args: [cutoff] })).rowsAffected;
        if (inserted !== candidates || deleted !== candidates) {
          throw new ActionError(`archive of ${args.table} rolled back: ${candidates} candidates, ${inserted} inserted, ${deleted} deleted`, {
            hint: 'Something else wrote to the table during the move; run it again when writes are quiet.',
          });
        }
        await tx.commit();
        const after = await counts(client, t, a);
        ctx.log(`moved ${deleted} row(s); ${args.table}: ${after.remaining}, ${archive}: ${after.archived}`);
        return {
          outputs: { table: args.table, archive_table: archive, cutoff, candidates, moved: deleted, ...after },
          evidence: [
            {
              label: `rows in ${args.table} + ${archive} unchanged by the move`,
              expected: String(before.remaining + before.archived),
              actual: String(after.remaining + after.archived),
              pass: before.remaining + before.archived === after.remaining + after.archived,
            },
          ],
        };
      } catch (error) {
        if (!tx.closed) await tx.rollback();
        if (error instanceof PitstopError) throw error;
        throw new ActionError(`archive of ${args.table} rolled back: ${(error as Error).message}`, {
          hint: `Nothing was moved. If a row already exists in ${archive}, find it with a join on the key and resolve it first.`,
          cause: error,
        });
      }
    });
  },
};

async function counts(db: { execute: (s: string) => Promise<{ rows: Record<string, unknown>[] }> }, t: string, a: string) {
  const row = (await db.execute(`SELECT (SELECT count(*) FROM ${t}) AS remaining, (SELECT count(*) FROM ${a}) AS archived`)).rows[0];
  return { remaining: num(row?.['remaining']), archived: num(row?.['archived']) };
}
