import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionDefinition } from '../types.js';
import { readSchemaSql, verifyArchive } from './archive.js';
import { ensureExtensions, wantedExtensions } from './ensure-extensions.js';
import { latestVerifiedDump } from './latest-dump.js';
import { clientConn, databaseOf, pgTool, urlForDatabase } from './libpq.js';
import { withPg } from './pg-session.js';
import { runTool, withWorkDir } from './run-tool.js';
import { planSelective } from './selective-list.js';
import { prepareDatabase, restoreFlags } from './restore-steps.js';

const Common = {
  /** The dump; default the newest verified dump of `label` in the target's backups. */
  path: z.string().min(1).optional(),
  label: z.string().regex(/^[A-Za-z0-9_]+$/).default('full'),
  /** Restore only these tables (with their keys, indexes, sequences, triggers). */
  tables: z.array(z.string().min(1)).default([]),
  /** Parallel jobs (pg_restore -j); 1 restores in a single transaction. */
  jobs: z.number().int().min(1).max(64).default(1),
  extensions: z.array(z.string().min(1)).default([]),
  /** --clean --if-exists: drop what the dump holds before creating it. */
  clean: z.boolean().default(true),
  /** --no-owner: objects belong to the connecting user (the dump's roles may not exist here). */
  no_owner: z.boolean().default(false),
};

const ScratchArgs = z
  .object({
    ...Common,
    /** Destination database; never the target's own (that is postgres.restore-into-target). */
    database: z.string().min(1),
    /** Create the database when it does not exist. */
    create: z.boolean().default(true),
    /** Drop and create it first (a scratch database from an earlier run). */
    recreate: z.boolean().default(false),
  })
  .strict();
const TargetArgs = z.object(Common).strict();
type ScratchArgs = z.infer<typeof ScratchArgs>;
type TargetArgs = z.infer<typeof TargetArgs>;
type AnyArgs = ScratchArgs | (TargetArgs & { database?: undefined; create?: false; recreate?: false });

function describeRestore(args: AnyArgs, targetName: string, intoTarget: boolean): string[] {
  const dump = args.path ?? `<newest verified ${args.label} dump of ${targetName}>`;
  const db = intoTarget ? `the ${targetName} database itself` : `database ${args.database}`;
  return [
    `verify ${dump}: sha256, pg_restore --list, full read of the data (refuse to go on if damaged)`,
    ...(args.recreate ? [`DROP DATABASE IF EXISTS ${quoteIdent(args.database!)} WITH (FORCE); CREATE DATABASE`] : args.create ? [`CREATE DATABASE ${quoteIdent(args.database!)} if missing`] : []),
    `CREATE EXTENSION IF NOT EXISTS for the target's extensions${args.extensions.length ? ` and ${args.extensions.join(', ')}` : ''} in ${db}`,
    ...(args.tables.length ? [`build a --use-list for ${args.tables.join(', ')} (table, data, sequences, defaults, constraints, indexes, triggers; FKs to absent tables dropped)`] : []),
    `pg_restore --dbname <${db}> ${restoreFlags(args, args.tables.length ? '<use-list>' : undefined).join(' ')} ${dump}`,
  ];
}

function makeRestore(intoTarget: boolean): ActionDefinition<AnyArgs> {
  return {
    name: intoTarget ? 'postgres.restore-into-target' : 'postgres.restore',
    engine: 'postgres',
    summary: intoTarget
      ? "Restore a verified dump over the target's own database (typed gate): full or selected tables"
      : 'Restore a verified dump into another database (scratch/copy): full --clean --if-exists, or selected tables with keys and indexes',
    args: (intoTarget ? TargetArgs : ScratchArgs) as z.ZodType<AnyArgs>,
    destructive: intoTarget,
    writes: true,
    repeatable: !intoTarget,
    describe: (args, target) => describeRestore(args, target.name, intoTarget),
    async run(args, ctx) {
      const started = Date.now();
      const production = databaseOf(ctx.target.url);
      const database = intoTarget ? production : args.database!;
      if (!intoTarget && database === production) {
        throw new PitstopError(`postgres.restore will not write into ${database}: that is the ${ctx.target.name} database itself`, {
          hint: 'Restore into another database name (e.g. a scratch copy), or use postgres.restore-into-target, which asks for a typed confirmation.',
        });
      }
      const path = resolve(args.path ?? (await latestVerifiedDump(ctx.target, args.label)));
      // Everything that can refuse runs before the destination is touched.
      const check = await verifyArchive(ctx, path);
      ctx.log(`${path} verified (${check.dataEntries} tables with data)`);
      const plan = args.tables.length > 0 ? planSelective(check.entries, await readSchemaSql(ctx, path), args.tables) : null;
      if (plan && plan.missingTables.length > 0) {
        throw new PitstopError(`${path} does not hold ${plan.missingTables.join(', ')}`, { hint: 'Check the table names (schema.table), or pick a dump that includes them (pg_restore --list).' });
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
        await runTool(ctx, [pgTool('pg_restore'), '--dbname', conn.dbname, ...restoreFlags(args, listFile), path], `pg_restore of ${path} into ${database}`, {
          env: conn.env,
          hint: 'With one job the restore ran in a single transaction and left nothing behind. A type that "does not exist" belongs to an extension: add it to the target\'s extensions (pitstop.yaml) or to with: extensions. A missing role: no_owner: true.',
        });
      });
      const durationMs = Date.now() - started;
      const restoredEntries = plan ? plan.kept.length : check.entries.length;
      ctx.log(`restored ${restoredEntries} entries of ${path} into ${database} in ${durationMs} ms`);
      return {
        outputs: {
          path,
          database,
          selective: plan !== null,
          tables: plan ? plan.kept.filter((e) => e.type === 'TABLE').map((e) => `${e.schema}.${e.tag}`) : check.entries.filter((e) => e.type === 'TABLE').map((e) => `${e.schema}.${e.tag}`),
          entries_restored: restoredEntries,
          dropped_foreign_keys: plan?.droppedForeignKeys ?? [],
          extensions_created: ext.created,
          duration_ms: durationMs,
        },
        evidence: [{ label: `${path} verified before restoring`, expected: 'sha256 (if recorded), TOC and every data block read', actual: 'ok', pass: true }],
        restored: { engine: 'postgres', url: destUrl },
      };
    },
  };
}

/** `postgres.restore`: into another database than the target's (a scratch or side copy). Not destructive. */
export const restoreAction = makeRestore(false);
/** `postgres.restore-into-target`: over the target's own database. Destructive: typed gate. */
export const restoreIntoTargetAction = makeRestore(true);
