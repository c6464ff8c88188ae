import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeSandbox, onlyRunDir, pitstop, readJournalEvents, spawnPitstop } from '../helpers/cli.js';
import { alive, waitFor } from '../helpers/procs.js';

/** Headless answer to an interrupted step: the operator checked it did its work (`--mark-done STEP`). */

describe('resume --mark-done', () => {
  it('finishes an interrupted non-repeatable step without running it again', async () => {
    const sandbox = makeSandbox();
    cpSync(join(FIXTURES, 'cli/runbooks'), join(sandbox.cwd, 'runbooks'), { recursive: true });
    const marks = join(sandbox.cwd, 'marks.txt');
    const marksOf = () => (existsSync(marks) ? readFileSync(marks, 'utf8').split('\n').filter(Boolean) : []);
    const child = spawnPitstop(sandbox, ['run', 'crash-during-step', '--plain', '--set', `marks=${marks}`]);
    await waitFor(() => marksOf().some((m) => m.startsWith('slow ')), 'the slow step to start');
    child.kill('SIGKILL');
    await child;
    const slowPid = Number(marksOf().find((m) => m.startsWith('slow '))!.split(' ')[1]);
    process.kill(slowPid, 'SIGKILL');
    await waitFor(() => !alive(slowPid), 'the orphaned step to die');

    const asked = await pitstop(sandbox, ['resume', '--plain']);
    expect(asked.exitCode).toBe(3);
    expect(asked.stderr).toContain('--mark-done slow-write');

    const resumed = await pitstop(sandbox, ['resume', '--plain', '--mark-done', 'slow-write']);
    expect(resumed.stderr).not.toMatch(/pitstop: /);
    expect(resumed.exitCode).toBe(0);
    expect(marksOf().map((m) => m.split(' ')[0])).toEqual(['first', 'slow', 'last']);
    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.filter((e) => e.type === 'interrupted/resolved')).toMatchObject([{ stepId: 'slow-write', choice: 'mark-done' }]);
    expect(events.at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
  });

});
