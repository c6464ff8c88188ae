import { resolve } from 'node:path';
import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import { quoteIdent } from '../../util/sql-ident.js';
import type { ActionDefinition } from '../types.js';
import { latestVerifiedDump } from './latest-dump.js';
import { databaseOf } from './libpq.js';
import { restoreFlags } from './restore-steps.js';
import { restoreDump } from './restore-run.js';
import { wantedExtensions } from './ensure-extensions.js';
import { PassphraseArgs } from '../common/gpg.js';
import { withPlainDump } from './plain-dump.js';

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
  /** For an encrypted (`.gpg`) dump: decrypted into a private temp directory first. */
  ...PassphraseArgs,
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

function describeRestore(args: AnyArgs, targetName: string, targetExtensions: string[] | undefined, intoTarget: boolean): string[] {
  const dump = args.path ?? `<newest verified ${args.label} dump of ${targetName}>`;
  const db = intoTarget ? `the ${targetName} database itself` : `database ${args.database}`;
  return [
    `verify ${dump}: sha256, pg_restore --list, full read of the data (refuse to go on if damaged)`,
    ...(args.recreate ? [`DROP DATABASE IF EXISTS ${quoteIdent(args.database!)} WITH (FORCE); CREATE DATABASE`] : args.create ? [`CREATE DATABASE ${quoteIdent(args.database!)} if missing`] : []),
    `CREATE EXTENSION IF NOT EXISTS ${[...wantedExtensions(targetExtensions, args.extensions), '(+ those the dump creates)'].join(', ')} in ${db}`,
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
    describe: (args, target) => describeRestore(args, target.name, target['extensions'] as string[] | undefined, intoTarget),
    async run(args, ctx) {
      const started = Date.now();
      const production = databaseOf(ctx.target.url);
      const database = intoTarget ? production : args.database!;
      if (!intoTarget && database === production) {
        throw new PitstopError(`postgres.restore will not write into ${database}: that is the ${ctx.target.name} database itself`, {
          hint: 'Restore into another database name (e.g. a scratch copy), or use postgres.restore-into-target, which asks for a typed confirmation.',
        });
      }
      const encryptedOk = Boolean(args.passphrase || args.passphrase_env);
      const path = resolve(args.path ?? (await latestVerifiedDump(ctx.target, args.label, { encrypted: encryptedOk })));
      const { check, plan, ext, destUrl } = await withPlainDump(ctx, path, args, (plain) => restoreDump(ctx, { plain, path, database, intoTarget, args }));
      const durationMs = Date.now() - started;
      const restoredEntries = plan ? plan.kept.length : check.entries.length;
      ctx.log(`restored ${restoredEntries} entries of ${path} into ${database} in ${durationMs} ms`);
      return {
        outputs: {
          path,
          database,
          selective: plan?.selective ?? false,
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
