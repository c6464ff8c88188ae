import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, FIXTURES, makeSandbox, pitstop } from '../helpers/cli.js';
import { killAll, pidIn, waitFor } from '../helpers/procs.js';
import { procStat } from '../../src/util/proc.js';

/**
 * A killed run whose parent never reaps it stays a zombie: `kill(pid, 0)` still succeeds, but
 * the run is dead and `resume` must take its lock over (product spec §6).
 */

let leftovers: number[] = [];
afterEach(() => {
  killAll(leftovers);
  leftovers = [];
});

describe('run lock and a zombie holder', () => {
  it('resume takes over the lock of a killed run that its parent has not reaped', async () => {
    const sandbox = makeSandbox();
    cpSync(join(FIXTURES, 'cli/runbooks'), join(sandbox.cwd, 'runbooks'), { recursive: true });
    const marks = join(sandbox.cwd, 'marks.txt');
    const pidFile = join(sandbox.cwd, 'pitstop.pid');
    // The shell starts pitstop in the background, then becomes `sleep`, which never waits for it.
    const parent = execa('sh', ['-c', 'node "$0" run crash-during-step --plain --set "marks=$1" & echo $! > "$2"; exec sleep 1000', CLI, marks, pidFile], {
      cwd: sandbox.cwd,
      env: sandbox.env,
      reject: false,
      stdin: 'ignore',
    });
    leftovers.push(parent.pid!);
    await waitFor(() => pidIn(pidFile) !== null, 'the pid of pitstop');
    const pid = pidIn(pidFile)!;
    const marksOf = () => (existsSync(marks) ? readFileSync(marks, 'utf8').split('\n').filter(Boolean) : []);
    await waitFor(() => marksOf().some((m) => m.startsWith('slow ')), 'the slow step to start');
    leftovers.push(Number(marksOf().find((m) => m.startsWith('slow '))!.split(' ')[1]));

    process.kill(pid, 'SIGKILL');
    await waitFor(() => procStat(pid)?.state === 'Z', 'pitstop to be a zombie');

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--mark-done', 'slow-write']);
    expect(resumed.stderr).not.toMatch(/is live in process/);
    expect(resumed.exitCode).toBe(0);
    expect(procStat(pid)?.state).toBe('Z');
  });
});
