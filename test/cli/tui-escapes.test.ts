import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, makeSandbox, onlyRunDir, readJournalEvents } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.mjs';

/**
 * The TUI in a real terminal that acts on escapes the way an operator's does: tmux with
 * `set-clipboard on` turns `ESC ] 52` into a paste buffer, and `ESC ] 0` sets the pane title.
 * A runbook, a database value, a command's output and a `--set` value all try both.
 */

let term: TmuxSession | undefined;
afterEach(() => {
  term?.close();
  term = undefined;
});

const b64 = (text: string) => Buffer.from(text).toString('base64');
const LABEL = `\u001b]0;set-title\u0007\u001b]52;c;${b64('from --set')}\u0007`;

function hostileProject() {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  const go = join(sandbox.cwd, 'go');
  const shout = [
    "const fs = require('fs');",
    `const evil = '\\x1b]52;c;${b64('from a command')}\\x07' + '\\x1b]0;cmd-title\\x07' + '\\u009d0;c1-title\\u009c';`,
    "console.log('out ' + evil);",
    "console.error('err ' + evil);",
    // Fails until the test has looked: a failed step keeps its output on screen and opens its log.
    "if (!fs.existsSync(process.argv[1])) { console.log('failing until go'); process.exit(1); }",
  ];
  const runbook = [
    'id: hostile',
    'title: "Hostile \\e]0;rb-title\\a runbook"',
    'scenario: custom',
    'engine: libsql',
    `summary: "summary \\e]52;c;${b64('from the summary')}\\a \\e]0;summary-title\\a"`,
    'params:',
    '  label: { type: string, default: plain, prompt: "label \\e]0;prompt-title\\a" }',
    'steps:',
    '  - id: shout',
    '    kind: command',
    '    title: "Print escapes \\e]0;step-title\\a"',
    `    body: "body \\e]52;c;${b64('from the body')}\\a"`,
    '    argv:',
    '      - node',
    '      - -e',
    '      - |',
    ...shout.map((l) => `        ${l}`),
    `      - ${JSON.stringify(go)}`,
    '  - id: query',
    '    kind: sql',
    '    title: A value from the database',
    `    query: SELECT char(27) || ']0;sql-title' || char(7) AS v, char(27) || ']52;c;${b64('from the database')}' || char(7) AS w`,
    '  - id: echo-label',
    '    kind: command',
    '    title: "Label {{ params.label }}"',
    '    argv: [node, -e, "console.log(process.argv[1])", "{{ params.label }}"]',
    '',
  ].join('\n');
  writeFileSync(join(sandbox.cwd, 'runbooks', 'hostile.yaml'), runbook);
  return { sandbox, go };
}

describe('the TUI in a terminal that obeys escapes', () => {
  it('never sets the pane title nor writes the clipboard, from home to the end of a run', async () => {
    const { sandbox, go } = hostileProject();
    const argv = ['sh', '-c', '"$@"; echo "exit status: $?"', 'sh', process.execPath, CLI, '--set', `label=${LABEL}`];
    const t = startTmux({ argv, cwd: sandbox.cwd, env: { ...sandbox.env, NO_COLOR: '' }, width: 120, height: 40, globalOptions: { 'set-clipboard': 'on' } });
    term = t;
    const title = t.display('#{pane_title}');
    const untouched = () => {
      expect(t.command('list-buffers')).toBe('');
      expect(t.display('#{pane_title}')).toBe(title);
    };

    // Home: the runbook's summary.
    await t.waitFor('hostile');
    await t.waitFor('summary');
    untouched();
    await t.type('/hostile');
    await t.waitFor('filter: hostile');
    t.keys('Enter');
    await t.waitFor('Enter open');
    t.keys('Enter');
    // The parameter form: the prompt, and the value given with --set.
    await t.waitFor('set-title');
    untouched();
    t.keys('Enter');
    // The run: runbook and step titles, the body, the output and error of a failed step, its full log.
    await t.waitFor('failing until go');
    await t.waitFor('Retry the step');
    untouched();
    t.keys('l');
    await t.waitFor('log · shout');
    await t.waitFor('err ');
    untouched();
    t.keys('Escape');
    await t.waitFor('Retry the step');
    writeFileSync(go, '');
    t.keys('r');
    const screen = await t.waitFor(/exit status: \d+/, 30_000);
    expect(screen).toContain('exit status: 0');
    untouched();
    // What tried is shown, as text.
    expect(screen).toContain('␛]');

    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.at(-1)).toMatchObject({ type: 'run/finished', status: 'succeeded' });
  });
});
