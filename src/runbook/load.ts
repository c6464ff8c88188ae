import { createHash } from 'node:crypto';
import { BugError, ConfigError } from '../errors.js';
import { lintRunbook } from './lint.js';
import { readSourceFile } from './read-source.js';
import type { Runbook } from './schema.js';

/** A runbook that passed every check, with where it came from and its content hash. */
export interface LoadedRunbook {
  runbook: Runbook;
  file: string;
  source: string;
  /** sha256 hex of `source`: resume compares it to notice a runbook changed mid-run. */
  hash: string;
}

/** Parse + validate one runbook file. Throws ConfigError (from src/errors.ts) with `location` {file,line,col} at the first problem, hint included. */
export function loadRunbookFile(file: string): LoadedRunbook {
  return loadRunbookSource(file, readSourceFile(file, 'runbook'));
}

/**
 * Parse + validate runbook text. Everything `pitstop lint` calls an error refuses the
 * runbook here too, so a run never starts on a runbook that lint would reject.
 */
export function loadRunbookSource(file: string, source: string): LoadedRunbook {
  const linted = lintRunbook(file, source);
  const errors = linted.problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  if (first) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
    throw new ConfigError(`${first.message}${more}`, {
      location: { file, line: first.line, col: first.col },
      hint: `Fix the runbook; \`pitstop lint ${file}\` lists every problem with its line and column.`,
    });
  }
  // The runbook lint's schema check parsed: the text is parsed once.
  if (!linted.runbook) throw new BugError(`${file} passed every check but its schema gave no runbook`);
  return { runbook: linted.runbook, file, source, hash: createHash('sha256').update(source).digest('hex') };
}
