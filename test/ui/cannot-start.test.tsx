import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml, until } from './world.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

/** A runbook whose first step opens the newest snapshot of an empty backups directory. */
async function emptyBackups() {
  const backups = mkdtempSync(join(tmpdir(), 'pitstop-cannot-start-'));
  const reopen = runbookYaml('reopen', [
    '  - id: open',
    '    kind: action',
    '    title: Open the newest snapshot',
    '    action: libsql.open-snapshot',
    `    with: { dir: ${JSON.stringify(backups)} }`,
    '  - id: after',
    '    kind: manual',
    '    title: Look at the copy',
  ]);
  return makeWorld({ reopen });
}

describe('a runbook whose preconditions cannot hold, in the TUI', () => {
  it('says so before step 1 and offers the runbook to run first, start anyway, or back; nothing is started', async () => {
    const world = await emptyBackups();
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'reopen' });
    const screen = await app.waitFor('this runbook cannot run yet');
    expect(screen).toMatch(/no verified snapshot of tickets/);
    expect(screen).toMatch(/❯ 1 Run libsql-backup now/);
    expect(screen).toMatch(/2 Start anyway/);
    expect(screen).toMatch(/3 Back/);
    expect(world.runIds()).toEqual([]);

    await app.press(KEY.enter);
    await app.waitFor('Backup — verified snapshot, Turso export, 7-day retention (libSQL): parameters');
    expect(world.runIds()).toEqual([]);
  });

  it('Start anyway starts the run: the step is checked again when reached, and says what it lacks', async () => {
    const world = await emptyBackups();
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'reopen' });
    await app.waitFor('this runbook cannot run yet');
    await app.press(KEY.down, KEY.enter);
    await app.waitFor('step open cannot run yet');
    await until(() => world.journal().some((e) => e.type === 'step/precondition-failed'), 'the precondition journaled');
    expect(world.journal()[0]).toMatchObject({ type: 'run/started', runbookId: 'reopen' });
  });

  it('Back (Esc) leaves a run that `pitstop run` opened without starting it', async () => {
    const world = await emptyBackups();
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'reopen' });
    await app.waitFor('this runbook cannot run yet');
    await app.press(KEY.escape);
    await until(() => app!.flow.getSnapshot().screen === 'done', 'the app to leave');
    expect(app.flow.getSnapshot()).toMatchObject({ screen: 'done', code: 3 });
    expect(world.runIds()).toEqual([]);
  });
});
