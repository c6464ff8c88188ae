import { execa } from 'execa';
import { toolConnection } from '../actions/postgres/tool-conn.js';
import { PitstopError } from '../errors.js';
import { pgClientProgram } from '../postgres/pg-bin.js';

/** What a schema restore did with the dump's extensions. */
export interface RestoredExtensions {
  created: string[];
  /** Not installable on the world's server: left out, with the objects that need them failing later if any. */
  skipped: string[];
}

/**
 * The target's schema as SQL: `pg_dump --schema-only` (no owners, no grants: the world has
 * none of the target's roles), through a session whose every transaction is read-only
 * (`default_transaction_read_only=on` in PGOPTIONS), so the dump cannot write to the target.
 * The connection goes by libpq variables, never in argv; no row is dumped.
 */
export async function dumpPgSchema(url: string, targetName: string): Promise<string> {
  const { env } = toolConnection(url);
  const options = [env['PGOPTIONS'], '-c default_transaction_read_only=on'].filter(Boolean).join(' ');
  const result = await execa(pgClientProgram('pg_dump'), ['--schema-only', '--no-owner', '--no-privileges', '--no-publications', '--no-subscriptions'], {
    env: { ...process.env, ...env, PGOPTIONS: options },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.exitCode !== 0) {
    throw new PitstopError(`pg_dump --schema-only of target ${targetName} failed (exit ${result.exitCode ?? 'none'}): ${lastLine(String(result.stderr ?? ''))}`, {
      hint: 'Check the target can be reached (pitstop status) and that its user may read the catalog.',
    });
  }
  return String(result.stdout);
}

/**
 * Replays a schema dump in the world's database with psql (stopping at the first error):
 * extensions the world's server cannot install are left out first (and their comments).
 */
export async function restorePgSchema(dump: string, worldUrl: string, available: ReadonlySet<string>): Promise<RestoredExtensions> {
  const created: string[] = [];
  const skipped: string[] = [];
  const lines = dump.split('\n').map((line) => {
    const ext = /^(?:CREATE EXTENSION IF NOT EXISTS|COMMENT ON EXTENSION) ("?)([^\s"]+)\1/.exec(line);
    if (!ext) return line;
    const name = ext[2]!;
    if (available.has(name)) {
      if (line.startsWith('CREATE') && !created.includes(name)) created.push(name);
      return line;
    }
    if (!skipped.includes(name)) skipped.push(name);
    return `-- left out by pitstop (not installable here): ${line}`;
  });
  const { env } = toolConnection(worldUrl);
  const result = await execa(pgClientProgram('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', '-'], {
    env: { ...process.env, ...env },
    extendEnv: false,
    reject: false,
    input: lines.join('\n'),
    encoding: 'utf8',
  });
  if (result.exitCode !== 0) {
    throw new PitstopError(`the target's schema could not be created in the drill's world: ${lastLine(String(result.stderr ?? ''))}`, {
      hint: skipped.length > 0 ? `Extensions not installable here were left out: ${skipped.join(', ')}; install them for the PostgreSQL server pitstop uses.` : 'Run the drill with --keep to look at the world.',
    });
  }
  return { created, skipped };
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1) ?? '(no message)';
}
