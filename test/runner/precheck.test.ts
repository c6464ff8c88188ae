import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';

/** A libSQL target whose backups directory holds no snapshot, and a runbook that opens one behind a typed gate. */
function project(): Sandbox {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  mkdirSync(join(sandbox.cwd, 'backups'));
  writeFileSync(join(sandbox.cwd, 'shop.db'), '');
  writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), ['targets:', '  shop:', '    engine: libsql', '    url: file:./shop.db', '    backups: ./backups', ''].join('\n'));
  writeFileSync(
    join(sandbox.cwd, 'runbooks', 'reopen.yaml'),
    [
      'id: reopen',
      'title: Open the newest snapshot',
      'scenario: custom',
      'engine: libsql',
      'steps:',
      '  - id: look',
      '    kind: sql',
      '    query: SELECT 1 AS n',
      '  - id: open',
      '    kind: action',
      '    action: libsql.open-snapshot',
      // Behind a when on an earlier step's outputs: not checked before step 1, only at its gate.
      '    when: steps.look.outputs.n == 1',
      '    gate: { type: typed, phrase: "{{ target.name }}" }',
      '',
    ].join('\n'),
  );
  return sandbox;
}

describe('a step whose precondition cannot hold is checked before its gate', () => {
  it('headless: the run stops at the step with the reason and how to provide it, before any approval is spent', async () => {
    const sandbox = project();
    const run = await pitstop(sandbox, ['run', 'reopen', '--target', 'shop', '--plain', '--confirm', 'shop']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/✗ \[2\/2\] open cannot run yet \(checked before its gate; nothing was approved or run\): no verified snapshot of shop in .*backups/);
    expect(run.stdout).toMatch(/→ Take one now: run the libsql-backup runbook on shop .*then come back to this run and choose Retry/);
    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.map((e) => e.type)).toEqual(['run/started', 'step/started', 'step/finished', 'step/precondition-failed', 'run/finished']);
    expect(events.some((e) => e.type === 'gate/answered')).toBe(false);

    // The report says what stopped it, and when.
    const report = await pitstop(sandbox, ['report', events[0]!.runId]);
    expect(report.stdout).toContain('open could not run yet: no verified snapshot of shop');
  });
});
