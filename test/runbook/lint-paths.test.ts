import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, lintConfigSource, lintPaths } from '../../src/runbook/lint.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pitstop-lint-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const good = 'id: ok\ntitle: OK\nscenario: custom\nengine: any\nsteps:\n  - id: a\n    kind: manual\n';

describe('lintConfigSource', () => {
  it('a valid pitstop.yaml has no problems', () => {
    expect(lintConfigSource('pitstop.yaml', 'targets:\n  db:\n    engine: libsql\n    url: ${env:TURSO_URL}\n    auth_token: ${env:TURSO_TOKEN}\n')).toEqual([]);
  });

  it('a secret written in the file that run would refuse (shorter than 6) is an error, with the message run gives', () => {
    const problems = lintConfigSource('pitstop.yaml', 'targets:\n  db:\n    engine: postgres\n    url: postgresql://app:pw@h/db\n  t:\n    engine: libsql\n    url: libsql://h\n    auth_token: tok\n');
    expect(problems.map((p) => `${p.line}:${p.col} ${p.severity} ${p.message}`)).toEqual([
      '4:10 error the password or token in url of targets.db: a secret must be at least 6 characters long: a shorter one cannot be masked in output without mangling it',
      '8:17 error auth_token of targets.t: a secret must be at least 6 characters long: a shorter one cannot be masked in output without mangling it',
    ]);
  });

  it('schema problems and malformed ${env:} references, at their place', () => {
    const problems = lintConfigSource('pitstop.yaml', 'targets:\n  db:\n    engine: libsql\n    url: ${env:TURSO_URL}\n    auth_tokn: x\n');
    expect(problems.map((p) => `${p.line}:${p.col}`)).toEqual(['5:5']);
    expect(problems[0]!.message).toMatch(/unknown field "auth_tokn"/);
    const refs = lintConfigSource('pitstop.yaml', 'targets:\n  db:\n    engine: postgres\n    url: postgres://u:${DB_PASSWORD}@h/db\n');
    expect(refs.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['4:23 targets.db.url: "${DB_PASSWORD}" is not a reference: write ${env:DB_PASSWORD}']);
  });

  it('warns about a lower-case variable name at the reference', () => {
    const problems = lintConfigSource('pitstop.yaml', 'targets:\n  db:\n    engine: libsql\n    url: "file:${env:db_path}"\n');
    expect(problems).toEqual([
      { file: 'pitstop.yaml', line: 4, col: 16, severity: 'warning', message: '${env:db_path}: environment variable names are upper-case letters, digits and _ (write ${env:DB_PATH})' },
    ]);
    expect(formatProblem(problems[0]!)).toBe('pitstop.yaml:4:16: warning: ${env:db_path}: environment variable names are upper-case letters, digits and _ (write ${env:DB_PATH})');
  });

  it('a YAML syntax error', () => {
    expect(lintConfigSource('pitstop.yaml', 'targets: [\n').length).toBeGreaterThan(0);
  });
});

describe('lintPaths', () => {
  it('lints every *.yaml/*.yml under a directory, pitstop.yaml as config, and reports missing paths', () => {
    mkdirSync(join(dir, 'runbooks', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'runbooks', 'ok.yaml'), good);
    writeFileSync(join(dir, 'runbooks', 'nested', 'bad.yml'), good.replace('kind: manual', 'kind: manul'));
    writeFileSync(join(dir, 'runbooks', 'README.md'), '# not yaml');
    writeFileSync(join(dir, 'pitstop.yaml'), 'targets:\n  db: { engine: oracle, url: x }\n');

    const problems = lintPaths([join(dir, 'runbooks'), join(dir, 'pitstop.yaml'), join(dir, 'nope')]).map(formatProblem);
    expect(problems).toEqual([
      `${join(dir, 'runbooks', 'nested', 'bad.yml')}:7:11: unknown kind "manul" in step a: kinds are manual, confirm, input, command, sql, check, wait, action (did you mean manual?)`,
      expect.stringMatching(new RegExp(`^${join(dir, 'pitstop.yaml')}:2:17: targets.db.engine`)),
      `${join(dir, 'nope')}:1:1: no such file or directory`,
    ]);
  });
});
