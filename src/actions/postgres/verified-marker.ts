import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * How "verified" is recorded: `postgres.verify-dump` writes `DUMP.verified` (JSON) after a
 * full read of the data succeeded, holding the dump's SHA-256 at that moment. A dump counts
 * as verified only while its marker exists AND its current checksum equals the one in the
 * marker, so a dump damaged or replaced after its verification is not verified any more.
 * `backup.encrypt` writes a marker for the `.gpg` file when its plaintext was verified and
 * the ciphertext decrypts back to the same bytes.
 */
export interface VerifiedMarker {
  verified_at: string;
  sha256: string;
  /** What was checked: `pg_restore --list + full data read` or `decrypts to a verified dump`. */
  method: string;
  entries?: Record<string, number>;
  plaintext_sha256?: string;
}

export function markerPath(dump: string): string {
  return `${dump}.verified`;
}

export async function writeMarker(dump: string, marker: VerifiedMarker): Promise<void> {
  await writeFile(markerPath(dump), `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600 });
}

/** The marker of a dump, or null when there is none or it is unreadable. */
export async function readMarker(dump: string): Promise<VerifiedMarker | null> {
  if (!existsSync(markerPath(dump))) return null;
  try {
    const parsed = JSON.parse(await readFile(markerPath(dump), 'utf8')) as VerifiedMarker;
    return typeof parsed.sha256 === 'string' ? parsed : null;
  } catch {
    return null;
  }
}
