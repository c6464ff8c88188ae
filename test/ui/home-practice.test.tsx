import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { createAppFlow, type DrillOptions } from '../../src/ui/app-flow.js';
import { createLauncher } from '../../src/ui/launcher.js';
import { PitstopError } from '../../src/errors.js';
import { makeWorld, until, type World } from './world.js';

/** A drill in the history, as its journal has it: started, then scored. */
function drilled(world: World, id: string, passed: boolean, rtoMs: number): void {
  const dir = join(world.home, 'drills', id);
  mkdirSync(dir, { recursive: true });
  const at = '2026-11-28T10:00:00.000Z';
  const started = { type: 'drill/started', at, drillId: id, runbookId: 'libsql-accidental-deletion', fault: 'delete', engine: 'libsql', auto: false };
  const score = { runId: 'r', validated: passed, rtoMs, rowsLost: 1, lostByTable: {}, rowsLostFromBackup: 0, rpoMs: 0, duplicates: 0, unexpectedRows: 0, writerRows: 3, writerRowsKept: 2, slowest: [], sla: {}, passed };
  const scored = { type: 'drill/scored', at, drillId: id, runbookId: 'libsql-accidental-deletion', fault: 'delete', score };
  writeFileSync(join(dir, 'drill.jsonl'), `${JSON.stringify(started)}\n${JSON.stringify(scored)}\n`);
}

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** Home with the real launcher, except that starting a drill is recorded (the drill itself is tested through the CLI in tmux). */
function mountHome(world: World) {
  const started: Array<{ runbookId: string; options: DrillOptions }> = [];
  const launcher = createLauncher(world.args([]));
  const flow = createAppFlow(
    {
      ...launcher,
      async startDrill(runbookId, options) {
        started.push({ runbookId, options });
        throw new PitstopError('recorded, not built');
      },
    },
    { kind: 'home' },
  );
  const ui = render(<App flow={flow} />);
  unmount = () => ui.unmount();
  flow.begin();
  const screen = () => stripVTControlCharacters(ui.lastFrame() ?? '');
  return {
    started,
    screen,
    waitFor: (what: string | RegExp) => until(() => (typeof what === 'string' ? screen().includes(what) : what.test(screen())) && screen(), String(what)),
    // One chunk, as a terminal delivers keys typed quickly: the screen applies them in order.
    press(...keys: string[]) {
      ui.stdin.write(keys.join(''));
    },
  };
}

describe('home: Practice', () => {
  it('lists the drillable runbooks, never drilled yet; Enter on one starts its drill, guided (a first drill)', async () => {
    const world = await makeWorld({});
    const home = mountHome(world);
    await home.waitFor('(type or / to filter)');
    // The section comes after the runbooks: the filter brings it up.
    await home.press('/', ...'practice', '\r');
    const screen = await home.waitFor('Practice: drill a runbook on a throwaway world');
    expect(screen).toMatch(/❯ libsql-accidental-deletion {2}libsql · drill {2}never drilled/);
    await home.press('\r');
    await home.waitFor('recorded, not built');
    expect(home.started).toEqual([{ runbookId: 'libsql-accidental-deletion', options: { guided: true } }]);
  });

  it('with drills in the history: the last result and RTO; a drill started now is not guided', async () => {
    const world = await makeWorld({});
    drilled(world, '20261128-100000-libsql-accidental-deletion-aaaa', true, 61_000);
    drilled(world, '20261128-110000-libsql-accidental-deletion-bbbb', false, 125_000);
    const home = mountHome(world);
    await home.waitFor('(type or / to filter)');
    await home.press('/', ...'practice', '\r');
    const screen = await home.waitFor('Practice: drill a runbook on a throwaway world');
    expect(screen).toMatch(/❯ libsql-accidental-deletion {2}libsql · drill {2}last fail · RTO 2m 05s · 2 drills/);
    await home.press('\r');
    await home.waitFor('recorded, not built');
    expect(home.started).toEqual([{ runbookId: 'libsql-accidental-deletion', options: { guided: false } }]);
  });
});
