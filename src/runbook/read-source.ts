import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { ConfigError } from '../errors.js';

/** The most a runbook or pitstop.yaml may weigh: far above any real one, far below what exhausts memory when parsed. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/**
 * Reads a runbook or pitstop.yaml as text, refusing before reading what cannot be one: a
 * FIFO or device (reading it would hang, or never end) and a file over 1 MB (YAML parsing
 * takes many times the file's size in memory). Opened non-blocking, so a FIFO is seen, not
 * waited on. Problems are ConfigErrors (exit 2) naming the file.
 */
export function readSourceFile(file: string, what: 'runbook' | 'config'): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(missing ? `no such ${what} file: ${file}` : `cannot read ${file}: ${(error as Error).message}`, {
      hint: missing ? (what === 'runbook' ? 'Check the path, or give a runbook id (pitstop list shows them).' : 'Check the path.') : 'Check the file is readable.',
      cause: error,
    });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new ConfigError(`${file} is not a regular file (${kindOf(stats)})`, { hint: `A ${what} is read from a plain .yaml file; give the path of one.` });
    }
    if (stats.size > MAX_SOURCE_BYTES) {
      throw new ConfigError(`${file} is ${megabytes(stats.size)}, over the 1 MB limit for a ${what}`, {
        hint: 'Check it is the right file; a runbook that big is data, not steps (keep large SQL or data in files its commands read).',
      });
    }
    // Never more than the limit, even if the file grows while it is read.
    const buffer = Buffer.alloc(Math.min(stats.size, MAX_SOURCE_BYTES));
    let got = 0;
    while (got < buffer.length) {
      const n = readSync(fd, buffer, got, buffer.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return buffer.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a plain file';
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
