import { chmod, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { exampleFor } from '../../config/target-examples.js';
import { ActionError } from '../../errors.js';
import { dumpSize, readToc } from './archive.js';
import { recordDumpChecksum } from './dump-checksum.js';
import { dumpPrefix, newDumpPath, partialPath } from './dump-files.js';
import { clientConn } from './libpq.js';
import { pgClientProgram } from '../../postgres/pg-bin.js';
import { runTool } from './run-tool.js';
import { countByType } from './toc.js';
import type { Target } from '../../config/schema.js';
import type { ActionDefinition } from '../types.js';
import { Args, dumpFlags, dumpLabel, dumpSpec, dumpTables } from './dump.spec.js';

export { dumpFlags } from './dump.spec.js';

function backupsDir(args: Args, backups: string | undefined, name: string): string {
  const dir = args.dir ?? backups;
  if (!dir) {
    throw new ActionError(`target ${name} has no backups directory`, {
      hint: `Add backups: /path/to/backups to target ${name} in pitstop.yaml, or pass dir: (or path:) to the step.`,
    });
  }
  return resolve(dir);
}

/** The tables to dump; a set the target does not define is refused before anything is written. */
function tablesOf(args: Args, target: Target): string[] {
  const tables = dumpTables(args, target);
  if (tables) return tables;
  const sets = Object.keys(target.data?.sets ?? {});
  throw new ActionError(`target ${target.name} has no table set data.sets.${args.set}${sets.length ? ` (it has: ${sets.join(', ')})` : ''}`, {
    hint: `Name the tables under targets.${target.name} in pitstop.yaml, for example  ${exampleFor(`data.sets.${args.set}`)}  (see docs/targets.md).`,
  });
}

/**
 * `postgres.dump`: pg_dump in custom (`-Fc -Z N`) or directory (`-Fd -j N`) format, with
 * `-t`/`-T` filters or a named table set of the target (`data.sets`), (`--strict-names`: a table name that matches nothing is an error, not an
 * empty backup). Written under `NAME.partial` in a private mode (file 0600, directory 0700)
 * and renamed only once pg_dump succeeded, so a cut-off dump never carries a final name;
 * then checksummed (`NAME.sha256`) and its table of contents counted.
 */
export const dumpAction: ActionDefinition<Args> = {
  ...dumpSpec,
  async run(args, ctx) {
    const tables = tablesOf(args, ctx.target);
    const conn = clientConn(ctx.target.url, args.database);
    const started = new Date();
    let path: string;
    if (args.path) {
      path = resolve(args.path);
      if (existsSync(path)) throw new ActionError(`${path} already exists`, { hint: 'A dump never overwrites another: give a new path, or leave path: out for a UTC-stamped name.' });
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    } else {
      const dir = backupsDir(args, ctx.target.backups, ctx.target.name);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      path = newDumpPath(dir, dumpPrefix(ctx.target.name, dumpLabel(args)), started, args.format);
    }
    const partial = partialPath(path);
    await rm(partial, { recursive: true, force: true });
    // Created private before pg_dump writes into it: pg_dump keeps the mode of an existing file,
    // and writes into an existing empty directory, so the data is never readable by others.
    if (args.format === 'custom') await writeFile(partial, '', { mode: 0o600 });
    else await mkdir(partial, { mode: 0o700 });
    try {
      await runTool(ctx, [pgClientProgram('pg_dump'), '--dbname', conn.dbname, ...dumpFlags(args, partial, tables)], `pg_dump of ${ctx.target.name} (database ${conn.database})`, {
        env: conn.env,
        hint: 'Check the connection (pitstop run … --dry-run shows it) and the table names; nothing was written under the final name.',
      });
      if (args.format === 'directory') for (const name of await readdir(partial)) await chmod(join(partial, name), 0o600);
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      throw error;
    }
    const sha256 = await recordDumpChecksum(path);
    const entries = countByType(await readToc(ctx, path));
    const size = dumpSize(path);
    const durationMs = Date.now() - started.getTime();
    ctx.log(`${path}: ${size} bytes in ${durationMs} ms, sha256 ${sha256}, ${entries['TABLE DATA'] ?? 0} tables with data`);
    return {
      outputs: {
        path,
        format: args.format,
        set: args.set ?? null,
        size,
        sha256,
        duration_ms: durationMs,
        created_at: started.toISOString(),
        entries,
        tables: entries['TABLE DATA'] ?? 0,
        verified: false,
      },
    };
  },
};
