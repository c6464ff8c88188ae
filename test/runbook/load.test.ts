import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, UsageError } from '../../src/errors.js';
import { discoverRunbooks, resolveRunbook } from '../../src/runbook/discover.js';
import { loadRunbookFile, loadRunbookSource } from '../../src/runbook/load.js';

const clean = fileURLToPath(new URL('../fixtures/runbooks/clean.yaml', import.meta.url));

const runbook = (id: string, title = `Runbook ${id}`) => `id: ${id}\ntitle: ${title}\nscenario: backup\nengine: libsql\nsteps:\n  - id: a\n    kind: manual\n`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pitstop-runbooks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('loadRunbookFile / loadRunbookSource', () => {
  it('returns the typed runbook, the file, its source and sha256', () => {
    const loaded = loadRunbookFile(clean);
    const source = readFileSync(clean, 'utf8');
    expect(loaded.runbook.id).toBe('clean-example');
    expect(loaded.runbook.steps.map((s) => s.kind)).toContain('wait');
    expect(loaded.file).toBe(clean);
    expect(loaded.source).toBe(source);
    expect(loaded.hash).toBe(createHash('sha256').update(source).digest('hex'));
  });

  it('throws a ConfigError at the first problem with its location and a hint', () => {
    const error = caught(() => loadRunbookSource('rb.yaml', `${runbook('x')}  - id: a\n    kind: manual\n    on_failure: { goto: nowhere }\n`));
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.message).toBe('duplicate step id "a" (first used on line 6): step ids must be unique (and 1 more problem)');
    expect(e.location).toEqual({ file: 'rb.yaml', line: 8, col: 9 });
    expect(e.hint).toMatch(/pitstop lint rb\.yaml/);
    expect(e.exitCode).toBe(2);
  });

  it('refuses a YAML syntax error at its place', () => {
    const e = caught(() => loadRunbookSource('rb.yaml', 'id: x\nsteps: [\n')) as ConfigError;
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.location?.line).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/^YAML: /);
  });

  it('a missing file is a ConfigError that says so', () => {
    const e = caught(() => loadRunbookFile(join(dir, 'nope.yaml')));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(/no such runbook file/);
  });
});

describe('discoverRunbooks', () => {
  it('finds *.yaml and *.yml in each dir; the first id wins; broken files are listed with their error', () => {
    const project = join(dir, 'project');
    const builtin = join(dir, 'builtin');
    mkdirSync(project);
    mkdirSync(builtin);
    writeFileSync(join(project, 'b.yml'), runbook('backup-now', 'Project backup'));
    writeFileSync(join(project, 'broken.yaml'), 'id: broken\nsteps: nope\n');
    writeFileSync(join(project, 'notes.txt'), 'not a runbook');
    writeFileSync(join(project, 'pitstop.yaml'), 'targets: {}\n');
    writeFileSync(join(builtin, 'a.yaml'), runbook('backup-now', 'Shipped backup'));
    writeFileSync(join(builtin, 'c.yaml'), `${runbook('verify')}summary: Check it\n`);

    const { runbooks, broken } = discoverRunbooks([
      { dir: project, source: 'project' },
      { dir: join(dir, 'missing'), source: 'dir' },
      { dir: builtin, source: 'builtin' },
    ]);
    expect(runbooks).toEqual([
      { id: 'backup-now', title: 'Project backup', scenario: 'backup', engine: 'libsql', file: join(project, 'b.yml'), source: 'project' },
      { id: 'verify', title: 'Runbook verify', scenario: 'backup', engine: 'libsql', summary: 'Check it', file: join(builtin, 'c.yaml'), source: 'builtin' },
    ]);
    expect(broken).toHaveLength(1);
    expect(broken[0]!.file).toBe(join(project, 'broken.yaml'));
    expect(broken[0]!.error).toMatch(new RegExp(`^${join(project, 'broken.yaml')}:1:1: the runbook is missing the required field title`));
  });
});

describe('resolveRunbook', () => {
  beforeEach(() => {
    writeFileSync(join(dir, 'restore.yaml'), runbook('libsql-restore'));
    writeFileSync(join(dir, 'backup.yaml'), runbook('libsql-backup'));
    writeFileSync(join(dir, 'half-done.yaml'), 'id: half-done\ntitle: x\n');
  });
  const dirs = () => [{ dir, source: 'project' as const }];

  it('finds a runbook by id, or by path', () => {
    expect(resolveRunbook('libsql-restore', dirs()).file).toBe(join(dir, 'restore.yaml'));
    expect(resolveRunbook(join(dir, 'backup.yaml'), dirs()).runbook.id).toBe('libsql-backup');
  });

  it('an unknown id is a UsageError naming near ids', () => {
    const e = caught(() => resolveRunbook('libsql-restor', dirs())) as UsageError;
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe('unknown runbook libsql-restor; did you mean libsql-restore?');
    expect(e.hint).toMatch(/libsql-backup/);
  });

  it('a broken runbook named like the id reports its own problem', () => {
    const e = caught(() => resolveRunbook('half-done', dirs())) as ConfigError;
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.location?.file).toBe(join(dir, 'half-done.yaml'));
  });

  it('an empty name is a UsageError', () => {
    expect(() => resolveRunbook('', dirs())).toThrow(UsageError);
  });

  it('picks the same runbook as discovery: the first dir wins, broken files and look-alike ids are passed over', () => {
    const second = mkdtempSync(join(tmpdir(), 'pitstop-runbooks-'));
    try {
      // In the first dir: a broken file declaring the id, and a comment that only looks like one.
      writeFileSync(join(dir, 'a-broken.yaml'), 'id: twice\ntitle: broken\nsteps: nope\n');
      writeFileSync(join(dir, 'b-comment.yaml'), `# id: twice\n${runbook('other')}`);
      writeFileSync(join(dir, 'c-quoted.yaml'), runbook('"twice"', 'from the first dir'));
      writeFileSync(join(second, 'twice.yaml'), runbook('twice', 'from the second dir'));
      const both = [...dirs(), { dir: second, source: 'dir' as const }];
      const found = resolveRunbook('twice', both);
      expect(found.runbook.title).toBe('from the first dir');
      expect(found.runbook.id).toBe(discoverRunbooks(both).runbooks.find((r) => r.id === 'twice')!.id);
      expect(found.file).toBe(discoverRunbooks(both).runbooks.find((r) => r.id === 'twice')!.file);
    } finally {
      rmSync(second, { recursive: true, force: true });
    }
  });
});
