import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Where pitstop keeps its state (run journals, the run index, the sandbox):
 * `$PITSTOP_HOME`, else `$XDG_STATE_HOME/pitstop`, else the platform's state directory
 * (`~/.local/state/pitstop`, on macOS `~/Library/Application Support/pitstop`).
 * Nothing is created here: directories are made when something is written into them.
 */
export function pitstopHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const explicit = env['PITSTOP_HOME'];
  if (explicit) return resolve(explicit);
  const xdg = env['XDG_STATE_HOME'];
  if (xdg) return resolve(xdg, 'pitstop');
  const home = env['HOME'] || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'pitstop');
  return join(home, '.local', 'state', 'pitstop');
}

/** The directory holding one directory per run. */
export function runsDir(home: string): string {
  return join(home, 'runs');
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The directory of one run. The run id usually comes from the command line, so it is
 * checked to be a plain name: `pitstop report ../../x` must not read outside the home.
 */
export function runDir(home: string, runId: string): string {
  if (!RUN_ID.test(runId)) {
    throw new UsageError(`"${runId}" is not a run id`, { hint: 'Run ids look like 20261122-074512-pg-accidental-deletion-k3f9; see `pitstop runs`.' });
  }
  return join(runsDir(home), runId);
}

/**
 * Creates a directory (and its parents) readable by the owner only, if it is missing. One
 * level at a time: a recursive mkdir reports a read-only file system as ENOENT, and the
 * operator needs the real reason (EROFS, ENOSPC, a file in the way).
 */
export function ensureDir(dir: string): string {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  if (missing.length === 0) mkdirSync(dir, { recursive: true, mode: 0o700 }); // a file in the way: EEXIST
  for (const d of missing) {
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (error) {
      // made meanwhile by another process: fine if it is a directory
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw error;
    }
  }
  return dir;
}
