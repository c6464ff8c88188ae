import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { fsyncDir } from '../journal/journal.js';
import type { LoadedRunbook } from '../runbook/load.js';
import { parseYaml } from '../runbook/positions.js';
import { Runbook } from '../runbook/schema.js';

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

/**
 * The runbook copy `name` of a run, or null when there is none (a run started before copies
 * were kept). Its hash must be the journaled one. Only the schema is checked, not today's
 * lint: the copy is what the run was started with, and it must stay resumable.
 */
export function loadRunbookCopy(runDir: string, name: string, hash: string): LoadedRunbook | null {
  const file = join(runDir, name);
  if (!existsSync(file)) return null;
  const source = readFileSync(file, 'utf8');
  if (hashOf(source) !== hash) {
    throw new ConfigError(`the runbook copy ${file} is not the one the journal names (hash ${hash.slice(0, 12)}…)`, {
      location: { file },
      hint: 'The run directory was changed after the run began; keep it for the record and start a new run.',
    });
  }
  const parsed = Runbook.safeParse(parseYaml(file, source).doc.toJS());
  if (!parsed.success) {
    throw new ConfigError(`the runbook copy ${file} does not load: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      location: { file },
      hint: 'The run directory is damaged; keep it for the record and start a new run.',
    });
  }
  return { runbook: parsed.data, file, source, hash };
}
