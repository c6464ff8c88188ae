import { createHash } from 'node:crypto';
import { buildIdentity } from '../util/build-identity.js';
import { filesDeclaring, looksLikePath } from './find-runbook.js';
import type { LoadedRunbook } from './load.js';
import { loadedRunbookCache } from './loaded-cache.js';
import { readSourceFile } from './read-source.js';
import type { RunbookDirRef } from './runbook-index.js';

/**
 * `resolveRunbook` (discover.ts) for starting a run: the runbook's text is read, and when
 * this build validated exactly that text before, the cached runbook is used; the YAML
 * parser, the schema and lint are imported only when it did not. Anything else — not
 * found, unreadable, broken, another file first in line — goes the full way, with its errors.
 */
export async function resolveRunbookCached(ref: string, dirs: RunbookDirRef[], home: string): Promise<LoadedRunbook> {
  const cache = loadedRunbookCache(home, buildIdentity());
  const candidate = firstCandidate(ref, dirs);
  const runbook = candidate && cache.get(candidate.source);
  if (candidate && runbook && (looksLikePath(ref) || runbook.id === ref)) {
    return { runbook, file: candidate.file, source: candidate.source, hash: createHash('sha256').update(candidate.source).digest('hex') };
  }
  const loaded = (await import('./discover.js')).resolveRunbook(ref, dirs);
  cache.set(loaded.source, loaded.runbook);
  return loaded;
}

/**
 * The file `resolveRunbook` tries first: the path itself, or the first file declaring the id
 * (a cached entry proves it loads, and loading it is what the full search would do first).
 */
function firstCandidate(ref: string, dirs: RunbookDirRef[]): { file: string; source: string } | undefined {
  if (ref.trim() === '') return undefined;
  if (!looksLikePath(ref)) return filesDeclaring(ref, dirs).next().value ?? undefined;
  try {
    return { file: ref, source: readSourceFile(ref, 'runbook') };
  } catch {
    return undefined;
  }
}
