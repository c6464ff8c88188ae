import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexedRunbook } from './index-cache.js';

/** One runbook found on disk, as `pitstop list` shows it. */
export interface RunbookEntry extends IndexedRunbook {
  file: string;
  source: 'project' | 'dir' | 'builtin';
}

/** A directory to look for runbooks in, and what kind of place it is. */
export interface RunbookDirRef {
  dir: string;
  source: RunbookEntry['source'];
}

/** What reading one file gave: its index entry, or why it did not load. */
export type IndexedFile = IndexedRunbook | { error: string };

/** The runbook files (*.yaml|*.yml, not pitstop.yaml) of a directory, sorted; none when it cannot be read. */
export function runbookFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && e.name !== 'pitstop.yaml')
      .map((e) => join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Runbooks in each dir, in order; the first id wins; files that fail are returned in `broken`.
 * `read` gives a file's entry; `undefined` from it stops the walk (the caller cannot answer
 * without loading files) and the whole index is `undefined`.
 */
export function indexRunbooks(dirs: RunbookDirRef[], read: (file: string) => IndexedFile | undefined): { runbooks: RunbookEntry[]; broken: { file: string; error: string }[] } | undefined {
  const runbooks: RunbookEntry[] = [];
  const broken: { file: string; error: string }[] = [];
  const seen = new Set<string>();
  for (const { dir, source } of dirs) {
    for (const file of runbookFiles(dir)) {
      const found = read(file);
      if (found === undefined) return undefined;
      if ('error' in found) {
        broken.push({ file, error: found.error });
        continue;
      }
      if (seen.has(found.id)) continue;
      seen.add(found.id);
      const { id, title, scenario, engine, summary } = found;
      runbooks.push({ id, title, scenario, engine, ...(summary === undefined ? {} : { summary }), file, source });
    }
  }
  return { runbooks, broken };
}
