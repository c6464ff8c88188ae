import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ActionError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionContext } from '../types.js';
import { readSchemaSql, verifyArchive } from './archive.js';
import { ensureExtensions } from './ensure-extensions.js';
import { wantedExtensions } from './ensure-extensions.spec.js';
import { clientConn, urlForDatabase } from './libpq.js';
import { pgClientProgram } from '../../postgres/pg-bin.js';
import { withPg } from './pg-session.js';
import { prepareDatabase } from './restore-steps.js';
import { restoreFlags } from './restore.spec.js';
import { runTool, withWorkDir } from './run-tool.js';
import { planSelective, planWholeArchive, type SelectivePlan } from './selective-list.js';
import type { TocEntry } from './toc.js';

export interface RestoreJob {
  /** A dump pg_restore can read (decrypted already). */
  plain: string;
  /** The dump as the operator knows it (for messages). */
  path: string;
  database: string;
  intoTarget: boolean;
  args: { tables: string[]; extensions: string[]; jobs: number; clean: boolean; no_owner: boolean; create?: boolean | undefined; recreate?: boolean | undefined };
}

/**
 * The restore itself, in an order where everything that can refuse comes before the
 * destination is touched: verify the dump, plan the selective list, then prepare the
 * database, create the extensions (and schemas), and run pg_restore.
 */
export async function restoreDump(ctx: Pick<ActionContext, 'target' | 'commands' | 'signal' | 'log'>, job: RestoreJob) {
  const { plain, path, database, intoTarget, args } = job;
  // Everything that can refuse runs before the destination is touched.
  const check = await verifyArchive(ctx, plain);
  ctx.log(`${path} verified (${check.dataEntries} tables with data)`);
  const plan = await planEntries(ctx, plain, check.entries, args.tables, intoTarget);
  if (plan && plan.missingTables.length > 0) {
    throw new ActionError(`${path} does not hold ${plan.missingTables.join(', ')}`, { hint: 'Check the table names (schema.table), or pick a dump that includes them (pg_restore --list).' });
  }
  for (const fk of plan?.droppedForeignKeys ?? []) ctx.log(`foreign key left out (its table is not restored): ${fk}`);
  const extensions = wantedExtensions(ctx.target.extensions, [
    ...args.extensions,
    ...check.entries.filter((e) => e.type === 'EXTENSION').map((e) => e.tag),
  ]);
  const destUrl = urlForDatabase(ctx.target.url, database);
  if (!intoTarget) await prepareDatabase(ctx, database, { create: args.create ?? true, recreate: args.recreate ?? false });
  const ext = await withPg(destUrl, ctx.target.secrets, `preparing ${database}`, async (c) => {
    const made = await ensureExtensions(c, extensions, database);
    for (const schema of plan?.schemas ?? []) await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    return made;
  });
  if (extensions.length) ctx.log(`extensions in ${database}: created ${ext.created.join(', ') || 'none'}, present ${ext.present.join(', ') || 'none'}`);
  const conn = clientConn(ctx.target.url, database);
  await withWorkDir(async (dir) => {
    let listFile: string | undefined;
    if (plan) {
      listFile = join(dir, 'use.list');
      await writeFile(listFile, `${plan.lines.join('\n')}\n`, { mode: 0o600 });
    }
    await runTool(ctx, [pgClientProgram('pg_restore'), '--dbname', conn.dbname, ...restoreFlags(args, listFile), plain], `pg_restore of ${path} into ${database}`, {
      env: conn.env,
      hint: 'With one job the restore ran in a single transaction and left nothing behind. A type that "does not exist" belongs to an extension: add it to the target\'s extensions (pitstop.yaml) or to with: extensions. A missing role: no_owner: true.',
    });
  });
  return { check, plan, ext, destUrl };
}

/**
 * Chosen tables get a selective list. A whole archive is restored as it is, except into a
 * scratch database when it holds foreign keys to tables it does not contain (a dump of
 * some tables): those keys cannot be created there and are left out, and reported.
 * Production keeps its other tables, so a restore into the target keeps every key.
 */
async function planEntries(
  ctx: Pick<ActionContext, 'target' | 'commands' | 'signal' | 'log'>,
  plain: string,
  entries: TocEntry[],
  tables: string[],
  intoTarget: boolean,
): Promise<SelectivePlan | null> {
  if (tables.length > 0) return planSelective(entries, await readSchemaSql(ctx, plain), tables);
  if (intoTarget || !entries.some((e) => e.type === 'FK CONSTRAINT')) return null;
  return planWholeArchive(entries, await readSchemaSql(ctx, plain));
}
