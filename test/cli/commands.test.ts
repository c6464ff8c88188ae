import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeSandbox, pitstop } from '../helpers/cli.js';

/** The commands that draw nothing: list, lint, schema, runs, --dry-run, --version. */

describe('pitstop list', () => {
  it('finds ./runbooks, each --runbooks DIR and the shipped runbooks; the first id wins', async () => {
    const s = makeSandbox();
    cpSync(join(FIXTURES, 'cli/runbooks'), join(s.cwd, 'runbooks'), { recursive: true });
    const extra = join(s.cwd, 'more');
    mkdirSync(extra);
    writeFileSync(join(extra, 'extra.yaml'), 'id: extra-one\ntitle: Extra\nscenario: custom\nengine: any\nsteps:\n  - id: a\n    kind: manual\n');
    writeFileSync(join(extra, 'dup.yaml'), 'id: crash-during-step\ntitle: Shadowed\nscenario: custom\nengine: any\nsteps:\n  - id: a\n    kind: manual\n');
    const result = await pitstop(s, ['list', '--json', '--runbooks', 'more']);
    expect(result.exitCode).toBe(0);
    const list = JSON.parse(result.stdout) as Array<{ id: string; title: string; file: string; engine: string; scenario: string }>;
    const ids = list.map((r) => r.id);
    expect(ids).toContain('acceptance-mixed');
    expect(ids).toContain('extra-one');
    expect(ids.filter((id) => id === 'crash-during-step')).toHaveLength(1);
    expect(list.find((r) => r.id === 'crash-during-step')!.title).not.toBe('Shadowed');
    // Shipped with the package, found from any directory.
    expect(ids.some((id) => id.startsWith('libsql-'))).toBe(true);
    for (const r of list) expect(Object.keys(r)).toEqual(expect.arrayContaining(['id', 'title', 'scenario', 'engine', 'file']));
  });
});

describe('pitstop lint', () => {
  it('exits 0 on the shipped runbooks and 2 with FILE:LINE:COL on a broken one and a broken pitstop.yaml', async () => {
    const s = makeSandbox();
    expect((await pitstop(s, ['lint', join(FIXTURES, 'cli/runbooks')])).exitCode).toBe(0);
    writeFileSync(join(s.cwd, 'pitstop.yaml'), 'targets:\n  prod:\n    engine: oracle\n    url: x\n');
    const bad = await pitstop(s, ['lint', 'pitstop.yaml']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toMatch(/^pitstop\.yaml:3:13: .*engine/m);
  });
});

describe('pitstop schema', () => {
  it('prints a JSON Schema that names every step kind', async () => {
    const result = await pitstop(makeSandbox(), ['schema']);
    expect(result.exitCode).toBe(0);
    const schema = JSON.stringify(JSON.parse(result.stdout));
    for (const kind of ['manual', 'confirm', 'input', 'command', 'sql', 'check', 'wait', 'action']) expect(schema).toContain(`"${kind}"`);
  });
});

describe('pitstop run --dry-run', () => {
  it('shows each resolved command and query, the gates, and runs nothing', async () => {
    const s = makeSandbox();
    cpSync(join(FIXTURES, 'cli/runbooks'), join(s.cwd, 'runbooks'), { recursive: true });
    writeFileSync(join(s.cwd, 'pitstop.yaml'), 'targets:\n  tickets:\n    engine: libsql\n    url: file:t.db\n  pg:\n    engine: postgres\n    url: postgresql://u@127.0.0.1:1/db\n');
    const result = await pitstop(s, ['run', 'acceptance-mixed', '--target', 'tickets', '--dry-run', '--set', 'note=hello world']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('SELECT count(*) AS n FROM "tickets"');
    expect(result.stdout).toContain("'hello world'");
    expect(result.stdout).toMatch(/typed, phrase "tickets"/);
    const runs = await pitstop(s, ['runs', '--json']);
    expect(JSON.parse(runs.stdout)).toEqual([]);
  });
});

describe('pitstop runs', () => {
  it('lists runs newest first with their status', async () => {
    const s = makeSandbox();
    cpSync(join(FIXTURES, 'cli/runbooks'), join(s.cwd, 'runbooks'), { recursive: true });
    const marks = join(s.cwd, 'marks');
    expect((await pitstop(s, ['run', 'crash-during-step', '--plain', '--set', `marks=${marks}`, '--set', 'sleep_ms=0'])).exitCode).toBe(0);
    expect((await pitstop(s, ['run', 'crash-during-step', '--plain'])).exitCode).toBe(2);
    const runs = JSON.parse((await pitstop(s, ['runs', '--json'])).stdout) as Array<{ runbookId: string; status: string }>;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runbookId: 'crash-during-step', status: 'finished' });
    const table = await pitstop(s, ['runs']);
    expect(table.stdout).toContain('crash-during-step');
    expect(table.stdout).toContain('finished');
  });
});

describe('pitstop --version', () => {
  it('prints the version', async () => {
    const result = await pitstop(makeSandbox(), ['--version']);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
