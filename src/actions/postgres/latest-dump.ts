import { resolve } from 'node:path';
import type { Target } from '../../config/schema.js';
import { ActionError } from '../../errors.js';
import { formatDuration } from '../../util/duration.js';
import { dumpChecksum } from './dump-checksum.js';
import { dumpPrefix, listDumps, type DumpFile } from './dump-files.js';
import { readMarker } from './verified-marker.js';

/** The dumps directory: `dir` if given, else the target's `backups`. */
export function dumpsDir(target: Pick<Target, 'name' | 'backups'>, dir?: string): string {
  const chosen = dir ?? target.backups;
  if (!chosen) {
    throw new ActionError(`target ${target.name} has no backups directory`, {
      hint: `Add backups: /path/to/backups to target ${target.name} in pitstop.yaml, or pass dir: to the step.`,
    });
  }
  return resolve(chosen);
}

/** Whether a dump is verified now: its marker exists and its bytes still hash to the marker's digest. */
export async function isVerified(dump: DumpFile): Promise<boolean> {
  const marker = await readMarker(dump.path);
  if (!marker) return false;
  return (await dumpChecksum(dump.path)).sha256 === marker.sha256;
}

/** The newest verified dump among `dumps` (newest first), or null; hashes only until it finds one. */
export async function newestVerified(dumps: DumpFile[], opts: { encrypted?: boolean } = {}): Promise<DumpFile | null> {
  for (const dump of dumps) {
    if (opts.encrypted === false && dump.encrypted) continue;
    if (await isVerified(dump)) return dump;
  }
  return null;
}

/** The newest verified dump of `label` in the target's backups (encrypted ones only when allowed), or a clear error. */
export async function latestVerifiedDump(
  target: Pick<Target, 'name' | 'backups'>,
  label: string,
  opts: { dir?: string; encrypted?: boolean; maxAge?: { text: string; ms: number; now: Date } } = {},
): Promise<string> {
  const where = dumpsDir(target, opts.dir);
  const found = await newestVerified(listDumps(where, dumpPrefix(target.name, label)), { encrypted: opts.encrypted ?? false });
  if (!found) {
    throw new ActionError(`no verified ${label} dump of ${target.name} in ${where}`, {
      hint: `Run the backup (postgres.dump, then postgres.verify-dump); for encrypted dumps pass passphrase_env:; or give path: explicitly.`,
    });
  }
  const age = opts.maxAge ? opts.maxAge.now.getTime() - found.createdAt.getTime() : 0;
  if (opts.maxAge && age > opts.maxAge.ms) {
    throw new ActionError(
      `the newest verified ${label} dump of ${target.name} (${found.name}, taken ${found.createdAt.toISOString()}, ${formatDuration(age)} ago) is older than max_age ${opts.maxAge.text}: not using it`,
      { hint: `The ${label} backups stopped or fail verification: look at the last backup runs (pitstop runs) and the cron log, take a new one now, and run this again. To check an older dump on purpose, raise max_age.` },
    );
  }
  return found.path;
}
