import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, lintConfigSource, lintPaths } from '../../src/runbook/lint.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pitstop-lint-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const shown = (file: string, source: string) => lintConfigSource(file, source).map((p) => `${p.line}:${p.col} ${p.message.replace(/ \(Allowed fields.*$/, '')}`);

describe('lint of a targets file', () => {
  it('reports every unknown field, each at its own key, at every depth', () => {
    const source = [
      'targets:',
      '  shop:',
      '    engine: libsql',
      '    url: file:shop.db',
      '    backup: ./b',
      '    extension: [vector]',
      '    app: { stop: [systemctl, stop, shop], restart: [x] }',
      '    data:',
      '      table: {}',
      '      tables:',
      '        orders: { newest: created_at, oldest: id }',
      '      checks:',
      '        - { id: c, query: SELECT 1 AS n, expect: { n: 1 }, expected: 1 }',
      '      archive: { table: events, column: at, older_than: 90d, keep: 1 }',
      '    restore: { port: 55432, datadir: /x }',
      '  other:',
      '    engine: postgres',
      '    url: postgresql://h/db',
      '    stanza: main',
      'extra: 1',
      '',
    ].join('\n');
    expect(shown('pitstop.yaml', source)).toEqual([
      '5:5 unknown field "backup" in targets.shop (did you mean backups?)',
      '6:5 unknown field "extension" in targets.shop (did you mean extensions?)',
      '7:43 unknown field "restart" in targets.shop.app (did you mean start?)',
      '9:7 unknown field "table" in targets.shop.data (did you mean tables?)',
      '11:39 unknown field "oldest" in targets.shop.data.tables.orders',
      '13:60 unknown field "expected" in targets.shop.data.checks[0] (did you mean expect?)',
      '14:62 unknown field "keep" in targets.shop.data.archive',
      '15:29 unknown field "datadir" in targets.shop.restore (did you mean data_dir?)',
      '19:5 unknown field "stanza" in targets.other',
      '20:1 unknown field "extra" in the file',
    ]);
  });

  it('names the fields allowed where a field is unknown', () => {
    const [problem] = lintConfigSource('pitstop.yaml', 'targets:\n  shop:\n    engine: libsql\n    url: file:x.db\n    data: { set: {} }\n');
    expect(problem!.message).toContain('Allowed fields here: tables, sets, checks, archive');
  });

  it('validates data: and params: values at their place', () => {
    const source = [
      'targets:',
      '  shop:',
      '    engine: libsql',
      '    url: file:shop.db',
      '    data:',
      '      tables: { "orders; drop": {} }',
      '      sets: { critical: [] }',
      '      archive: { table: events, column: at, older_than: 3 months }',
      '      checks:',
      '        - { id: c, query: SELECT 0 AS n, expect: { n: { equals: 0 } } }',
      '    params:',
      '      some-runbook: { table: [a, b] }',
      '',
    ].join('\n');
    const problems = shown('pitstop.yaml', source);
    expect(problems).toContainEqual(expect.stringMatching(/^6:\d+ targets\.shop\.data\.tables.*a table name like orders/));
    expect(problems).toContainEqual('7:25 targets.shop.data.sets.critical: a set names at least one table');
    expect(problems).toContainEqual('8:57 targets.shop.data.archive.older_than: a duration like 90d');
    expect(problems).toContainEqual('10:57 unknown field "equals" in targets.shop.data.checks[0].expect.n (did you mean eq?)');
    expect(problems).toContainEqual(expect.stringMatching(/^12:30 targets\.shop\.params\.some-runbook\.table: a parameter value is one string, number or true\/false/));
  });
});

describe('a targets file is recognised by its content', () => {
  const targets = 'targets:\n  shop:\n    engine: libsql\n    url: file:shop.db\n    backup: ./b\n';

  it('whatever its name, given as a file or found in a directory', () => {
    mkdirSync(join(dir, 'examples'));
    writeFileSync(join(dir, 'examples', 'shop.pitstop.yaml'), targets);
    writeFileSync(join(dir, 'staging.yml'), targets);
    const problems = lintPaths([join(dir, 'examples'), join(dir, 'staging.yml')]).map(formatProblem);
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^${join(dir, 'examples', 'shop.pitstop.yaml')}:5:5: unknown field "backup" in targets.shop`)),
      expect.stringMatching(new RegExp(`^${join(dir, 'staging.yml')}:5:5: unknown field "backup" in targets.shop`)),
    ]);
  });

  it('a runbook with a stray top-level targets: is still linted as a runbook', () => {
    writeFileSync(join(dir, 'rb.yaml'), 'id: rb\ntitle: RB\nscenario: custom\nengine: any\ntargets: {}\nsteps:\n  - id: a\n    kind: manual\n');
    expect(lintPaths([join(dir, 'rb.yaml')]).map((p) => p.message)).toEqual([expect.stringMatching(/unknown field "targets"/)]);
  });
});
