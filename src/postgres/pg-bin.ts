import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ActionError } from '../errors.js';

let reported: string | null | undefined;

/** What `pg_config --bindir` says (asked once per process), or null without pg_config on PATH. */
function pgConfigBindir(): string | null {
  if (reported !== undefined) return reported;
  try {
    reported = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    reported = null;
  }
  return reported;
}

/**
 * The PostgreSQL server binaries' directory (`pg_config --bindir`), for initdb, pg_ctl and the
 * tools that must match the server's version. Throws a clear error when pg_config is missing
 * or the directory has no initdb/pg_ctl (a client-only install).
 */
export function pgBinDir(): string {
  const dir = pgConfigBindir();
  if (dir === null) {
    throw new ActionError('PostgreSQL server binaries not found: pg_config is not on PATH', {
      hint: 'Install the PostgreSQL server package (e.g. postgresql-15) or put its bin directory on PATH.',
    });
  }
  const missing = ['initdb', 'pg_ctl', 'postgres'].filter((program) => !existsSync(join(dir, program)));
  if (missing.length > 0) {
    throw new ActionError(`PostgreSQL server binaries not found: no ${missing.join('/')} in ${dir}`, {
      hint: 'Install the PostgreSQL server package (e.g. postgresql-15), not only the client.',
    });
  }
  return dir;
}

/**
 * A PostgreSQL client program (pg_dump, pg_restore, pg_amcheck, psql…): the one in
 * `pg_config --bindir` when it is there (Debian keeps them off PATH, and that copy matches the
 * installed server), else the bare name, found on PATH. A client-only install is enough.
 */
export function pgClientProgram(name: string): string {
  const dir = pgConfigBindir();
  return dir !== null && existsSync(join(dir, name)) ? join(dir, name) : name;
}
