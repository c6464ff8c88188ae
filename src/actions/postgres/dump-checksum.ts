import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checksumPath, recordedChecksum, sha256File, writeChecksum } from '../common/sha256.js';

/**
 * SHA-256 of a dump. A custom-format dump is one file: `FILE.sha256` as `backup.checksum`
 * writes it. A directory-format dump gets `DIR.sha256` with one `sha256sum` line per file
 * (`<hex>  DIR/FILE`, checkable with `sha256sum -c` from the parent directory); its digest is
 * the SHA-256 of those lines.
 */
export async function dumpChecksum(path: string): Promise<{ sha256: string; manifest?: string }> {
  if (!statSync(path).isDirectory()) return { sha256: await sha256File(path) };
  const lines: string[] = [];
  for (const name of (await readdir(path)).sort()) {
    lines.push(`${await sha256File(join(path, name))}  ${basename(path)}/${name}`);
  }
  const manifest = `${lines.join('\n')}\n`;
  return { sha256: createHash('sha256').update(manifest).digest('hex'), manifest };
}

/** Computes and records the checksum next to the dump; returns the digest. */
export async function recordDumpChecksum(path: string): Promise<string> {
  const sum = await dumpChecksum(path);
  if (sum.manifest === undefined) await writeChecksum(path, sum.sha256);
  else await writeFile(checksumPath(path), sum.manifest, { mode: 0o600 });
  return sum.sha256;
}

export type DumpChecksumState = { state: 'match' | 'missing'; sha256: string } | { state: 'mismatch'; sha256: string; detail: string };

/** Recomputes the checksum and compares it with the recorded one. */
export async function checkDumpChecksum(path: string): Promise<DumpChecksumState> {
  const sum = await dumpChecksum(path);
  if (sum.manifest === undefined) {
    const recorded = await recordedChecksum(path);
    if (recorded === null) return { state: 'missing', sha256: sum.sha256 };
    return recorded === sum.sha256 ? { state: 'match', sha256: sum.sha256 } : { state: 'mismatch', sha256: sum.sha256, detail: `recorded ${recorded}, file has ${sum.sha256}` };
  }
  const side = checksumPath(path);
  if (!existsSync(side)) return { state: 'missing', sha256: sum.sha256 };
  const recorded = await readFile(side, 'utf8');
  if (recorded === sum.manifest) return { state: 'match', sha256: sum.sha256 };
  const want = new Set(recorded.split('\n').filter(Boolean));
  const changed = sum.manifest.split('\n').filter((l) => l && !want.has(l)).map((l) => l.slice(66));
  return { state: 'mismatch', sha256: sum.sha256, detail: `changed or added: ${changed.join(', ') || '(files missing)'}` };
}
