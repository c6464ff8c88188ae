import { join, resolve } from 'node:path';
import type { CliArgs } from '../cli-args.js';
import { packageRoot } from '../util/package-root.js';

export interface RunbookDir {
  dir: string;
  source: 'project' | 'dir' | 'builtin';
}

/** Where runbooks are looked for, first match wins: ./runbooks, each --runbooks, the shipped ones. */
export function runbookDirs(args: Pick<CliArgs, 'runbooks'>, cwd = process.cwd()): RunbookDir[] {
  const shipped = join(packageRoot(), 'runbooks');
  const dirs: RunbookDir[] = [{ dir: resolve(cwd, 'runbooks'), source: 'project' }];
  for (const dir of args.runbooks) dirs.push({ dir: resolve(cwd, dir), source: 'dir' });
  dirs.push({ dir: shipped, source: 'builtin' });
  // In pitstop's own checkout ./runbooks is the shipped directory: list it once.
  const seen = new Set<string>();
  return dirs.filter((d) => (seen.has(d.dir) ? false : (seen.add(d.dir), true)));
}
