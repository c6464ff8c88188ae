import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runsDir } from '../config/home.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { readCacheEntries, writeCacheEntries } from '../util/cache-file.js';
import { artifactsFromEvents, withVerifications } from './from-journal.js';
import type { Artifact, RunArtifacts } from './types.js';

/** Bumped when what is derived from a journal changes: the index is then rebuilt. */
const FORMAT = 1;

type Entry = RunArtifacts & { journalBytes: number };

/** The artifact index file in the state home. */
export function artifactIndexFile(home: string): string {
  return join(home, 'artifacts.json');
}

/**
 * Every artifact the state home's runs recorded, newest verification applied. The index
 * (`artifacts.json`) keeps what each journal said, keyed by run and journal size: a run is
 * read again only when its journal grew, and runs made before the index existed are
 * backfilled on first use — an upgrade never shows "never backed up". A damaged journal
 * contributes what it holds up to the damage.
 */
export function loadArtifacts(home: string): Artifact[] {
  const dir = runsDir(home);
  const file = artifactIndexFile(home);
  const cached = readCacheEntries<Entry>(file, FORMAT);
  const entries: Record<string, Entry> = {};
  let changed = false;
  const runIds = existsSync(dir) ? readdirSync(dir) : [];
  for (const runId of runIds) {
    const journal = journalPath(join(dir, runId));
    let bytes: number;
    try {
      bytes = statSync(journal).size;
    } catch {
      continue;
    }
    const seen = cached[runId];
    if (seen && seen.journalBytes === bytes) {
      entries[runId] = seen;
      continue;
    }
    changed = true;
    try {
      const { events } = readJournal(journal, { upTo: 'first-damage' });
      entries[runId] = { journalBytes: bytes, ...artifactsFromEvents(events) };
    } catch {
      // Unreadable: nothing from this run, and it is tried again next time.
    }
  }
  if (changed || Object.keys(cached).length !== Object.keys(entries).length) writeCacheEntries(file, FORMAT, entries);
  const all = Object.values(entries);
  return withVerifications(all.flatMap((e) => e.artifacts), all.flatMap((e) => e.verifications));
}
