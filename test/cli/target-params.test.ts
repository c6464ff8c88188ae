import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.mjs';

/**
 * A parameter's value: `--set` > the target's `params:` > the runbook's default, through the
 * built CLI (run, --dry-run, the journal), and a target entry that does not fit is refused.
 */
function project(targetParams: string[]): Sandbox {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  writeFileSync(
    join(sandbox.cwd, 'runbooks', 'show-params.yaml'),
    [
      'id: show-params',
      'title: Show the parameters',
      'scenario: custom',
      'engine: libsql',
      'params:',
      '  table: { type: identifier, default: from_runbook }',
      '  days: { type: int, default: 7 }',
      'steps:',
      '  - id: write',
      '    kind: command',
      `    argv: [${JSON.stringify(process.execPath)}, -e, "require('fs').writeFileSync('out.json', JSON.stringify(process.argv.slice(1)))", "{{ params.table }}", "{{ params.days }}"]`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(sandbox.cwd, 'pitstop.yaml'),
    ['targets:', '  shop:', '    engine: libsql', `    url: file:${join(sandbox.cwd, 'shop.db')}`, ...targetParams, ''].join('\n'),
  );
  return sandbox;
}

const written = (sandbox: Sandbox) => JSON.parse(readFileSync(join(sandbox.cwd, 'out.json'), 'utf8')) as string[];

describe("the target's params: between --set and the runbook's default", () => {
  const fromTarget = ['    params:', '      show-params: { table: from_target }'];

  it("a target value beats the runbook's default; the others keep theirs; run/started journals them", async () => {
    const sandbox = project(fromTarget);
    const run = await pitstop(sandbox, ['run', 'show-params', '--plain', '--yes']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(written(sandbox)).toEqual(['from_target', '7']);
    const started = readJournalEvents(onlyRunDir(sandbox)).find((e) => e.type === 'run/started')!;
    expect(started.params).toEqual({ table: 'from_target', days: 7 });
  });

  it('--set beats the target value', async () => {
    const sandbox = project(fromTarget);
    const run = await pitstop(sandbox, ['run', 'show-params', '--plain', '--yes', '--set', 'table=from_cli']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(written(sandbox)).toEqual(['from_cli', '7']);
  });

  it('--dry-run resolves with the target value and says where each value comes from', async () => {
    const sandbox = project(fromTarget);
    const dry = await pitstop(sandbox, ['run', 'show-params', '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('parameters: table = from_target (target shop) · days = 7 (runbook default)');
    expect(dry.stdout).toMatch(/ from_target 7$/m);
    expect(dry.stdout).not.toContain('from_runbook');
    const set = await pitstop(sandbox, ['run', 'show-params', '--dry-run', '--set', 'days=3']);
    expect(set.stdout).toContain('parameters: table = from_target (target shop) · days = 3 (--set)');
  });

  it('a target value of the wrong type is refused with the target and key named, nothing started', async () => {
    const sandbox = project(['    params:', '      show-params: { days: many }']);
    for (const args of [['run', 'show-params', '--plain', '--yes'], ['run', 'show-params', '--dry-run']]) {
      const run = await pitstop(sandbox, args);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('targets.shop.params.show-params.days');
      expect(run.stderr).toContain('"many" is not a whole number');
      expect(run.stderr).toMatch(/pitstop\.yaml:6:\d+/);
    }
    expect(existsSync(join(sandbox.home, 'runs'))).toBe(false);
  });

  it('a --set value overrides a bad target value of the same parameter', async () => {
    const sandbox = project(['    params:', '      show-params: { days: many }']);
    const run = await pitstop(sandbox, ['run', 'show-params', '--plain', '--yes', '--set', 'days=3']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(written(sandbox)).toEqual(['from_runbook', '3']);
  });

  it('a target entry for a parameter the runbook does not have is refused, naming it and the runbook parameters', async () => {
    const sandbox = project(['    params:', '      show-params: { tabel: orders }']);
    const run = await pitstop(sandbox, ['run', 'show-params', '--plain', '--yes']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('targets.shop.params.show-params.tabel');
    expect(run.stderr).toContain('table, days');
    expect(existsSync(join(sandbox.home, 'runs'))).toBe(false);
  });
});

describe('pitstop lint: a target params: entry', () => {
  it('an unknown runbook is a warning, an unknown parameter and a wrong type are errors, each at its place', async () => {
    const sandbox = project([
      '    params:',
      '      show-params: { tabel: orders, days: many }',
      '      no-such-runbook: { table: orders }',
    ]);
    const lint = await pitstop(sandbox, ['lint', 'pitstop.yaml']);
    expect(lint.stdout).toContain('pitstop.yaml:6:22: targets.shop.params.show-params.tabel: runbook show-params has no parameter tabel');
    expect(lint.stdout).toContain('pitstop.yaml:6:37: targets.shop.params.show-params.days: "many" is not a whole number');
    expect(lint.stdout).toContain('pitstop.yaml:7:7: warning: targets.shop.params.no-such-runbook: no runbook no-such-runbook');
    expect(lint.exitCode).toBe(2);
  });

  it('valid entries lint clean', async () => {
    const sandbox = project(['    params:', '      show-params: { table: orders, days: 30 }']);
    const lint = await pitstop(sandbox, ['lint', 'pitstop.yaml']);
    expect(lint.stdout).toBe('');
    expect(lint.exitCode).toBe(0);
  });
});

describe("the TUI's parameter form in a real terminal", () => {
  let term: TmuxSession | undefined;
  afterEach(() => {
    term?.close();
    term = undefined;
  });

  it("shows the target's value as the default, and the run uses it", async () => {
    const sandbox = project(['    params:', '      show-params: { table: from_target }']);
    // A required parameter without a value makes `run` open the form.
    const file = join(sandbox.cwd, 'runbooks', 'show-params.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  days: { type: int, default: 7 }', '  days: { type: int, required: true }'));
    const argv = ['sh', '-c', '"$@"; echo "exit status: $?"', 'sh', process.execPath, CLI, 'run', 'show-params'];
    term = startTmux({ argv, cwd: sandbox.cwd, env: { ...sandbox.env, NO_COLOR: '' }, width: 100, height: 24 });
    const form = await term.waitFor('default from_target (target shop)');
    expect(form).toMatch(/table: from_target/);
    expect(form).not.toContain('from_runbook');
    term.keys('Enter');
    await term.type('30');
    term.keys('Enter');
    const end = await term.waitFor(/exit status: \d+/);
    expect(end).toContain('exit status: 0');
    expect(written(sandbox)).toEqual(['from_target', '30']);
  });
});
