import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml, until, type World } from './world.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

/** Resuming in the TUI a run whose runbook was edited: what changed, then the operator's choice. */

const append = (id: string, marks: string) => [`  - id: ${id}`, '    kind: command', `    argv: [node, -e, "require('fs').appendFileSync(process.argv[1], '${id}\\\\n')", "${marks}"]`];
const gate = ['  - id: go', '    kind: confirm', '    title: Go on?'];

async function stoppedRun(): Promise<{ world: World; marks: string; runId: string }> {
  const world = await makeWorld({});
  const marks = join(world.dir, 'marks.txt');
  const file = join(world.dir, 'runbooks', 'edited.yaml');
  writeFileSync(file, runbookYaml('edited', [...append('mark', marks), ...gate, ...append('last', marks)]));
  app = mountApp(world, [], { kind: 'run', runbook: 'edited' });
  await app.waitFor('[y/N]');
  await app.press(KEY.enter);
  await app.waitFor(/stopped at the gate|paused/i);
  app.unmount();
  writeFileSync(file, runbookYaml('edited', [...append('top', marks), ...append('mark', marks), ...gate, ...append('later', marks), ...append('last', marks)]));
  return { world, marks, runId: world.runIds()[0]! };
}

const marksOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

describe('resume of a run whose runbook was edited', () => {
  it.each([
    ['the version the run started with', [], ['mark', 'last'], false],
    ['the edited version', [KEY.down], ['mark', 'later', 'last'], true],
    ['the edited version, running the step added above first', [KEY.down, KEY.down], ['mark', 'top', 'later', 'last'], true],
  ] as const)('shows what changed and goes on with %s', async (_label, move, expected, accepted) => {
    const { world, marks, runId } = await stoppedRun();
    app = mountApp(world, [], { kind: 'resume', runId });
    const screen = await app.waitFor('changed since the run began');
    expect(screen).toMatch(/added: top, later/);
    expect(screen).toContain('skipped if accepted');
    expect(screen).toContain('go on with the version the run started with');
    expect(screen).toContain('go on with the edited version');
    expect(screen).toContain('and run top first');
    expect(screen).toContain('cancel');
    await app.press(...move, KEY.enter);
    await app.waitFor('[y/N]');
    await app.press('y');
    await app.waitFor('run finished');
    expect(marksOf(marks)).toEqual(expected);
    expect(world.journal(runId).some((e) => e.type === 'run/runbook-changed')).toBe(accepted);
  });

  it('a journal line without a required field ends the TUI resume with an error naming the line', async () => {
    const { world, runId } = await stoppedRun();
    const file = join(world.home, 'runs', runId, 'journal.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const index = lines.findIndex((l) => l.includes('"step/finished"'));
    const broken = JSON.parse(lines[index]!);
    delete broken.stepId;
    lines[index] = JSON.stringify(broken);
    writeFileSync(file, lines.join('\n') + '\n');
    app = mountApp(world, [], { kind: 'resume', runId });
    const done = await until(() => {
      const view = app!.flow.getSnapshot();
      return view.screen === 'done' ? view : null;
    }, 'the app to leave');
    expect(done.error).toBeInstanceOf(ConfigError);
    expect((done.error as ConfigError).location).toMatchObject({ file, line: index + 1 });
    expect((done.error as ConfigError).message).toContain('stepId');
  });

  it('cancel leaves the run as it was', async () => {
    const { world, marks, runId } = await stoppedRun();
    app = mountApp(world, [], { kind: 'resume', runId });
    await app.waitFor('changed since the run began');
    await app.press(KEY.down, KEY.down, KEY.down, KEY.enter);
    await until(() => app!.flow.getSnapshot().screen === 'done', 'the app to leave');
    expect(app.flow.getSnapshot()).toMatchObject({ screen: 'done', code: 3 });
    expect(world.journal(runId).map((e) => e.type)).not.toContain('run/resumed');
    expect(marksOf(marks)).toEqual(['mark']);
  });
});
