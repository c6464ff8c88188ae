import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';

const SHIPPED = fileURLToPath(new URL('../../runbooks/', import.meta.url));

/** Targets a dry run can use without any server: it never connects. */
function project(runbooks: Record<string, string> = {}): Sandbox {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  for (const [name, text] of Object.entries(runbooks)) writeFileSync(join(sandbox.cwd, 'runbooks', name), text);
  writeFileSync(
    join(sandbox.cwd, 'pitstop.yaml'),
    [
      'targets:',
      '  pg:',
      '    engine: postgres',
      '    url: postgresql://app@127.0.0.1:1/shop',
      '  lite:',
      '    engine: libsql',
      `    url: file:${join(sandbox.cwd, 'shop.db')}`,
      '',
    ].join('\n'),
  );
  return sandbox;
}

const shipped = readdirSync(SHIPPED)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ id: f.replace(/\.yaml$/, ''), engine: /^engine:\s*(\S+)/m.exec(readFileSync(join(SHIPPED, f), 'utf8'))?.[1] }));

describe('--dry-run of every shipped runbook', () => {
  it('finds the shipped runbooks', () => {
    expect(shipped.length).toBeGreaterThan(5);
  });

  it.each(shipped)('$id: exit 0, and no argument rejected for holding a value known only during the run', async ({ id, engine }) => {
    const sandbox = project();
    const dry = await pitstop(sandbox, ['run', id, '--dry-run', '--target', engine === 'libsql' ? 'lite' : 'pg']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('nothing will run');
    expect(dry.stdout + dry.stderr).not.toMatch(/Invalid input|NaN/);
  });
});

const CUTOVER = `id: repoint
title: Restore, then repoint the app to the copy
scenario: server-loss
engine: postgres
params:
  incident_at: { type: timestamp, required: true }
steps:
  - id: restore
    kind: action
    action: postgres.pitr
    with: { target_time: "{{ params.incident_at }}" }
  - id: cutover
    kind: action
    action: postgres.cutover
    gate: { type: typed, phrase: "{{ target.name }}" }
    with:
      env_file: /srv/app/env
      host: "{{ steps.restore.outputs.socket_dir }}"
      port: "{{ steps.restore.outputs.port }}"
  - id: bad
    kind: action
    action: postgres.cutover
    gate: { type: typed, phrase: "{{ target.name }}" }
    with:
      env_file: /srv/app/env
      port: "{{ params.port }}"
`;

describe('--dry-run shows what is known only during the run as the template', () => {
  it('an argument from an earlier output is shown as <steps…>, not coerced and rejected', async () => {
    const sandbox = project({ 'repoint.yaml': CUTOVER.replace(/\n {2}- id: bad[\s\S]*$/, '\n') });
    const dry = await pitstop(sandbox, ['run', 'repoint', '--dry-run', '--target', 'pg', '--set', 'incident_at=2026-11-22T03:10:00+01:00']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('host <steps.restore.outputs.socket_dir> port <steps.restore.outputs.port>');
    expect(dry.stdout).not.toMatch(/Invalid input|NaN|note: postgres\.cutover/);
  });

  it('a value known now that is wrong is still reported', async () => {
    const runbook = CUTOVER.replace('incident_at: { type: timestamp, required: true }', 'incident_at: { type: timestamp, required: true }\n  port: { type: string, default: "not-a-port" }');
    const sandbox = project({ 'repoint.yaml': runbook });
    const dry = await pitstop(sandbox, ['run', 'repoint', '--dry-run', '--target', 'pg', '--set', 'incident_at=2026-11-22T03:10:00+01:00']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/3\. bad[\s\S]*note: postgres\.cutover: with\.port: /);
  });

  it('a when that names a condition is shown with what the condition stands for', async () => {
    const runbook = CUTOVER.replace(/\n {2}- id: bad[\s\S]*$/, '\n')
      .replace('steps:\n', 'conditions:\n  restored: steps.restore.outputs.port > 0\nsteps:\n')
      .replace('    action: postgres.cutover\n', '    action: postgres.cutover\n    when: restored\n');
    const sandbox = project({ 'repoint.yaml': runbook });
    const dry = await pitstop(sandbox, ['run', 'repoint', '--dry-run', '--target', 'pg', '--set', 'incident_at=2026-11-22T03:10:00+01:00']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('   when: restored\n     where restored = steps.restore.outputs.port > 0\n');
  });
});

describe('--dry-run shows a pasted time as the run will use it', () => {
  it("PostgreSQL's clock_timestamp() text is normalised to RFC 3339 with ±HH:MM and its UTC instant", async () => {
    const sandbox = project();
    const dry = await pitstop(sandbox, ['run', 'pg-accidental-deletion', '--dry-run', '--target', 'pg', '--set', 'incident_at=2026-11-28 13:21:18.17936-06', '--set', 'table=orders']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('incident_at = 2026-11-28T13:21:18.17936-06:00 (2026-11-28 19:21:18 UTC) (--set)');
  });
});
