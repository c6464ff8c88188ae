import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runsDir } from '../config/home.js';
import { readJournal } from '../journal/journal.js';
import { journalPath } from '../journal/paths.js';
import { readCacheEntries, writeCacheEntries } from '../util/cache-file.js';
import { artifactsFromEvents, withVerifications } from './from-journal.js';
import type { Artifact, RunArtifacts } from './types.js';

/** Bumped when what is derived from a journal changes: the index is then rebuilt. */
const FORMAT = 2;

/** What one run recorded, and the journal's size and time when it was read. */
type Entry = RunArtifacts & { journalBytes: number; journalMtimeMs: number };

/** The artifact index file in the state home. */
export function artifactIndexFile(home: string): string {
  return join(home, 'artifacts.json');
}

type JournalStamp = { journalBytes: number; journalMtimeMs: number };

function stampOf(journal: string): JournalStamp | null {
  try {
    const st = statSync(journal);
    return { journalBytes: st.size, journalMtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

/** A run's entry read from its journal now, or null when the journal cannot be read. */
function entryFromJournal(journal: string, stamp: JournalStamp): Entry | null {
  try {
    const { events } = readJournal(journal, { upTo: 'first-damage' });
    return { ...stamp, ...artifactsFromEvents(events) };
  } catch {
    return null;
  }
}

/**
 * Records what a run's journal says about artifacts into the index at once: called as a
 * backup or verification step finishes, so the index holds it even if the run directory is
 * deleted before anything reads the index. The file is replaced atomically; an index that
 * cannot be written costs nothing, since the journal still has it.
 */
export function recordRunArtifacts(home: string, runDir: string, runId: string): void {
  const journal = journalPath(runDir);
  const stamp = stampOf(journal);
  if (!stamp) return;
  const entry = entryFromJournal(journal, stamp);
  if (!entry) return;
  const entries = readCacheEntries<Entry>(artifactIndexFile(home), FORMAT);
  entries[runId] = entry;
  writeCacheEntries(artifactIndexFile(home), FORMAT, entries);
}

/**
 * Records an artifact no run made (the sandbox's seed snapshot) under `key`, which names no
 * run directory: the index keeps it as it keeps a run whose directory is gone. Like
 * `recordRunArtifacts`, an index that cannot be written costs nothing but the record.
 */
export function recordArtifact(home: string, key: string, artifact: Artifact): void {
  const entries = readCacheEntries<Entry>(artifactIndexFile(home), FORMAT);
  entries[key] = { journalBytes: 0, journalMtimeMs: 0, artifacts: [artifact], verifications: [] };
  writeCacheEntries(artifactIndexFile(home), FORMAT, entries);
}

/**
 * Every artifact the state home's runs recorded, newest verification applied. The index
 * (`artifacts.json`) keeps what each journal said, keyed by run, with the journal's size and
 * time: a run is read again only when its journal changed, and runs made before the index
 * existed are backfilled on first use — an upgrade never shows "never backed up". A run
 * whose directory is gone keeps what the index holds of it: the index, not the run
 * directory, is the record of the backups. A damaged journal contributes what it holds up to
 * the damage.
 */
export function loadArtifacts(home: string): Artifact[] {
  const dir = runsDir(home);
  const file = artifactIndexFile(home);
  const cached = readCacheEntries<Entry>(file, FORMAT);
  const fresh: Record<string, Entry> = {};
  const runIds = existsSync(dir) ? readdirSync(dir) : [];
  for (const runId of runIds) {
    const journal = journalPath(join(dir, runId));
    const stamp = stampOf(journal);
    if (!stamp) continue;
    const seen = cached[runId];
    if (seen && seen.journalBytes === stamp.journalBytes && seen.journalMtimeMs === stamp.journalMtimeMs) continue;
    // Unreadable: the index keeps what it had, and the journal is tried again next time.
    const entry = entryFromJournal(journal, stamp);
    if (entry) fresh[runId] = entry;
  }
  let entries = cached;
  if (Object.keys(fresh).length > 0) {
    // Read again just before writing: a run that recorded its artifact meanwhile keeps it.
    entries = { ...readCacheEntries<Entry>(file, FORMAT), ...fresh };
    writeCacheEntries(file, FORMAT, entries);
  }
  const all = Object.values(entries);
  return withVerifications(all.flatMap((e) => e.artifacts), all.flatMap((e) => e.verifications));
}
