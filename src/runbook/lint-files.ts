import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { LintProblem } from './lint-format.js';
import { readSourceFile } from './read-source.js';

function yamlFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...yamlFilesUnder(path));
    // Regular files (and symlinks, checked when read) only: a FIFO named *.yaml would hang the read.
    else if ((entry.isFile() || entry.isSymbolicLink()) && /\.ya?ml$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** The files `lint PATH...` checks, in order (every *.yaml/*.yml under a directory), or the problem of a path that is not there. */
export function filesToLint(paths: string[]): Array<{ file: string } | { problem: LintProblem }> {
  const out: Array<{ file: string } | { problem: LintProblem }> = [];
  for (const path of paths) {
    try {
      for (const file of statSync(path).isDirectory() ? yamlFilesUnder(path) : [path]) out.push({ file });
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      out.push({ problem: { file: path, line: 1, col: 1, message: missing ? 'no such file or directory' : (error as Error).message, severity: 'error' } });
    }
  }
  return out;
}

/** Reads a file to lint; a file that cannot be read (missing, not regular, too big) is a problem, not a throw. */
export function readLintSource(file: string): { source: string } | { problem: LintProblem } {
  try {
    return { source: readSourceFile(file, basename(file) === 'pitstop.yaml' ? 'config' : 'runbook') };
  } catch (error) {
    return { problem: { file, line: 1, col: 1, message: (error as Error).message, severity: 'error' } };
  }
}

/**
 * A targets file is recognised by what it holds, whatever its name: a top-level `targets:`
 * mapping and no `steps:` (a runbook with a stray `targets:` is still a runbook, and its lint
 * says so). `pitstop.yaml` is one by its name too, even while empty.
 */
export function isTargetsFile(file: string, source: string): boolean {
  if (basename(file) === 'pitstop.yaml') return true;
  return /^["']?targets["']?[ \t]*:/m.test(source) && !/^["']?steps["']?[ \t]*:/m.test(source);
}
