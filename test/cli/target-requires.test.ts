import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';

/** A runbook's `requires:` is checked at preflight, through the built CLI: nothing starts without it. */
function project(targetExtra: string[]): Sandbox {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  writeFileSync(
    join(sandbox.cwd, 'runbooks', 'needs-set.yaml'),
    [
      'id: needs-set',
      'title: Needs a set',
      'scenario: backup',
      'engine: libsql',
      'requires: [data.sets.critical, data.archive]',
      'steps:',
      '  - id: touch',
      '    kind: command',
      `    argv: [${JSON.stringify(process.execPath)}, -e, "require('fs').writeFileSync('ran', '')"]`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(sandbox.cwd, 'pitstop.yaml'),
    ['targets:', '  shop:', '    engine: libsql', `    url: file:${join(sandbox.cwd, 'shop.db')}`, ...targetExtra, ''].join('\n'),
  );
  return sandbox;
}

describe('requires: at preflight', () => {
  it('a target without the keys: exit 2, every missing key named with an example, no run, no step ran', async () => {
    const sandbox = project([]);
    const run = await pitstop(sandbox, ['run', 'needs-set', '--plain', '--yes']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('`data.sets.critical`');
    expect(run.stderr).toContain('`data.archive`');
    expect(run.stderr).toContain('sets: { critical: [');
    expect(run.stderr).toContain('archive: { table:');
    expect(run.stderr).toContain('Nothing was started');
    expect(existsSync(join(sandbox.cwd, 'ran'))).toBe(false);
    expect(existsSync(join(sandbox.home, 'runs'))).toBe(false);
  });

  it('--dry-run says the run would stop at preflight', async () => {
    const sandbox = project([]);
    const dry = await pitstop(sandbox, ['run', 'needs-set', '--dry-run']);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('target shop lacks data.sets.critical');
  });

  it('a target that has them runs', async () => {
    const sandbox = project([
      '    data:',
      '      sets: { critical: [orders] }',
      '      archive: { table: events, column: created_at, older_than: 90d }',
    ]);
    const run = await pitstop(sandbox, ['run', 'needs-set', '--plain', '--yes']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(join(sandbox.cwd, 'ran'))).toBe(true);
  });
});
