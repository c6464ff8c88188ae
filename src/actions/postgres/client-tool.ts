import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

let bindir: string | null | undefined;

/**
 * The path of a PostgreSQL client program (pg_amcheck, psql…): from `pg_config --bindir`
 * when there is one (Debian keeps them off PATH), else the bare name, found on PATH.
 */
export function clientTool(name: string): string {
  if (bindir === undefined) {
    try {
      bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      bindir = null;
    }
  }
  return bindir && existsSync(join(bindir, name)) ? join(bindir, name) : name;
}
