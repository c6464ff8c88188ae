import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listActions } from '../../src/actions/registry.js';
import { formatProblem, lintRunbookSource, type LintProblem } from '../../src/runbook/lint.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/runbooks/${name}`, import.meta.url));

const HEAD = `id: t
title: T
scenario: custom
engine: postgres
`;

/** Lints a runbook and returns `line:col message` for each problem, for compact assertions. */
function lint(source: string): LintProblem[] {
  return lintRunbookSource('rb.yaml', source);
}

function only(source: string): LintProblem {
  const problems = lint(source);
  expect(problems.map(formatProblem)).toHaveLength(1);
  return problems[0]!;
}

describe('lint: a clean runbook', () => {
  it('has zero problems', () => {
    const file = fixture('clean.yaml');
    expect(lintRunbookSource(file, readFileSync(file, 'utf8'))).toEqual([]);
  });
});

describe('lint: each problem at its line and column', () => {
  it('a YAML syntax error, at its own position', () => {
    const p = only(`${HEAD}steps:\n  - id: a\n    kind: manual\n    title: "never closed\n`);
    expect(p).toMatchObject({ line: 8, col: 12, severity: 'error' });
    expect(p.message).toBe('YAML: this quoted string is never closed (missing closing ")');
  });

  it('every YAML error, not only the first', () => {
    const problems = lint('a: [1, 2\nb: {c\n');
    expect(problems.map((p) => [p.line, p.col])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });

  it('an unknown kind, at the kind value, listing the kinds', () => {
    const p = only(`${HEAD}steps:\n  - id: a\n    kind: sqll\n    query: SELECT 1\n`);
    expect(p).toMatchObject({ line: 7, col: 11 });
    expect(p.message).toBe('unknown kind "sqll" in step a: kinds are manual, confirm, input, command, sql, check, wait, action (did you mean sql?)');
  });

  it('a duplicate step id, at the second one', () => {
    const p = only(`${HEAD}steps:\n  - id: a\n    kind: manual\n  - id: b\n    kind: manual\n  - id: a\n    kind: confirm\n`);
    expect(p).toMatchObject({ line: 10, col: 9 });
    expect(p.message).toBe('duplicate step id "a" (first used on line 6): step ids must be unique');
  });

  it('a goto to an unknown step, at the goto target', () => {
    const p = only(`${HEAD}steps:\n  - id: check-copy\n    kind: manual\n    on_failure: { goto: chek-copy }\n`);
    expect(p).toMatchObject({ line: 8, col: 25 });
    expect(p.message).toMatch(/goto "chek-copy": no step has that id \(did you mean check-copy\?\)/);
  });

  it('an undefined template reference, at the reference inside the string', () => {
    const p = only(`${HEAD}params:\n  table: { type: identifier }\nsteps:\n  - id: a\n    kind: command\n    argv: [echo, "rows in {{ params.tabel }}"]\n`);
    expect(p).toMatchObject({ line: 10, col: 27 });
    expect(p.message).toMatch(/^params\.tabel is not defined.*did you mean table\?/);
  });

  it('an undefined reference inside a block scalar, at its line and column', () => {
    const source = `${HEAD}steps:\n  - id: a\n    kind: command\n    argv:\n      - sh\n      - |\n        first line\n          indented {{ steps.nope.outputs.x }}\n`;
    const p = only(source);
    expect(p).toMatchObject({ line: 12, col: 20 });
    expect(p.message).toMatch(/steps\.nope is not defined/);
  });

  it('a reference to a later step, and to the step itself', () => {
    const problems = lint(`${HEAD}steps:\n  - id: a\n    kind: command\n    argv: [echo, "{{ steps.b.outputs.x }}", "{{ steps.a.outputs.y }}"]\n  - id: b\n    kind: manual\n`);
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message.split(':')[0]}`)).toEqual([
      '8:19 steps.b comes later in the runbook',
      '8:46 steps.a is this step itself',
    ]);
  });

  it('a param asked by a later input step has no value yet', () => {
    const p = only(`${HEAD}steps:\n  - id: a\n    kind: command\n    argv: [echo, "{{ params.ticket }}"]\n  - id: ask\n    kind: input\n    params:\n      ticket: { type: string }\n`);
    expect(p).toMatchObject({ line: 8, col: 19 });
    expect(p.message).toBe('params.ticket is asked by input step ask, which comes later: it has no value yet here');
  });

  it('target fields come from the target format; run has id and started_at', () => {
    const problems = lint(`${HEAD}steps:\n  - id: a\n    kind: command\n    argv: [echo, "{{ target.nme }}", "{{ target.restore.port }}", "{{ target.app.halt }}", "{{ run.ended }}", "{{ env.X }}"]\n`);
    expect(problems.map((p) => `${p.col} ${p.message.split(':')[0]}`)).toEqual([
      '19 target.nme is not a target field',
      '68 target.app.halt is not defined',
      '93 run.ended is not defined',
      '112 env.X is not a reference',
    ]);
  });

  it('a value template inside SQL text, at the template, pointing to bound parameters', () => {
    const p = only(`${HEAD}params:\n  at: { type: timestamp }\nsteps:\n  - id: a\n    kind: sql\n    query: "SELECT * FROM t WHERE at < '{{ params.at }}'"\n`);
    expect(p).toMatchObject({ line: 10, col: 41 });
    expect(p.message).toMatch(/only \{\{ ident … \}\} is allowed there\. Pass the value as a bound parameter/);
  });

  it('a value template in a multi-line SQL query (block scalar)', () => {
    const p = only(`${HEAD}params:\n  t: { type: identifier }\nsteps:\n  - id: a\n    kind: check\n    query: |\n      SELECT 1\n      FROM {{ ident params.t }}\n      WHERE x = {{ params.t }}\n`);
    expect(p).toMatchObject({ line: 13, col: 17 });
  });

  it('a destructive step without a typed gate, at destructive (or at the weak gate)', () => {
    const problems = lint(
      `${HEAD}steps:\n  - id: a\n    kind: sql\n    read_only: false\n    destructive: true\n    query: DELETE FROM t\n  - id: b\n    kind: sql\n    destructive: true\n    gate: { type: confirm }\n    query: DELETE FROM u\n`,
    );
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '9:5 destructive step needs a typed gate (gate: { type: typed, phrase: ... })',
      '14:11 destructive step needs a typed gate (gate: { type: typed, phrase: ... })',
    ]);
  });

  it('a timestamp default without an offset, at the default', () => {
    const p = only(`${HEAD}params:\n  since: { type: timestamp, default: "2026-11-22T14:30:00" }\nsteps:\n  - id: a\n    kind: manual\n`);
    expect(p).toMatchObject({ line: 6, col: 38 });
    expect(p.message).toMatch(/default of since is not a valid timestamp: .*has no UTC offset.*silent data loss/);
  });

  it('a skip_reason on a step without when is a warning: it would never be shown', () => {
    const p = only(`${HEAD}steps:\n  - id: a\n    kind: manual\n    skip_reason: not needed today\n`);
    expect(p).toMatchObject({ line: 8, col: 5, severity: 'warning' });
    expect(p.message).toBe('skip_reason on step a is never shown: the step has no when (add the condition it explains, or remove it)');
  });

  it('a secret with a default written in the file is a warning', () => {
    const p = only(`${HEAD}params:\n  token: { type: secret, default: hunter2 }\nsteps:\n  - id: a\n    kind: manual\n`);
    expect(p).toMatchObject({ line: 6, col: 35, severity: 'warning' });
    expect(p.message).not.toContain('hunter2');
  });

  it('a secret default that run would refuse (empty, shorter than 6) is an error, as at run start', () => {
    for (const value of ['""', 'abc12']) {
      const problems = lint(`${HEAD}params:\n  token: { type: secret, default: ${value} }\nsteps:\n  - id: a\n    kind: manual\n`);
      const error = problems.find((p) => p.severity === 'error');
      expect(error?.message).toMatch(/^default of token is not a valid secret: a secret (cannot be empty|must be at least 6 characters long: a shorter one cannot be masked in output without mangling it)$/);
      expect(error?.message).not.toContain('abc12');
    }
  });

  it('a bad default inside an input step', () => {
    const p = only(`${HEAD}steps:\n  - id: a\n    kind: input\n    params:\n      n: { type: int, default: "12abc" }\n`);
    expect(p).toMatchObject({ line: 9, col: 32 });
  });

  it('a when with a syntax error or an undefined reference, inside the condition', () => {
    const problems = lint(`${HEAD}params:\n  mode: { type: string }\nsteps:\n  - id: a\n    kind: manual\n    when: params.mode = 'x'\n  - id: b\n    kind: manual\n    when: "params.mode == 'x' and params.mood"\n`);
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message.slice(0, 30)}`)).toEqual([
      "10:23 when: use == to compare",
      '13:35 when: params.mood is not defin',
    ]);
  });

  it('check and wait need exactly one of argv or query', () => {
    const problems = lint(`${HEAD}steps:\n  - id: a\n    kind: check\n    argv: [pg_isready]\n    query: SELECT 1\n  - id: b\n    kind: wait\n    timeout: 5s\n`);
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '9:5 a check step runs argv (a command) or query (SQL), not both: remove one',
      '10:5 a wait step needs argv (a command) or query (SQL) to test',
    ]);
  });

  it('an input step may not shadow a runbook parameter', () => {
    const p = only(`${HEAD}params:\n  table: { type: identifier }\nsteps:\n  - id: a\n    kind: input\n    params:\n      table: { type: string }\n`);
    expect(p).toMatchObject({ line: 11, col: 7 });
    expect(p.message).toMatch(/already a runbook parameter/);
  });

  it('an unknown action, an action for another engine, and invalid with:', () => {
    const problems = lint(`${HEAD}steps:\n  - id: a\n    kind: action\n    action: app.stopp\n  - id: b\n    kind: action\n    action: app.stop\n    with: { force: true }\n`);
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message.slice(0, 40)}`)).toEqual([
      '8:13 unknown action "app.stopp": actions for ',
      '12:13 unknown field "force" in with',
    ]);
    expect(problems[0]!.message).toMatch(/did you mean app\.stop\?/);
  });

  it('an unquoted template reads as a mapping: the message says to quote it', () => {
    const p = only(`${HEAD}steps:\n  - id: a\n    kind: confirm\n    gate: { type: typed, phrase: {{ target.name }} }\n`);
    expect(p).toMatchObject({ line: 8, col: 34 });
    expect(p.message).toMatch(/put the template in quotes/);
  });

  it('schema problems name the place and what is allowed', () => {
    const problems = lint(`id: T!\ntitle: T\nscenario: outage\nengine: postgres\nsteps:\n  - id: a\n    kind: manual\n    tittle: x\n  - kind: manual\n`);
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '1:5 id: ids are lower-case letters, digits, "-" and "_", starting with a letter or digit',
      '3:11 scenario: "outage" is not allowed; use one of corruption, server-loss, accidental-deletion, not-responding, backup, verification, maintenance, custom',
      '8:5 unknown field "tittle" in step a: allowed fields are id, title, body, when, skip_reason, gate, destructive, reason, timeout, retries, on_failure, repeatable, kind (did you mean title?)',
      '9:5 step 2 is missing the required field id',
    ]);
  });

  it('the broken fixture reports one problem per mistake, in reading order', () => {
    const file = fixture('broken.yaml');
    const problems = lintRunbookSource(file, readFileSync(file, 'utf8'));
    expect(problems.map((p) => `${p.line}:${p.col}`)).toEqual(['6:38', '10:11', '14:73', '15:25', '16:9', '18:57', '22:5', '26:59']);
    expect(formatProblem(problems[0]!)).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:38: default of since`));
  });
});

describe('lint never throws', () => {
  const junk = ['', '   \n', '- a\n- b\n', 'just a string', '\u0000\u0001\u00ff\ud800 binary\u0007', 'a: *nope', '--- a\n--- b\n', '{{ x }}', 'steps: {a: 1}', 'id: x\nsteps: [1, [2], null, {kind: 3}]\n', 'a: &a [*a, *a]\n', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0x3a]).toString('utf8')];
  it.each(junk)('%j → problems, not an exception', (source) => {
    const problems = lint(source);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
    }
  });

  it('survives random bytes', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const alphabet = ':-{}[]"\'|>&*!#%@`,? \n\t\\abcdefgh{{}}';
    for (let i = 0; i < 300; i += 1) {
      const text = Array.from({ length: next() % 120 }, () => alphabet[next() % alphabet.length]).join('');
      expect(() => lint(HEAD + text)).not.toThrow();
    }
  });
});

describe('lint: actions from the registry', () => {
  const destructive = listActions().find((a) => a.destructive);
  it.runIf(destructive)('an action that writes to the target needs a typed gate even without destructive: true', () => {
    const engine = destructive!.engine === 'any' ? 'postgres' : destructive!.engine;
    const source = `id: t\ntitle: T\nscenario: custom\nengine: ${engine}\nsteps:\n  - id: a\n    kind: action\n    action: ${destructive!.name}\n    with: { x: "{{ run.id }}" }\n`;
    const problems = lint(source).filter((p) => p.message.startsWith('destructive'));
    expect(problems.map((p) => `${p.line}:${p.col}`)).toEqual(['8:13']);
  });

  const specific = listActions().find((a) => a.engine !== 'any');
  it.runIf(specific)('an action for another engine is refused at the action name', () => {
    const other = specific!.engine === 'postgres' ? 'libsql' : 'postgres';
    const p = lint(`id: t\ntitle: T\nscenario: custom\nengine: ${other}\nsteps:\n  - id: a\n    kind: action\n    action: ${specific!.name}\n`)[0]!;
    expect(p).toMatchObject({ line: 8, col: 13 });
    expect(p.message).toBe(`action ${specific!.name} works on ${specific!.engine} targets, and this runbook's engine is ${other}`);
  });

  it('an unknown with: field is refused even when its value is a template', () => {
    const problems = lint(`${HEAD}steps:\n  - id: a\n    kind: action\n    action: app.stop\n    with: { force: "{{ run.id }}" }\n`);
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual(['9:13 unknown field "force" in with']);
  });
});

describe('lint: placeholders against params (warnings)', () => {
  const pg = (query: string, params = '') => lint(`${HEAD}steps:\n  - id: a\n    kind: sql\n    query: "${query}"\n${params}`);
  const lite = (query: string, params = '') => lint(`${HEAD.replace('postgres', 'libsql')}steps:\n  - id: a\n    kind: sql\n    query: "${query}"\n${params}`);

  it('PostgreSQL: a $N without a value, at the placeholder', () => {
    const problems = pg('SELECT * FROM t WHERE a = $1 AND b = $2', '    params: [x]\n');
    expect(problems.map((p) => `${p.line}:${p.col} ${p.severity} ${p.message}`)).toEqual(['8:50 warning $2 has no value: params: has 1 value']);
  });

  it('PostgreSQL: $ inside strings, comments, dollar quotes and names is not a placeholder; ? is an operator', () => {
    expect(pg("SELECT '$1' AS s, t$1 FROM x WHERE j ? 'k' -- $2", '')).toEqual([]);
    expect(pg('SELECT $$ $1 $$', '')).toEqual([]);
  });

  it('libSQL: counts ? against params, and refuses $1', () => {
    expect(lite('SELECT * FROM t WHERE a = ? AND b = ?', '    params: [x, y]\n')).toEqual([]);
    expect(lite("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?", '    params: [x]\n').map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '8:61 the query has 2 ? placeholders and params: has 1 value',
    ]);
    expect(lite('SELECT * FROM t WHERE a = $1', '    params: [x]\n').map((p) => `${p.line}:${p.col}`)).toEqual(['8:39']);
  });
});
