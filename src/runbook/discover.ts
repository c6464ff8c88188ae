import { basename } from 'node:path';
import { formatLocation, PitstopError, UsageError } from '../errors.js';
import { nearest } from '../util/did-you-mean.js';
import { filesDeclaring, looksLikePath } from './find-runbook.js';
import type { RunbookIndexCache } from './index-cache.js';
import { loadRunbookFile, loadRunbookSource, type LoadedRunbook } from './load.js';
import { indexRunbooks, type RunbookDirRef, type RunbookEntry } from './runbook-index.js';
import { shippedEntryOf } from './shipped.js';

export type { LoadedRunbook } from './load.js';
export type { RunbookDirRef, RunbookEntry } from './runbook-index.js';

function describeError(file: string, error: unknown): string {
  if (error instanceof PitstopError && error.location) return `${formatLocation(error.location)}: ${error.message}`;
  if (error instanceof PitstopError && error.message.startsWith(file)) return error.message;
  return `${file}: ${(error as Error).message}`;
}

/** Runbooks (*.yaml|*.yml) in each dir, in order; first id wins; files that fail to load are returned in `broken` with their error. */
export function discoverRunbooks(dirs: RunbookDirRef[], cache?: RunbookIndexCache): { runbooks: RunbookEntry[]; broken: { file: string; error: string }[] } {
  const index = indexRunbooks(dirs, (file) => {
    const cached = cache?.get(file);
    if (cached) return cached;
    const shipped = shippedEntryOf(file);
    if (shipped) {
      cache?.set(file, shipped);
      return shipped;
    }
    let loaded: LoadedRunbook;
    try {
      loaded = loadRunbookFile(file);
    } catch (error) {
      return { error: describeError(file, error) };
    }
    const { id, title, scenario, engine, summary } = loaded.runbook;
    const entry = { id, title, scenario, engine, ...(summary === undefined ? {} : { summary }) };
    cache?.set(file, entry);
    return entry;
  })!;
  cache?.save();
  return index;
}

/** Find a runbook by id or by path. Throws UsageError "unknown runbook X" listing near ids if not found. */
export function resolveRunbook(idOrPath: string, dirs: RunbookDirRef[]): LoadedRunbook {
  if (idOrPath.trim() === '') {
    throw new UsageError('which runbook? pitstop run RUNBOOK', { hint: 'Give a runbook id or a file path; pitstop list shows the runbooks found.' });
  }
  if (looksLikePath(idOrPath)) return loadRunbookFile(idOrPath);
  const quick = findById(idOrPath, dirs);
  if (quick) return quick;
  const { runbooks, broken } = discoverRunbooks(dirs);
  const entry = runbooks.find((r) => r.id === idOrPath);
  if (entry) return loadRunbookFile(entry.file);
  // A runbook named like the id that does not load: its own error says more than "unknown".
  const namesake = broken.find((b) => basename(b.file).replace(/\.ya?ml$/, '') === idOrPath);
  if (namesake) return loadRunbookFile(namesake.file);
  const ids = runbooks.map((r) => r.id);
  const near = nearest(idOrPath, ids);
  throw new UsageError(`unknown runbook ${idOrPath}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`, {
    hint: ids.length ? `Runbooks found: ${ids.join(', ')} (pitstop list shows them all).` : 'No runbooks found: add them to ./runbooks or pass --runbooks DIR.',
  });
}

/**
 * The runbook with this id, loading only the files whose top-level `id:` line names it, in
 * discovery order (first id wins, files that fail to load are passed over, as in
 * `discoverRunbooks`). Loading and linting every runbook to run one costs hundreds of
 * milliseconds; null sends the caller to the full search (and its error messages).
 */
function findById(id: string, dirs: RunbookDirRef[]): LoadedRunbook | null {
  for (const { file, source } of filesDeclaring(id, dirs)) {
    try {
      const loaded = loadRunbookSource(file, source);
      if (loaded.runbook.id === id) return loaded;
    } catch {
      // broken: discovery skips it too
    }
  }
  return null;
}
