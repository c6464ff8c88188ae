import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';

/**
 * A typed gate approves one execution (product spec §5): a retry or a `goto` revisit of a
 * destructive step asks again, and headless each execution needs its own `--confirm`.
 */

/** A command that appends `line` and fails while the file holds fewer than `okFrom` such lines. */
const appendStep = (id: string, line: string, okFrom: number, extra: string[]) => [
  `  - id: ${id}`,
  '    kind: command',
  ...extra,
  '    argv:',
  '      - node',
  '      - -e',
  `      - "const fs = require('fs'); fs.appendFileSync(process.argv[1], '${line}\\\\n'); const n = fs.readFileSync(process.argv[1], 'utf8').split('\\\\n').filter((l) => l === '${line}').length; process.exit(n >= ${okFrom} ? 0 : 1)"`,
  '      - "{{ params.marks }}"',
];

function project(steps: string[][]): { sandbox: Sandbox; marks: string } {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  const text = ['id: gated', 'title: Gated', 'scenario: custom', 'engine: libsql', 'params:', '  marks: { type: path, required: true }', 'steps:', ...steps.flat(), ''];
  writeFileSync(join(sandbox.cwd, 'runbooks', 'gated.yaml'), text.join('\n'));
  return { sandbox, marks: join(sandbox.cwd, 'marks.txt') };
}

const marksOf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const gate = '    gate: { type: typed, phrase: wipe-it }';
const run = (p: { sandbox: Sandbox; marks: string }, confirms: number) =>
  pitstop(p.sandbox, ['run', 'gated', '--plain', '--set', `marks=${p.marks}`, ...Array.from({ length: confirms }, () => ['--confirm', 'wipe-it']).flat()]);

describe('a typed gate approves one execution of a destructive step', () => {
  const retried = () => project([appendStep('wipe', 'wipe', 2, ['    destructive: true', gate, '    retries: { count: 2 }'])]);

  it('a retry asks again: one --confirm stops at the second execution (exit 3)', async () => {
    const p = retried();
    const result = await run(p, 1);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('wipe');
    expect(result.stderr).toContain('--confirm "wipe-it"');
    expect(marksOf(p.marks)).toEqual(['wipe']);
    const answers = readJournalEvents(onlyRunDir(p.sandbox)).filter((e) => e.type === 'gate/answered');
    expect(answers).toHaveLength(1);
  });

  it('two --confirm approve two executions', async () => {
    const p = retried();
    const result = await run(p, 2);
    expect(result.stderr).not.toMatch(/pitstop: /);
    expect(result.exitCode).toBe(0);
    expect(marksOf(p.marks)).toEqual(['wipe', 'wipe']);
  });

  it('a goto revisit asks again: one --confirm stops at the second visit, two pass', async () => {
    const steps = [appendStep('wipe', 'wipe', 1, ['    destructive: true', gate]), appendStep('probe', 'probe', 2, ['    on_failure: { goto: wipe }'])];
    const once = project(steps);
    const stopped = await run(once, 1);
    expect(stopped.exitCode).toBe(3);
    expect(marksOf(once.marks)).toEqual(['wipe', 'probe']);

    const twice = project(steps);
    const done = await run(twice, 2);
    expect(done.exitCode).toBe(0);
    expect(marksOf(twice.marks)).toEqual(['wipe', 'probe', 'wipe', 'probe']);
  });

  it('--help says how', async () => {
    const help = await pitstop(makeSandbox(), ['--help']);
    expect(help.stdout).toMatch(/--confirm X --confirm X approves two executions/);
    expect(help.stdout).toContain('--accept-changed-runbook');
  });

  it('one --confirm still answers the first execution of each gated step', async () => {
    const p = project([appendStep('wipe', 'wipe', 1, ['    destructive: true', gate]), appendStep('wipe-more', 'more', 1, ['    destructive: true', gate])]);
    const result = await run(p, 1);
    expect(result.exitCode).toBe(0);
    expect(marksOf(p.marks)).toEqual(['wipe', 'more']);
  });
});
