import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseUtcStamp, utcStamp } from '../common/utc.js';
import { escapeRegExp } from '../../util/regexp.js';

/**
 * Dumps made by `postgres.dump`: `<target>-<label>-<YYYYMMDDTHHMMSSZ>[-n].dump` (custom
 * format) or `….dir` (directory format), and `….dump.gpg` once encrypted. Next to each:
 * `NAME.sha256` (see dump-checksum.ts) and, once `postgres.verify-dump` has read every
 * data block of it, `NAME.verified` (see verified-marker.ts).
 */
export interface DumpFile {
  path: string;
  name: string;
  createdAt: Date;
  format: 'custom' | 'directory';
  encrypted: boolean;
}


/** The file name prefix of a target's dumps with a label (`orquix-full-`). */
export function dumpPrefix(targetName: string, label: string): string {
  return `${targetName}-${label}-`;
}

/** A path for a new dump taken at `at`, not used yet in `dir` (nor as a partial). */
export function newDumpPath(dir: string, prefix: string, at: Date, format: 'custom' | 'directory'): string {
  const ext = format === 'custom' ? 'dump' : 'dir';
  const base = `${prefix}${utcStamp(at)}`;
  let candidate = join(dir, `${base}.${ext}`);
  for (let n = 2; existsSync(candidate) || existsSync(partialPath(candidate)); n++) candidate = join(dir, `${base}-${n}.${ext}`);
  return candidate;
}

/** The temporary name a dump is written under until it is complete. */
export function partialPath(path: string): string {
  return `${path}.partial`;
}

/** Dumps in `dir` whose name starts with `prefix`, newest first; other files are ignored. */
export function listDumps(dir: string, prefix: string): DumpFile[] {
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^${escapeRegExp(prefix)}(\\d{8}T\\d{6}Z)(?:-(\\d+))?\\.(dump|dir)(\\.gpg)?$`);
  const found: (DumpFile & { n: number })[] = [];
  for (const name of readdirSync(dir)) {
    const m = re.exec(name);
    if (!m) continue;
    found.push({
      path: join(dir, name),
      name,
      createdAt: parseUtcStamp(m[1]!),
      n: Number(m[2] ?? 1),
      format: m[3] === 'dir' ? 'directory' : 'custom',
      encrypted: m[4] !== undefined,
    });
  }
  found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.n - a.n || Number(a.encrypted) - Number(b.encrypted));
  return found.map(({ n: _n, ...file }) => file);
}

/**
 * Leftovers of dumps that were killed before they finished (`<prefix>….partial`), untouched
 * for longer than `idleMs`: nothing is still writing them.
 */
export function stalePartials(dir: string, prefix: string, now: Date, idleMs: number): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.partial'))
    .map((name) => join(dir, name))
    .filter((path) => now.getTime() - statSync(path).mtimeMs > idleMs);
}
