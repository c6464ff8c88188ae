import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, as a user runs it (`npm test` builds it first). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface Sandbox {
  /** Working directory of the CLI (holds ./runbooks and pitstop.yaml when a test writes them). */
  cwd: string;
  /** $PITSTOP_HOME for this test only. */
  home: string;
  env: Record<string, string>;
}

export function makeSandbox(env: Record<string, string> = {}): Sandbox {
  const base = mkdtempSync(join(tmpdir(), 'pitstop-cli-'));
  return { cwd: base, home: join(base, 'home'), env: { PITSTOP_HOME: join(base, 'home'), NO_COLOR: '1', ...env } };
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Run `pitstop ARGS` headless (no terminal), never throwing on a non-zero exit. */
export async function pitstop(sandbox: Sandbox, args: string[], opts: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [...(opts.nodeArgs ?? []), CLI, ...args], {
    cwd: sandbox.cwd,
    env: { ...sandbox.env, ...opts.env },
    reject: false,
    stdin: 'ignore',
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Start `pitstop ARGS` and hand back the child, for tests that kill it mid-run. */
export function spawnPitstop(sandbox: Sandbox, args: string[]): ResultPromise {
  return execa(process.execPath, [CLI, ...args], { cwd: sandbox.cwd, env: sandbox.env, reject: false, stdin: 'ignore' });
}

/** Every file under a directory, recursively (to search a whole run directory). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function readJournalEvents(runDir: string): Array<Record<string, any>> {
  return readFileSync(join(runDir, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** The run directory of the only (or newest) run in a sandbox home. */
export function onlyRunDir(sandbox: Sandbox): string {
  const runs = readdirSync(join(sandbox.home, 'runs')).sort();
  if (runs.length === 0) throw new Error('no run directory');
  return join(sandbox.home, 'runs', runs[runs.length - 1]!);
}
