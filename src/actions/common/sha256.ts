import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

/** Where the checksum of `file` is kept: `file.sha256`, in `sha256sum` format. */
export function checksumPath(file: string): string {
  return `${file}.sha256`;
}

/** SHA-256 of a file, streamed (backups can be large). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes `file.sha256` (`<hex>  <name>`, readable by `sha256sum -c`). */
export async function writeChecksum(file: string, hex: string): Promise<string> {
  const out = checksumPath(file);
  await writeFile(out, `${hex}  ${basename(file)}\n`, { mode: 0o644 });
  return out;
}

/** The hex digest recorded in `file.sha256`, or null when there is none or it is unreadable. */
export async function recordedChecksum(file: string): Promise<string | null> {
  const side = checksumPath(file);
  if (!existsSync(side)) return null;
  const m = /^([0-9a-f]{64})\b/i.exec((await readFile(side, 'utf8')).trim());
  return m ? m[1]!.toLowerCase() : null;
}

export type ChecksumStatus =
  | { state: 'match'; sha256: string; size: number }
  | { state: 'mismatch'; sha256: string; recorded: string; size: number }
  | { state: 'missing'; sha256: string; size: number };

/** Hashes `file` and compares it with its recorded checksum. */
export async function verifyChecksum(file: string): Promise<ChecksumStatus> {
  const [sha256, recorded, info] = await Promise.all([sha256File(file), recordedChecksum(file), stat(file)]);
  if (recorded === null) return { state: 'missing', sha256, size: info.size };
  if (recorded !== sha256) return { state: 'mismatch', sha256, recorded, size: info.size };
  return { state: 'match', sha256, size: info.size };
}
