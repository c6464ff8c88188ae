import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir } from '../journal/journal.js';

/** The copy of the runbook as it was at `run/started`, in the run directory. */
export const STARTED_COPY = 'runbook.yaml';

/** The name of the copy of an edited runbook a run went on with (`run/runbook-changed`). */
export function editedCopyName(hash: string): string {
  return `runbook-${hash.slice(0, 12)}.yaml`;
}

/** sha256 hex of a runbook's text, as `LoadedRunbook.hash`. */
export function hashOf(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

/**
 * Writes a runbook copy into the run directory and flushes it (and the directory entry) to
 * disk, so that it survives a crash as surely as the journal line that refers to it.
 */
export function writeRunbookCopy(runDir: string, name: string, source: string): void {
  const file = join(runDir, name);
  const fd = openSync(file, 'w', 0o600);
  try {
    const data = Buffer.from(source, 'utf8');
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDir(runDir);
}
