import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The entries of a cache file under the state home (`{ format, entries }`), or `{}` when it
 * is missing, damaged or of another format: a cache only ever costs speed, never correctness.
 */
export function readCacheEntries<T>(file: string, format: number): Record<string, T> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; entries?: unknown };
    if (parsed.format === format && parsed.entries && typeof parsed.entries === 'object' && !Array.isArray(parsed.entries)) {
      return parsed.entries as Record<string, T>;
    }
  } catch {
    // Missing or damaged: start empty.
  }
  return {};
}

/**
 * Writes a cache file through a temporary file renamed over the old one, so a reader never
 * sees half a cache. A read-only or full state home is no error: the command works uncached.
 */
export function writeCacheEntries(file: string, format: number, entries: Record<string, unknown>): void {
  writeCacheFile(file, JSON.stringify({ format, entries }));
}

/**
 * Writes `text` through a temporary file in the same directory renamed over `file`, so a
 * reader never sees half of it; no temporary file is left behind when it fails (and throws).
 */
export function writeFileAtomic(file: string, text: string, mode?: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, mode === undefined ? {} : { mode });
    renameSync(temp, file);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // No place for it in the first place.
    }
    throw error;
  }
}

/** Writes `text` to a cache file, atomically; false, and no error, when it cannot be written. */
export function writeCacheFile(file: string, text: string): boolean {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileAtomic(file, text);
    return true;
  } catch {
    // Not writable: uncached.
    return false;
  }
}
