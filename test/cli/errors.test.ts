import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';

/** Bad input gets one clear message, the right exit code, and nothing half-done. */

function project(extra: Record<string, string> = {}): Sandbox {
  const sandbox = makeSandbox();
  cpSync(join(FIXTURES, 'cli/runbooks'), join(sandbox.cwd, 'runbooks'), { recursive: true });
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(sandbox.cwd, name), text);
  return sandbox;
}

const runsStarted = (s: Sandbox) => (existsSync(join(s.home, 'runs')) ? readdirSync(join(s.home, 'runs')).length : 0);

function expectOneClearError(result: { exitCode: number; stderr: string }, code: number, pattern: RegExp): void {
  expect(result.exitCode).toBe(code);
  const errorLines = result.stderr.split('\n').filter((l) => l.startsWith('pitstop: '));
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toMatch(pattern);
  expect(result.stderr).toContain('→'); // and a hint: what to do
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('clear errors', () => {
  it('a missing runbook', async () => {
    const s = project();
    expectOneClearError(await pitstop(s, ['run', 'no-such-runbook', '--plain']), 2, /unknown runbook no-such-runbook/);
    expect(runsStarted(s)).toBe(0);
  });

  it('an unknown target', async () => {
    const s = project({ 'pitstop.yaml': 'targets:\n  tickets:\n    engine: libsql\n    url: file:x.db\n' });
    expectOneClearError(await pitstop(s, ['run', 'crash-during-step', '--target', 'prod', '--plain', '--set', 'marks=m']), 2, /unknown target prod/);
    expect(runsStarted(s)).toBe(0);
  });

  it('a missing required parameter', async () => {
    const s = project();
    const result = await pitstop(s, ['run', 'crash-during-step', '--plain']);
    expectOneClearError(result, 2, /missing required parameter marks/);
    expect(result.stderr).toContain('--set marks=');
    expect(runsStarted(s)).toBe(0);
  });

  it('a timestamp without an offset, with the reason', async () => {
    const s = project({ 'pitstop.yaml': 'targets:\n  tickets:\n    engine: libsql\n    url: file:x.db\n  pg:\n    engine: postgres\n    url: postgresql://u@127.0.0.1:1/db\n' });
    const result = await pitstop(s, ['run', 'acceptance-mixed', '--target', 'tickets', '--plain', '--set', 'note=x', '--set', 'incident_at=2026-11-22T03:10:00']);
    expectOneClearError(result, 2, /incident_at/);
    expect(result.stderr).toMatch(/offset/);
    expect(result.stderr).toMatch(/timezone/);
    expect(runsStarted(s)).toBe(0);
  });

  it('an unreachable database fails its step clearly (exit 1, resumable)', async () => {
    const s = project({
      'pitstop.yaml': 'targets:\n  tickets:\n    engine: libsql\n    url: file:x.db\n  pg:\n    engine: postgres\n    url: postgresql://nobody@127.0.0.1:1/db\n',
    });
    writeFileSync(join(s.cwd, 'x.db'), '');
    const result = await pitstop(s, [
      'run', 'acceptance-mixed', '--target', 'tickets', '--plain',
      '--set', 'note=x', '--set', 'incident_at=2026-11-22T03:10:00Z',
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/count-(libsql|pg) failed/);
  });

  it('a missing executable is reported before anything runs', async () => {
    const s = project();
    writeFileSync(
      join(s.cwd, 'runbooks', 'needs-tool.yaml'),
      'id: needs-tool\ntitle: Needs a tool\nscenario: custom\nengine: libsql\nsteps:\n  - id: a\n    kind: command\n    argv: [node, -e, "1"]\n  - id: b\n    kind: command\n    argv: [pg_dumpx-not-installed, --version]\n',
    );
    expectOneClearError(await pitstop(s, ['run', 'needs-tool', '--plain']), 2, /missing executable: pg_dumpx-not-installed \(step b\)/);
    expect(runsStarted(s)).toBe(0);
  });

  it('a malformed runbook names the file, line and column', async () => {
    const s = project();
    writeFileSync(join(s.cwd, 'runbooks', 'broken.yaml'), 'id: broken\ntitle: Broken\nscenario: custom\nengine: libsql\nsteps:\n  - id: a\n    kind: teleport\n');
    const result = await pitstop(s, ['run', 'runbooks/broken.yaml', '--plain']);
    expectOneClearError(result, 2, /broken\.yaml:7:\d+: .*kind/);
    const lint = await pitstop(s, ['lint', 'runbooks/broken.yaml']);
    expect(lint.exitCode).toBe(2);
    expect(lint.stdout).toMatch(/broken\.yaml:7:11: /);
  });

  it('an unknown command or option', async () => {
    const s = project();
    expectOneClearError(await pitstop(s, ['frobnicate']), 2, /unknown command/);
    expectOneClearError(await pitstop(s, ['run', 'x', '--frobnicate']), 2, /frobnicate/);
  });
  it('a failed action is a failed step (exit 1) and its hint reaches the operator and the journal', async () => {
    const s = project();
    writeFileSync(
      join(s.cwd, 'runbooks', 'verify-missing.yaml'),
      'id: verify-missing\ntitle: Verify a missing backup\nscenario: custom\nengine: libsql\nsteps:\n  - id: verify\n    kind: action\n    action: backup.checksum\n    with: { path: no-such-backup.db, mode: verify }\n',
    );
    const result = await pitstop(s, ['run', 'verify-missing', '--plain']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout + result.stderr).toContain('backup file not found: no-such-backup.db');
    expect(result.stdout + result.stderr).toContain('Check the path; the backup step may have failed.');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const failed = readJournalEvents(onlyRunDir(s)).find((e) => e['type'] === 'step/finished' && e['status'] === 'failed');
    expect(JSON.stringify(failed)).toContain('Check the path; the backup step may have failed.');
  });
});
