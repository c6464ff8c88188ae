import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeCacheFile } from '../util/cache-file.js';
import type { Runbook } from './schema.js';

const FORMAT = 1;
/** Entries kept: every runbook of a few projects across a few builds. */
const MAX_ENTRIES = 200;

/**
 * Runbooks that passed every check, under `$PITSTOP_HOME/cache/loaded/<key>.json`, keyed by a
 * hash of pitstop's build and the runbook's exact text: `pitstop run` of text it validated
 * before starts without the YAML parser, the schema and lint. One file per entry, so a run
 * reads only its own. An entry is trusted whole or not at all (its digest must match); any
 * damage means "not cached", and a cache that cannot be written is no error.
 */
export class LoadedRunbookCache {
  constructor(
    private readonly dir: string,
    private readonly build: string,
  ) {}

  /** The runbook validated before for exactly this text, by this build. */
  get(source: string): Runbook | undefined {
    try {
      const entry = JSON.parse(readFileSync(this.fileFor(source), 'utf8')) as { format?: unknown; digest?: unknown; runbook?: unknown };
      if (entry.format !== FORMAT || !isRunbookLike(entry.runbook)) return undefined;
      return entry.digest === digestOf(JSON.stringify(entry.runbook)) ? (entry.runbook as Runbook) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps `runbook` for this text, when JSON holds it exactly (a value JSON would change is never cached). */
  set(source: string, runbook: Runbook): void {
    const json = JSON.stringify(runbook);
    if (!isDeepStrictEqual(JSON.parse(json), runbook)) return;
    if (writeCacheFile(this.fileFor(source), `{"format":${FORMAT},"digest":"${digestOf(json)}","runbook":${json}}`)) this.prune();
  }

  private fileFor(source: string): string {
    return join(this.dir, `${digestOf(`${this.build}\0${source}`)}.json`);
  }

  /** The oldest entries go when there are too many (a new build makes new keys). */
  private prune(): void {
    try {
      const files = readdirSync(this.dir).filter((name) => name.endsWith('.json'));
      if (files.length <= MAX_ENTRIES) return;
      const byAge = files.map((name) => ({ path: join(this.dir, name), at: statSync(join(this.dir, name)).mtimeMs })).sort((a, b) => a.at - b.at);
      for (const { path } of byAge.slice(0, files.length - MAX_ENTRIES)) rmSync(path, { force: true });
    } catch {
      // Another pitstop pruned at the same time, or the directory went: nothing to do.
    }
  }
}

/** The validated-runbook cache of a state home, for the pitstop build `build`. */
export function loadedRunbookCache(home: string, build: string): LoadedRunbookCache {
  return new LoadedRunbookCache(join(home, 'cache', 'loaded'), build);
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isRunbookLike(value: unknown): boolean {
  const r = value as { id?: unknown; steps?: unknown } | null;
  return !!r && typeof r === 'object' && typeof r.id === 'string' && Array.isArray(r.steps);
}
