import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, makeSandbox, onlyRunDir, pitstop, type Sandbox } from '../helpers/cli.js';

/**
 * Nothing a runbook, a database or a command prints may drive the operator's terminal: every
 * output meant for a person shows control sequences as visible text; the step log keeps the
 * bytes exactly as the command printed them.
 */

/** What a terminal would act on: C0 but tab and newline (CR included), DEL, C1, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** null when `text` is inert, else the first control with what surrounds it (readable in a failure). */
function firstControl(text: string): string | null {
  const m = RAW_CONTROL.exec(text);
  return m ? JSON.stringify(text.slice(Math.max(0, m.index - 30), m.index + 30)) : null;
}

const SHOUT = [
  "const evil = '\\x1b]52;c;' + Buffer.from('stolen clipboard').toString('base64') + '\\x07' +",
  "  '\\x1b]0;cmd-title\\x07' + '\\x1b[2J\\x1b[H' + '\\u009b31m' + '\\u009d0;c1-title\\u009c' + ' rm -rf /\\rls' + '\\u202e';",
  "console.log('out ' + evil);",
  "console.error('err ' + evil);",
];

/** A runbook whose title, summary, command output, SQL result and parameter all carry escapes. */
function hostileProject(): Sandbox {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  const runbook = [
    'id: hostile',
    'title: "Hostile \\e]0;rb-title\\a runbook \\x9b2J"',
    'scenario: custom',
    'engine: libsql',
    'summary: "summary \\e]52;c;c3VtbWFyeQ==\\a"',
    'params:',
    '  label: { type: string, default: plain }',
    'steps:',
    '  - id: shout',
    '    kind: command',
    '    title: "Print escapes \\e]0;step-title\\a"',
    '    body: "body \\e[2J"',
    '    argv:',
    '      - node',
    '      - -e',
    '      - |',
    ...SHOUT.map((l) => `        ${l}`),
    '  - id: query',
    '    kind: sql',
    '    title: A value from the database',
    "    query: SELECT char(27) || ']0;sql-title' || char(7) || char(155) || '31m' AS v",
    '    expect: { v: { contains: sql-title } }',
    '  - id: echo-label',
    '    kind: command',
    '    title: "Label {{ params.label }}"',
    '    argv: [node, -e, "console.log(process.argv[1])", "{{ params.label }}"]',
    '',
  ].join('\n');
  writeFileSync(join(sandbox.cwd, 'runbooks', 'hostile.yaml'), runbook);
  return sandbox;
}

const LABEL = '\u001b]0;set-title\u0007\u009b2J';

describe('terminal escapes from runbooks, databases and commands', () => {
  it('a headless run shows every control as visible text on stdout and stderr; the step log keeps the raw bytes', async () => {
    const sandbox = hostileProject();
    const run = await pitstop(sandbox, ['run', 'hostile', '--plain', '--yes', '--set', `label=${LABEL}`]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(firstControl(run.stdout)).toBeNull();
    expect(firstControl(run.stderr)).toBeNull();
    // Visible, so the operator sees something tried.
    expect(run.stdout).toContain('␛]52;c;');
    expect(run.stdout).toContain('Print escapes ␛]0;step-title␇');
    expect(run.stdout).toContain('\\u009b31m');
    expect(run.stdout).toContain('sql-title');
    expect(run.stdout).toContain('␛]0;set-title␇');
    // A lone CR cannot hide the start of a line: both halves are shown.
    expect(run.stdout).toMatch(/rm -rf \/\n.*ls/);

    const logs = filesUnder(join(onlyRunDir(sandbox), 'steps')).filter((f) => f.includes('shout'));
    const log = logs.map((f) => readFileSync(f, 'utf8')).join('');
    expect(log).toContain(`\u001b]52;c;${Buffer.from('stolen clipboard').toString('base64')}\u0007`);
    expect(log).toContain('\u009d0;c1-title\u009c rm -rf /\rls');
  });

  it('--json stays JSON that parses to the exact text, with no raw control on stdout', async () => {
    const sandbox = hostileProject();
    const run = await pitstop(sandbox, ['run', 'hostile', '--json', '--yes', '--set', `label=${LABEL}`]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(firstControl(run.stdout)).toBeNull();
    expect(firstControl(run.stderr)).toBeNull();
    const lines = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const out = lines.find((e) => e.type === 'step/line' && e.stepId === 'shout' && e.stream === 'stdout');
    expect(out.line).toContain('\u009b31m\u009d0;c1-title\u009c');
    expect(lines.find((e) => e.type === 'step/line' && e.stepId === 'echo-label').line).toBe(LABEL);
  });

  it('list, list --json and report (Markdown to stdout and to a file, JSON) show no raw control', async () => {
    const sandbox = hostileProject();
    await pitstop(sandbox, ['run', 'hostile', '--plain', '--yes', '--set', `label=${LABEL}`]);

    const list = await pitstop(sandbox, ['list']);
    expect(firstControl(list.stdout + list.stderr)).toBeNull();
    expect(list.stdout).toContain('Hostile ␛]0;rb-title␇ runbook \\u009b2J');
    // `pitstop` alone without a terminal lists the runbooks as text too.
    const home = await pitstop(sandbox, []);
    expect(home.stdout).toContain('Hostile ␛]0;rb-title␇');
    expect(firstControl(home.stdout + home.stderr)).toBeNull();
    const listJson = await pitstop(sandbox, ['list', '--json']);
    expect(firstControl(listJson.stdout)).toBeNull();
    expect(JSON.parse(listJson.stdout).find((r: { id: string }) => r.id === 'hostile').title).toBe('Hostile \u001b]0;rb-title\u0007 runbook \u009b2J');

    const runId = onlyRunDir(sandbox).split('/').pop()!;
    const md = await pitstop(sandbox, ['report', runId, '--format', 'md']);
    expect(md.exitCode, md.stderr).toBe(0);
    expect(firstControl(md.stdout)).toBeNull();
    expect(md.stdout).toContain('␛]0;rb-title␇');
    const file = join(sandbox.cwd, 'incident.md');
    expect((await pitstop(sandbox, ['report', runId, '--format', 'md', '-o', file])).exitCode).toBe(0);
    expect(firstControl(readFileSync(file, 'utf8'))).toBeNull();
    const json = await pitstop(sandbox, ['report', runId, '--format', 'json']);
    expect(firstControl(json.stdout)).toBeNull();
    expect(JSON.parse(json.stdout).title).toBe('Hostile \u001b]0;rb-title\u0007 runbook \u009b2J');
  });

  it('lint shows a hostile file name and hostile YAML in its messages as visible text', async () => {
    const sandbox = makeSandbox();
    const dir = join(sandbox.cwd, 'runbooks');
    mkdirSync(dir);
    const name = 'evil\u001b]0;file-title\u0007.yaml';
    writeFileSync(join(dir, name), ['id: evil', 'title: Evil', 'scenario: custom', 'engine: libsql', '"k\\e]0;key-title\\a\\x9b": 1', 'steps: []', ''].join('\n'));
    const lint = await pitstop(sandbox, ['lint', 'runbooks']);
    expect(lint.exitCode).toBe(2);
    expect(firstControl(lint.stdout)).toBeNull();
    expect(firstControl(lint.stderr)).toBeNull();
    expect(lint.stdout).toContain('evil␛]0;file-title␇.yaml');
    const list = await pitstop(sandbox, ['list']);
    expect(firstControl(list.stdout + list.stderr)).toBeNull();
  });

  it('errors and the dry run show hostile names and values as visible text', async () => {
    const sandbox = hostileProject();
    const unknown = await pitstop(sandbox, ['run', 'nope\u001b]0;err-title\u0007\u009b2J', '--plain']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('nope␛]0;err-title␇');
    expect(firstControl(unknown.stderr)).toBeNull();

    const dry = await pitstop(sandbox, ['run', 'hostile', '--dry-run', '--set', `label=${LABEL}`]);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(firstControl(dry.stdout)).toBeNull();
    expect(firstControl(dry.stderr)).toBeNull();
    expect(dry.stdout).toContain('Hostile ␛]0;rb-title␇ runbook');
    expect(dry.stdout).toContain('␛]0;set-title␇');
    const dryJson = await pitstop(sandbox, ['run', 'hostile', '--dry-run', '--json', '--set', `label=${LABEL}`]);
    expect(firstControl(dryJson.stdout)).toBeNull();
    expect(JSON.stringify(JSON.parse(dryJson.stdout))).toContain(JSON.stringify(LABEL).slice(1, -1));
  });
});
