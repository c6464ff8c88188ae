import { z } from 'zod';
import { quoteIdent } from '../../util/sql-ident.js';
import { PassphraseArgs } from '../common/gpg.js';
import type { ActionSpec } from '../types.js';
import { wantedExtensions } from './ensure-extensions.spec.js';

const Common = {
  /** The dump; default the newest verified dump of `label` in the target's backups. */
  path: z.string().min(1).optional(),
  label: z.string().regex(/^[A-Za-z0-9_]+$/).default('full'),
  /**
   * Without `path`: refuse a newest verified dump older than this (`26h`, `2d`): an old one
   * means the backups stopped, and restoring it silently would hide that.
   */
  max_age: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^(\d+(ms|s|m|h|d|w))+$/, 'a duration like 26h or 2d').optional()),
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

export const ScratchArgs = z
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
export const TargetArgs = z.object(Common).strict();
export type ScratchArgs = z.infer<typeof ScratchArgs>;
export type TargetArgs = z.infer<typeof TargetArgs>;
export type AnyArgs = ScratchArgs | (TargetArgs & { database?: undefined; create?: false; recreate?: false });

function describeRestore(args: AnyArgs, targetName: string, targetExtensions: string[] | undefined, intoTarget: boolean): string[] {
  const dump = args.path ?? `<newest verified ${args.label} dump of ${targetName}${args.max_age ? `, refused if older than ${args.max_age}` : ''}>`;
  const db = intoTarget ? `the ${targetName} database itself` : `database ${args.database}`;
  return [
    `verify ${dump}: sha256, pg_restore --list, full read of the data (refuse to go on if damaged)`,
    ...(args.recreate ? [`DROP DATABASE IF EXISTS ${quoteIdent(args.database!)} WITH (FORCE); CREATE DATABASE`] : args.create ? [`CREATE DATABASE ${quoteIdent(args.database!)} if missing`] : []),
    `CREATE EXTENSION IF NOT EXISTS ${[...wantedExtensions(targetExtensions, args.extensions), '(+ those the dump creates)'].join(', ')} in ${db}`,
    ...(args.tables.length ? [`build a --use-list for ${args.tables.join(', ')} (table, data, sequences, defaults, constraints, indexes, triggers; FKs to absent tables dropped)`] : []),
    `pg_restore --dbname <${db}> ${restoreFlags(args, args.tables.length ? '<use-list>' : undefined).join(' ')} ${dump}`,
  ];
}

/** `postgres.restore` (into another database) or `postgres.restore-into-target` (over the target's own: typed gate). */
export function restoreSpec(intoTarget: boolean): ActionSpec<AnyArgs> {
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
    describe: (args, target) => describeRestore(args, target.name, target.extensions, intoTarget),
  };
}

/** The pg_restore flags after `--dbname` (the same for the action, `describe` and the bench). */
export function restoreFlags(args: { jobs: number; clean: boolean; no_owner: boolean }, listFile?: string): string[] {
  return [
    '--no-password', '--exit-on-error',
    ...(args.clean ? ['--clean', '--if-exists'] : []),
    // One transaction when not parallel: a failed restore leaves the database as it was.
    ...(args.jobs > 1 ? ['-j', String(args.jobs)] : ['--single-transaction']),
    ...(args.no_owner ? ['--no-owner'] : []),
    ...(listFile ? ['-L', listFile] : []),
  ];
}
