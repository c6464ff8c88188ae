import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readCacheEntries, writeCacheEntries } from '../util/cache-file.js';
import type { LintProblem } from './lint-format.js';

type CachedProblem = Omit<LintProblem, 'file'>;

const FORMAT = 1;
/** Entries kept: enough for every runbook of a few projects, small enough to read at once. */
const MAX_ENTRIES = 500;

/**
 * Lint results under `$PITSTOP_HOME/cache/lint.json`, keyed by a hash of pitstop's build, the
 * file's name and its exact text: a result is reused only for the very text it was found for,
 * by the very pitstop that found it. Damage or a mismatch means "not cached"; a cache that
 * cannot be written is no error.
 */
export class LintCache {
  private readonly entries: Record<string, CachedProblem[]>;
  private changed = false;

  constructor(
    private readonly file: string,
    private readonly build: string,
  ) {
    this.entries = readCacheEntries<CachedProblem[]>(file, FORMAT);
  }

  key(file: string, source: string): string {
    return createHash('sha256').update(`${this.build}\0${file}\0${source}`).digest('hex');
  }

  /** The problems found before for exactly this text, named after `file`. */
  get(key: string, file: string): LintProblem[] | undefined {
    const found = this.entries[key];
    if (!Array.isArray(found) || !found.every(isCachedProblem)) return undefined;
    return found.map((p) => ({ file, line: p.line, col: p.col, message: p.message, severity: p.severity }));
  }

  set(key: string, problems: LintProblem[]): void {
    this.entries[key] = problems.map(({ line, col, message, severity }) => ({ line, col, message, severity }));
    this.changed = true;
  }

  /** Written to a temporary file and renamed over the old one; the oldest entries go first when full. */
  save(): void {
    if (!this.changed) return;
    const keys = Object.keys(this.entries);
    const kept = Object.fromEntries(keys.slice(Math.max(0, keys.length - MAX_ENTRIES)).map((k) => [k, this.entries[k]]));
    writeCacheEntries(this.file, FORMAT, kept);
  }
}

/** The lint cache of a state home, for the pitstop build `build` (its version and the identity of its code). */
export function lintCache(home: string, build: string): LintCache {
  return new LintCache(join(home, 'cache', 'lint.json'), build);
}

function isCachedProblem(value: unknown): value is CachedProblem {
  const p = value as Partial<CachedProblem> | null;
  return !!p && Number.isInteger(p.line) && Number.isInteger(p.col) && typeof p.message === 'string' && (p.severity === 'error' || p.severity === 'warning');
}
