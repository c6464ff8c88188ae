import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeSandbox, onlyRunDir, pitstop, readJournalEvents, spawnPitstop, type Sandbox } from '../helpers/cli.js';
import { waitFor } from '../helpers/procs.js';

/** Crash safety (product spec §6): what finished never runs again; what was cut short asks first. */

function project(): { sandbox: Sandbox; marks: string } {
  const sandbox = makeSandbox();
  cpSync(join(FIXTURES, 'cli/runbooks'), join(sandbox.cwd, 'runbooks'), { recursive: true });
  return { sandbox, marks: join(sandbox.cwd, 'marks.txt') };
}

const marksOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);


describe('resume after a crash', () => {
  it('kill -9 during a non-repeatable step: resume reports it interrupted and reruns it only after a typed confirmation', async () => {
    const { sandbox, marks } = project();
    const child = spawnPitstop(sandbox, ['run', 'crash-during-step', '--plain', '--set', `marks=${marks}`]);
    await waitFor(() => marksOf(marks).some((m) => m.startsWith('slow ')), 'the slow step to start');
    child.kill('SIGKILL');
    await child;
    // The step's own process outlives pitstop (it leads its own process group): stop it by its pid.
    const slowPid = Number(marksOf(marks).find((m) => m.startsWith('slow '))!.split(' ')[1]);
    try {
      process.kill(slowPid, 'SIGKILL');
    } catch {
      // already gone
    }

    const refused = await pitstop(sandbox, ['resume', '--plain', '--yes']);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain('slow-write');
    expect(refused.stderr).toMatch(/interrupted/);
    expect(refused.stderr).toContain('rerun slow-write');
    expect(marksOf(marks).filter((m) => m.startsWith('slow '))).toHaveLength(1);

    const rerun = await pitstop(sandbox, ['resume', '--plain', '--confirm', 'rerun slow-write']);
    expect(rerun.stderr).not.toMatch(/pitstop: /);
    expect(rerun.exitCode).toBe(0);
    const finalMarks = marksOf(marks);
    expect(finalMarks.filter((m) => m === 'first')).toHaveLength(1);
    expect(finalMarks.filter((m) => m.startsWith('slow '))).toHaveLength(2);
    expect(finalMarks.filter((m) => m === 'last')).toHaveLength(1);
  });

  it('a crash between two steps: nothing already finished runs again', async () => {
    const { sandbox, marks } = project();
    const done = await pitstop(sandbox, ['run', 'crash-during-step', '--plain', '--set', `marks=${marks}`, '--set', 'sleep_ms=0']);
    expect(done.exitCode).toBe(0);
    // What a crash right after `first` finished leaves on disk: the journal up to that line.
    const runDir = onlyRunDir(sandbox);
    const events = readJournalEvents(runDir);
    const cut = events.findIndex((e) => e.type === 'step/finished' && e.stepId === 'first');
    writeFileSync(join(runDir, 'journal.jsonl'), events.slice(0, cut + 1).map((e) => JSON.stringify(e) + '\n').join(''));
    writeFileSync(marks, 'first\n');

    const resumed = await pitstop(sandbox, ['resume', runDir.split('/').pop()!, '--plain']);
    expect(resumed.stderr).not.toMatch(/pitstop: /);
    expect(resumed.exitCode).toBe(0);
    expect(marksOf(marks).map((m) => m.split(' ')[0])).toEqual(['first', 'slow', 'last']);
  });

  it('refuses a second process on a live run', async () => {
    const { sandbox, marks } = project();
    const child = spawnPitstop(sandbox, ['run', 'crash-during-step', '--plain', '--set', `marks=${marks}`]);
    await waitFor(() => marksOf(marks).some((m) => m.startsWith('slow ')), 'the slow step to start');
    const second = await pitstop(sandbox, ['resume', '--plain']);
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toMatch(/locked|live/);
    child.kill('SIGINT');
    const first = await child;
    expect(first.exitCode).toBe(130);
    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.at(-1)).toMatchObject({ type: 'run/paused', reason: 'sigint' });
  });
});
