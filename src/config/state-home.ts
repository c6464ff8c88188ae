import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import { StateHomeError } from '../errors.js';
import { runsDir } from './home.js';

/** What pitstop was writing when the state home failed it, and where. */
export interface StatePlace {
  /** e.g. `the journal`, `the step log steps/dump.1.log`, `the run index`. */
  what: string;
  dir: string;
  /** The run to resume once the place is fixed; without it the hint says to run the command again. */
  runId?: string;
}

/** File-system errors the operator can fix (free space, remount, move a file): errno or SQLite code → what it means. */
const PROBLEMS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  SQLITE_FULL: 'no space left on device',
  EROFS: 'read-only file system',
  SQLITE_READONLY: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a file is in the way (not a directory)',
  EEXIST: 'a file is in the way (not a directory)',
  EISDIR: 'a directory is in the way (not a file)',
  EIO: 'input/output error',
  SQLITE_IOERR: 'input/output error',
  SQLITE_CANTOPEN: 'cannot open the database file',
};

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  // SQLite's extended codes (SQLITE_IOERR_WRITE …) mean what their primary code means.
  const primary = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
  return PROBLEMS[code] ? code : PROBLEMS[primary] ? primary : undefined;
}

/** Whether an error is one the state home's owner can fix (full, read-only, in the way). */
export function isStateHomeProblem(error: unknown): boolean {
  return codeOf(error) !== undefined;
}

/**
 * Turns a file-system error met while writing state into one clear StateHomeError: what was
 * being written, where, and what to do (free space, then `pitstop resume ID`). Anything else
 * (and a StateHomeError already made) is returned as it was.
 */
export function toStateHomeError(error: unknown, place: StatePlace): unknown {
  if (error instanceof StateHomeError) return error;
  const code = codeOf(error);
  if (!code) return error;
  const next = place.runId ? `pitstop resume ${place.runId}` : 'run the same command again';
  const fix = fixFor(code, error, place);
  return new StateHomeError(`${PROBLEMS[code]} writing ${place.what} in ${place.dir}`, { hint: `${fix}, then: ${next}`, cause: error });
}

/** What the operator does about it, before the next step. */
function fixFor(code: string, error: unknown, place: StatePlace): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return 'free space there';
    case 'ENOTDIR':
    case 'EEXIST':
      return `set PITSTOP_HOME to a directory (${inTheWay(error) ?? place.dir} is not one)`;
    case 'EISDIR':
      return `move ${(error as { path?: string }).path ?? 'it'} aside (pitstop keeps a file there)`;
    case 'EIO':
    case 'SQLITE_IOERR':
      return 'check the disk';
    default:
      return 'make it writable, or set PITSTOP_HOME to a writable directory';
  }
}

/** The same StateHomeError with another next step after the fix (`then: …`); anything else as it was. */
export function withNextStep(error: unknown, next: string): unknown {
  if (!(error instanceof StateHomeError) || !error.hint) return error;
  return new StateHomeError(error.message, { hint: error.hint.replace(/then: .*$/, `then: ${next}`), cause: error });
}

/** Runs `fn`, turning a state-home file-system error into a StateHomeError for `place`. */
export function guardState<T>(place: StatePlace, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toStateHomeError(error, place);
  }
}

/** `guardState` for async work. */
export async function guardStateAsync<T>(place: StatePlace, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toStateHomeError(error, place);
  }
}

/**
 * For the CLI's one catch: a raw file-system error that escaped with a path in the state home
 * (a directory made on the way) still gets one clear line. A path inside a run directory names
 * the run to resume.
 */
export function stateHomeErrorFromPath(error: unknown, home: string): unknown {
  const path = (error as { path?: unknown } | null)?.path;
  if (typeof path !== 'string' || !isStateHomeProblem(error)) return error;
  const inHome = relative(home, path);
  if (inHome.startsWith('..') || isAbsolute(inHome)) return error;
  const inRuns = relative(runsDir(home), path);
  const runId = inRuns && !inRuns.startsWith('..') && inRuns.includes(sep) ? inRuns.split(sep)[0] : undefined;
  return toStateHomeError(error, { what: basename(path), dir: dirname(path), ...(runId ? { runId } : {}) });
}

/** The file standing where a directory was wanted: the nearest existing ancestor of the path. */
function inTheWay(error: unknown): string | undefined {
  const given = (error as { path?: unknown }).path;
  if (typeof given !== 'string') return undefined;
  let path = given;
  while (dirname(path) !== path) {
    try {
      return statSync(path).isDirectory() ? undefined : path;
    } catch {
      path = dirname(path);
    }
  }
  return undefined;
}
