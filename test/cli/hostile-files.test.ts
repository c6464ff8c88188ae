import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, makeSandbox, type CliResult, type Sandbox } from '../helpers/cli.js';

/** Files that should not take pitstop down: an alias bomb, a huge runbook, a FIFO where a runbook is expected. */

const RUNBOOK = 'id: plain\ntitle: Plain\nscenario: custom\nengine: libsql\nsteps:\n  - id: a\n    kind: command\n    argv: [node, -e, "1"]\n';

function project(): Sandbox {
  const s = makeSandbox();
  mkdirSync(join(s.cwd, 'runbooks'));
  writeFileSync(join(s.cwd, 'runbooks', 'plain.yaml'), RUNBOOK);
  return s;
}

/** Like `pitstop()`, but a hang is killed and reported instead of blocking the suite. */
async function run(s: Sandbox, args: string[]): Promise<CliResult & { timedOut: boolean }> {
  const r = await execa(process.execPath, [CLI, ...args], { cwd: s.cwd, env: s.env, reject: false, stdin: 'ignore', timeout: 30_000 });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), timedOut: r.timedOut };
}

function expectClear(result: CliResult & { timedOut: boolean }, pattern: RegExp): void {
  expect(result.timedOut).toBe(false);
  expect(result.exitCode, result.stderr).toBe(2);
  expect(`${result.stdout}\n${result.stderr}`).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('hostile files', () => {
  it('an alias bomb in pitstop.yaml: exit 2 naming the file, in run and lint', async () => {
    const s = project();
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    writeFileSync(join(s.cwd, 'pitstop.yaml'), `${levels.join('\n')}\ntargets:\n  local:\n    engine: libsql\n    url: file:x.db\n`);
    const result = await run(s, ['run', 'plain', '--plain']);
    expectClear(result, /pitstop\.yaml:1:1: .*alias/i);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('pitstop: '))).toHaveLength(1);
    expectClear(await run(s, ['lint', 'pitstop.yaml']), /pitstop\.yaml:1:1: .*alias/i);
  });

  it('a runbook over 1 MB is refused before it is read, in run, lint and list', async () => {
    const s = project();
    const big = `${RUNBOOK.replace('id: plain', 'id: big')}${`# ${'x'.repeat(98)}\n`.repeat(15_000)}`;
    writeFileSync(join(s.cwd, 'runbooks', 'big.yaml'), big);
    const message = /big\.yaml is 1\.4 MB, over the 1 MB limit for a runbook/;
    expectClear(await run(s, ['run', 'runbooks/big.yaml', '--plain']), message);
    expectClear(await run(s, ['run', 'big', '--plain']), message);
    expectClear(await run(s, ['lint', 'runbooks']), message);
    const list = await run(s, ['list']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^plain /m);
    expect(list.stderr).toMatch(message);
  });

  it('a FIFO in a runbook directory is passed over; named explicitly it is a clear error, never a hang', async () => {
    const s = project();
    execFileSync('mkfifo', [join(s.cwd, 'runbooks', 'pipe.yaml')]);
    const lint = await run(s, ['lint', 'runbooks']);
    expect(lint.timedOut).toBe(false);
    expect(lint.exitCode, lint.stderr + lint.stdout).toBe(0);
    expect((await run(s, ['list'])).stdout).toMatch(/^plain /m);
    expect((await run(s, ['run', 'plain', '--plain'])).exitCode).toBe(0);
    const message = /pipe\.yaml is not a regular file \(a FIFO\)/;
    expectClear(await run(s, ['lint', 'runbooks/pipe.yaml']), message);
    expectClear(await run(s, ['run', 'runbooks/pipe.yaml', '--plain']), message);
  });
});
