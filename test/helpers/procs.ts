import { setTimeout as pollAgain } from 'node:timers/promises';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from './cli.js';

/** True while the process exists and is not a zombie (read from /proc, not `kill -0`). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

/** How often `waitFor` looks again: a poll of something observable, not a wait for time to pass. */
const POLL_MS = 20;

/** Polls until `check` holds; fails with `what` after `ms`. Tests wait on what they can observe. */
export async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pollAgain(POLL_MS);
  }
}

/** The number in a pid file, once it has been written completely. */
export function pidIn(file: string): number | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  return text.endsWith('\n') && /^\d+\n$/.test(text) ? Number(text) : null;
}

/** Every living process whose command line contains `needle` (to find what a test started). */
export function processesMatching(needle: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle) && alive(Number(name))) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Kills what a test left behind (best effort, by pid). */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The direct children of a process, from the ppid field of /proc/PID/stat. */
export function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * A project with one runbook `tree` whose steps take a `dir` param: a work directory where
 * their processes write pid files, for tests that stop a step's process tree.
 */
export function treeProject(steps: Array<Record<string, unknown>>): Sandbox & { dir: string } {
  const sandbox = makeSandbox();
  const dir = join(sandbox.cwd, 'work');
  mkdirSync(dir);
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  const runbook = { id: 'tree', title: 'A step that leaves a process tree', scenario: 'custom', engine: 'libsql', params: { dir: { type: 'path', required: true } }, steps };
  writeFileSync(join(sandbox.cwd, 'runbooks', 'tree.yaml'), JSON.stringify(runbook, null, 2));
  return { ...sandbox, dir };
}
