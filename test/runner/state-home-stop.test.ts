import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateHomeError } from '../../src/errors.js';
import { createRunController } from '../../src/runner/run-controller.js';
import { prepareNewRun } from '../../src/runner/session.js';
import { readJournalEvents } from '../helpers/cli.js';
import { makeWorld, runbookYaml } from '../ui/world.js';

const RUNBOOKS = {
  slow: runbookYaml('slow', ['  - id: forever', '    kind: command', `    argv: [${JSON.stringify(process.execPath)}, -e, "setInterval(() => console.log('tick'), 20)"]`]),
};

describe('a step log that cannot be written (TUI controller)', () => {
  it('stops the run, journals the pause, and reports that error even when the index fails after it', async () => {
    const world = await makeWorld(RUNBOOKS);
    const session = await prepareNewRun(world.args(['run', 'slow']));
    writeFileSync(join(session.runDir, 'steps'), 'a file where the step logs go');
    rmSync(join(session.home, 'runs.json'));
    mkdirSync(join(session.home, 'runs.json')); // the index cannot be updated either
    const ctl = createRunController(session, { user: 'tester' });
    const failure = await ctl.run().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StateHomeError);
    expect((failure as StateHomeError).message).toMatch(/^a file is in the way \(not a directory\) writing the step log steps\/forever\.1\.log in /);
    expect((failure as StateHomeError).hint).toContain(`pitstop resume ${session.runId}`);
    expect(readJournalEvents(session.runDir).at(-1)).toMatchObject({ type: 'run/paused', reason: 'state-home', stepId: 'forever' });
  });
});
