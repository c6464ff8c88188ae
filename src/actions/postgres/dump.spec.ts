import { join } from 'node:path';
import { z } from 'zod';
import { dumpPrefix } from './dump-files.js';
import type { ActionSpec, ActionTargetView } from '../types.js';

export const Args = z
  .object({
    format: z.enum(['custom', 'directory']).default('custom'),
    /** pg_dump -Z: 0 (none) to 9. */
    compress: z.number().int().min(0).max(9).default(6),
    /** Parallel jobs (directory format only). */
    jobs: z.number().int().min(1).max(64).default(1),
    tables: z.array(z.string().min(1)).default([]),
    /** A named table set of the target (`data.sets.NAME` in pitstop.yaml) instead of `tables`. */
    set: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a set name like critical').optional()),
    exclude_tables: z.array(z.string().min(1)).default([]),
    /** Part of the file name, so each kind of dump has its own retention; default the set's name, else `full`. */
    label: z.string().regex(/^[A-Za-z0-9_]+$/, 'letters, digits and _ only').optional(),
    /** Directory for `<target>-<label>-<UTC stamp>.dump`; default the target's `backups`. */
    dir: z.string().min(1).optional(),
    /** An exact path instead (must not exist). */
    path: z.string().min(1).optional(),
    /** Another database on the target's server (default: the target's own). */
    database: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => !(a.set && a.tables.length), { message: 'give a set or tables, not both', path: ['set'] })
  .refine((a) => a.jobs === 1 || a.format === 'directory', { message: 'jobs > 1 needs format: directory (pg_dump -j writes a directory)', path: ['jobs'] });
export type Args = z.infer<typeof Args>;
/** The dump's label: the one given, else the set's name (a set name's `-` as `_`), else `full`. */
export function dumpLabel(args: Args): string {
  return args.label ?? args.set?.replaceAll('-', '_') ?? 'full';
}

/** The tables to dump: `tables`, or the target's `data.sets[set]` (undefined when it has no such set). */
export function dumpTables(args: Args, target: Pick<ActionTargetView, 'data'>): string[] | undefined {
  return args.set ? target.data?.sets?.[args.set] : args.tables;
}

/** The pg_dump arguments after the program and connection (also shown by `describe`). */
export function dumpFlags(args: Args, file: string, tables: string[] = args.tables): string[] {
  const format = args.format === 'custom' ? ['-Fc'] : ['-Fd', '-j', String(args.jobs)];
  return [
    ...format, '-Z', String(args.compress), '--no-password', '--strict-names',
    ...tables.flatMap((t) => ['-t', t]), ...args.exclude_tables.flatMap((t) => ['-T', t]), '-f', file,
  ];
}

/**
 * `postgres.dump`: pg_dump in custom (`-Fc -Z N`) or directory (`-Fd -j N`) format, with
 * `-t`/`-T` filters or a named table set of the target (`data.sets`), (`--strict-names`: a table name that matches nothing is an error, not an
 * empty backup). Written under `NAME.partial` in a private mode (file 0600, directory 0700)
 * and renamed only once pg_dump succeeded, so a cut-off dump never carries a final name;
 * then checksummed (`NAME.sha256`) and its table of contents counted.
 */
export const dumpSpec: ActionSpec<Args> = {
  name: 'postgres.dump',
  engine: 'postgres',
  summary: 'pg_dump (custom or directory format) into the backups directory, 0600, with sha256 and entry counts',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const where = args.path ?? `${args.dir ?? target.backups ?? '(backups directory)'}/${dumpPrefix(target.name, dumpLabel(args))}<UTC stamp>.${args.format === 'custom' ? 'dump' : 'dir'}`;
    const tables = dumpTables(args, target);
    return [
      ...(args.set ? [tables ? `set ${args.set} (data.sets.${args.set}): ${tables.join(', ')}` : `refused: target ${target.name} has no data.sets.${args.set}`] : []),
      `pg_dump --dbname <${target.name}${args.database ? `, database ${args.database}` : ''}> ${dumpFlags(args, `${where}.partial`, tables ?? []).join(' ')}`,
      `rename to ${where}; sha256 → ${where}.sha256`,
    ];
  },
};
