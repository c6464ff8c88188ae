import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readCacheEntries, writeCacheEntries } from '../util/cache-file.js';

/** What `pitstop list` shows of one runbook file. */
export interface IndexedRunbook {
  id: string;
  title: string;
  scenario: string;
  engine: string;
  summary?: string;
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  runbook: IndexedRunbook;
}

const FORMAT = 1;

/**
 * The runbook index under `$PITSTOP_HOME/cache/runbooks.json`, keyed by file path, size and
 * mtime. Only runbooks that loaded are kept (a broken file is loaded, and its error shown,
 * every time). Any mismatch or damage means "not cached": the file is loaded again. A cache
 * that cannot be written is no error: it only costs speed.
 */
export class RunbookIndexCache {
  private readonly entries: Record<string, CacheEntry>;
  private changed = false;

  constructor(private readonly file: string) {
    this.entries = readCacheEntries<CacheEntry>(file, FORMAT);
  }

  /** The cached runbook for `path`, when the file's size and mtime are those it was read at. */
  get(path: string): IndexedRunbook | undefined {
    const entry = this.entries[path];
    if (!entry || !isIndexed(entry.runbook)) return undefined;
    const st = statOf(path);
    return st && st.size === entry.size && st.mtimeMs === entry.mtimeMs ? entry.runbook : undefined;
  }

  set(path: string, runbook: IndexedRunbook): void {
    const st = statOf(path);
    if (!st) return;
    this.entries[path] = { size: st.size, mtimeMs: st.mtimeMs, runbook };
    this.changed = true;
  }

  /** Written to a temporary file and renamed over the old one: a reader never sees half a cache. */
  save(): void {
    if (!this.changed) return;
    writeCacheEntries(this.file, FORMAT, this.entries);
  }
}

/** The index cache of a state home. */
export function runbookIndexCache(home: string): RunbookIndexCache {
  return new RunbookIndexCache(join(home, 'cache', 'runbooks.json'));
}

function statOf(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isIndexed(value: unknown): value is IndexedRunbook {
  const r = value as Partial<IndexedRunbook> | null;
  return !!r && typeof r.id === 'string' && typeof r.title === 'string' && typeof r.scenario === 'string' && typeof r.engine === 'string' && (r.summary === undefined || typeof r.summary === 'string');
}
