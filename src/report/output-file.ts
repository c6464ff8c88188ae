import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Checks where `report -o FILE` may write, before anything is built: never inside the run
 * directories (a report written over `journal.jsonl` destroys the run), symlinks and `..`
 * resolved; the directory must exist and FILE must not be one. Returns the absolute path.
 */
export function checkReportPath(file: string, runsDir: string): string {
  const path = resolve(file);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`cannot write the report to ${file}: the directory ${dir} does not exist`, { hint: 'Create it first, or give -o a path in an existing directory.' });
  }
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new UsageError(`cannot write the report to ${file}: it is a directory`, { hint: `Give a file name, e.g. -o ${join(file, 'incident.md')}` });
  }
  // Where the bytes would really land: the directory's real path, and the file's if it is a symlink.
  const lands = [join(realpathSync(dir), basename(path)), ...(existsSync(path) ? [realpathSync(path)] : [])];
  const runs = existsSync(runsDir) ? realpathSync(runsDir) : resolve(runsDir);
  if (lands.some((p) => isInside(p, runs))) {
    throw new UsageError(`refusing to write the report to ${file}: it is inside the run directories (${runsDir}), where it could overwrite a run's journal`, {
      hint: 'Write it somewhere else, e.g. -o ./incident.md',
    });
  }
  return path;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Writes the report owner-only (0600: it names databases, people and commands). A regular
 * file is written beside its target and renamed over it, so a failure (a full disk) never
 * leaves half a report over an existing file; a device or a pipe (`/dev/stdout`) is written
 * in place. A failure is one clear error saying the file was left as it was.
 */
export function writeReportFile(path: string, text: string): void {
  const special = existsSync(path) && !statSync(path).isFile();
  const temp = special ? path : join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, special ? 'w' : 'wx', 0o600);
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
      if (!special) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!special) renameSync(temp, path);
  } catch (error) {
    if (!special) rmSync(temp, { force: true });
    const reason = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'no space left on device' : (error as Error).message;
    throw new UsageError(`could not write the report to ${path}: ${reason}`, {
      hint: special ? 'Choose another file for -o.' : `${path} was left as it was; free space or choose another file for -o.`,
      cause: error,
    });
  }
}
