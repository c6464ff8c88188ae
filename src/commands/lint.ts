import { existsSync } from 'node:fs';
import type { CliArgs } from '../cli-args.js';
import { pitstopHome } from '../config/home.js';
import { EXIT } from '../errors.js';
import { lintCache, type LintCache } from '../runbook/lint-cache.js';
import { filesToLint, isTargetsFile, readLintSource } from '../runbook/lint-files.js';
import { formatProblem, type LintProblem } from '../runbook/lint-format.js';
import { shippedClean } from '../runbook/shipped.js';
import { buildIdentity } from '../util/build-identity.js';
import { terminalText } from '../util/terminal-text.js';

/**
 * Every problem of PATH..., in order. A file whose exact text was linted before by this build
 * takes its cached result; the checker (YAML parser, schema, rules) loads only for the others.
 * A targets file's `params:` entries are checked against the runbooks every time (uncached).
 */
async function lintWithCache(paths: string[], args: CliArgs): Promise<LintProblem[]> {
  // Read only when a file is not a shipped runbook as it was built (the build checked those: runbook/shipped-check.ts).
  let cache: LintCache | undefined;
  const results: LintProblem[][] = [];
  const misses: Array<{ at: number; file: string; source: string; key: string }> = [];
  const targetsFiles: Array<{ at: number; file: string; source: string }> = [];
  for (const target of filesToLint(paths)) {
    if ('problem' in target) {
      results.push([target.problem]);
      continue;
    }
    const read = readLintSource(target.file);
    if ('problem' in read) {
      results.push([read.problem]);
      continue;
    }
    const targets = isTargetsFile(target.file, read.source);
    if (targets) targetsFiles.push({ at: results.length, file: target.file, source: read.source });
    else if (shippedClean(read.source)) {
      results.push([]);
      continue;
    }
    cache ??= lintCache(pitstopHome(), buildIdentity());
    const key = cache.key(target.file, read.source);
    const cached = cache.get(key, target.file);
    if (cached) results.push(cached);
    else misses.push({ at: results.push([]) - 1, file: target.file, source: read.source, key });
  }
  if (cache && misses.length > 0) {
    const { lintFileSource } = await import('../runbook/lint.js');
    for (const miss of misses) {
      results[miss.at] = lintFileSource(miss.file, miss.source);
      cache.set(miss.key, results[miss.at]!);
    }
    cache.save();
  }
  if (targetsFiles.length > 0) {
    const [{ lintTargetParams }, { sortProblems }, { runbookDirs }] = await Promise.all([
      import('../runbook/lint-target-params.js'),
      import('../runbook/lint-problems.js'),
      import('../runner/runbook-dirs.js'),
    ]);
    for (const t of targetsFiles) results[t.at] = sortProblems([...results[t.at]!, ...lintTargetParams(t.file, t.source, runbookDirs(args))]);
  }
  return results.flat();
}

/** `pitstop lint [PATH...]`: every problem as FILE:LINE:COL: message; exit 2 on any error. */
export async function lintCommand(args: CliArgs): Promise<number> {
  let paths = args.positionals;
  if (paths.length === 0) {
    paths = ['runbooks', args.config ?? 'pitstop.yaml', ...args.runbooks].filter((p) => existsSync(p));
    if (paths.length === 0) {
      process.stderr.write('pitstop: nothing to lint here (no ./runbooks, no pitstop.yaml)\n  → pitstop lint PATH...\n');
      return EXIT.usage;
    }
  }
  const problems = await lintWithCache(paths, args);
  // File names and messages quote the files linted: shown as text, never as terminal control.
  for (const p of problems) process.stdout.write(`${terminalText(formatProblem(p))}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (errors > 0) {
    process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}
