import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256File, writeChecksum } from '../../src/actions/common/sha256.js';
import { KEY, mountApp, type Mounted } from './mount.js';
import { makeWorld, runbookYaml } from './world.js';

let app: Mounted | undefined;
afterEach(() => app?.unmount());

async function openEmpty(): Promise<{ world: Awaited<ReturnType<typeof makeWorld>>; backups: string }> {
  const backups = mkdtempSync(join(tmpdir(), 'pitstop-precheck-'));
  // The open step waits on an earlier step's outputs: not checked before step 1, only at its gate.
  const reopen = runbookYaml('reopen', [
    '  - id: look',
    '    kind: sql',
    '    query: SELECT 1 AS n',
    '  - id: open',
    '    when: steps.look.outputs.n == 1',
    '    kind: action',
    '    title: Open the newest snapshot',
    '    action: libsql.open-snapshot',
    `    with: { dir: ${JSON.stringify(backups)} }`,
    '    gate: { type: typed, phrase: "{{ target.name }}" }',
  ]);
  return { world: await makeWorld({ reopen }), backups };
}

describe('a precondition is checked before the gate, in the TUI', () => {
  it('offers the runbook that provides what is missing as the first choice: the run stops resumable and its form opens', async () => {
    const { world } = await openEmpty();
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'reopen' });
    const screen = await app.waitFor('cannot run yet');
    expect(screen).toMatch(/❯ 1 Run libsql-backup now \(this run waits, resumable: come back to it and choose Retry\)/);
    await app.press(KEY.enter);
    await app.waitFor('Backup — verified snapshot, Turso export, 7-day retention (libSQL): parameters');
    expect(world.journal().at(-1)).toMatchObject({ type: 'run/finished', status: 'failed', stepId: 'open' });
  });

  it('says the step cannot run yet and how to provide what it needs, instead of asking for the phrase; Retry checks again', async () => {
    const { world, backups } = await openEmpty();
    app = mountApp(world, ['--target', 'tickets'], { kind: 'run', runbook: 'reopen' });

    const screen = await app.waitFor('cannot run yet');
    expect(screen).toMatch(/✗ step open cannot run yet \(checked before its gate: nothing was approved or run\)/);
    expect(screen).toMatch(/no verified snapshot of tickets/);
    expect(screen.replace(/[│\n ]+/g, ' ')).toMatch(/Take one now: run the libsql-backup runbook on tickets/);
    expect(screen).not.toContain('To approve, type');
    expect(world.journal().some((e) => e.type === 'gate/answered')).toBe(false);

    // A verified snapshot appears (as libsql-backup would leave it): Retry now reaches the gate.
    mkdirSync(backups, { recursive: true });
    const snapshot = join(backups, 'tickets-20261128T130000Z.db');
    copyFileSync(world.db, snapshot);
    await writeChecksum(snapshot, await sha256File(snapshot));
    await app.press('r');
    await app.waitFor('To approve, type');
  });
});
