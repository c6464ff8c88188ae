import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';

/** The recovery run a drill reports as unfinished. */
const unfinishedRun = (stdout: string) => /recovery run (\S+) did not finish/.exec(stdout)?.[1];

describe('resuming a drill\'s recovery run', () => {
  it('after its world was removed: a clear error naming the drill (exit 2); with --keep: it resumes in the kept world and finishes', async () => {
    const s = makeSandbox();
    const incident = ['--set', 'incident_at=2026-11-28T19:00:00-06:00'];
    // Headless without --yes, the recovery stops at its first manual step.
    const gone = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--plain', ...incident]);
    expect(gone.exitCode).toBe(1);
    const goneRun = unfinishedRun(gone.stdout)!;
    const refused = await pitstop(s, ['resume', goneRun, '--plain', '--yes', '--confirm', 'drill']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`run ${goneRun} is the recovery run of drill \\S+, whose world was removed when the drill ended: it cannot be resumed`));
    expect(refused.stderr).toMatch(/Drill again: pitstop drill libsql-accidental-deletion \(with --keep/);
    expect(refused.stderr).not.toMatch(/unknown target|\n\s+at /);

    const kept = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--plain', '--keep', ...incident]);
    expect(kept.exitCode).toBe(1);
    const keptRun = unfinishedRun(kept.stdout)!;
    expect(kept.stdout).toContain(`pitstop resume ${keptRun}`);
    const resumed = await pitstop(s, ['resume', keptRun, '--plain', '--yes', '--confirm', 'drill']);
    expect(resumed.stderr).not.toMatch(/pitstop: /);
    expect(resumed.exitCode).toBe(0);
  }, 180_000);
});
