import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecRequest, Step } from '../../src/engine/types.js';
import type { OutputStream } from '../../src/executors/types.js';
import { executeRequest } from '../../src/runner/execute.js';
import { createFlagOperator } from '../../src/runner/operator.js';
import { makeLoopWorld, nodeArgv } from './loop-world.js';

const operator = createFlagOperator({ yes: false, confirm: [], set: {} }, 'tester');

/** Runs `request` for the world's only step, collecting the lines it printed. */
async function execute(stepDef: Record<string, unknown>, request: ExecRequest) {
  const world = await makeLoopWorld([stepDef]);
  const step = world.start.state.runbook.steps[0] as Step;
  const lines: Array<[string, OutputStream]> = [];
  const result = await executeRequest(step, request, world.deps(operator), {
    signal: new AbortController().signal,
    onOutput: (line, stream) => void lines.push([line, stream]),
  });
  await world.close();
  return { result, lines };
}

describe('executing one request at the edge', () => {
  it('a command runs as its argv, its lines reported by stream, its exit code kept', async () => {
    const argv = nodeArgv("console.log('hello'); console.error('careful'); process.exit(7)");
    const { result, lines } = await execute({ id: 'cmd', kind: 'command', argv }, { kind: 'command', argv });
    expect(result).toMatchObject({ kind: 'command', exitCode: 7, timedOut: false });
    expect(lines).toEqual(expect.arrayContaining([['hello', 'stdout'], ['careful', 'stderr']]));
  });

  it('a query runs on the target through its connection, values bound', async () => {
    const query = 'SELECT title FROM tickets WHERE id = ?';
    const { result } = await execute({ id: 'q', kind: 'sql', query }, { kind: 'sql', on: 'tickets', query, params: [2], readOnly: true });
    expect(result).toMatchObject({ kind: 'sql', columns: ['title'], rows: [{ title: 'vpn down' }], rowCount: 1 });
  });

  it('a query on a database the run does not have is a failed result, not a throw', async () => {
    const query = 'SELECT 1';
    const { result } = await execute({ id: 'q', kind: 'sql', query }, { kind: 'sql', on: 'nowhere', query, params: [], readOnly: true });
    expect(result).toMatchObject({ kind: 'sql', rows: [], error: expect.stringMatching(/"nowhere"/) });
  });

  it('a wait repeats its probe until the step’s expectations pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pitstop-wait-'));
    const counter = join(dir, 'count');
    writeFileSync(counter, '0');
    // Passes on the third try.
    const argv = nodeArgv("const fs = require('fs'); const n = Number(fs.readFileSync(process.argv[1], 'utf8')) + 1; fs.writeFileSync(process.argv[1], String(n)); process.exit(n >= 3 ? 0 : 1)", counter);
    const { result, lines } = await execute(
      { id: 'up', kind: 'wait', argv, interval: '10ms', timeout: '30s' },
      { kind: 'wait', probe: { kind: 'command', argv }, intervalMs: 10, timeoutMs: 30_000 },
    );
    expect(result).toMatchObject({ kind: 'command', exitCode: 0 });
    expect(readFileSync(counter, 'utf8')).toBe('3');
    expect(lines.filter(([l]) => l.startsWith('not yet'))).toHaveLength(2);
  });

  it('a wait whose probe never passes gives up at its timeout and says how often it tried', async () => {
    const argv = nodeArgv('process.exit(1)');
    const { result, lines } = await execute(
      { id: 'up', kind: 'wait', argv, interval: '10ms', timeout: '1s' },
      { kind: 'wait', probe: { kind: 'command', argv }, intervalMs: 10, timeoutMs: 300 },
    );
    expect(result).toMatchObject({ kind: 'command', exitCode: 1 });
    expect(lines.at(-1)).toEqual([expect.stringMatching(/^still failing after \d+ tries/), 'stderr']);
  });

  it('an action runs with the run’s target and logs through the step', async () => {
    const { result, lines } = await execute(
      { id: 'check', kind: 'action', action: 'libsql.integrity-check' },
      { kind: 'action', action: 'libsql.integrity-check', with: { quick: false, max_errors: 100, fail_on_problems: false } },
    );
    expect(result).toMatchObject({ kind: 'action', ok: true, outputs: { ok: true, problem_count: 0 } });
    expect(lines).toContainEqual(['tickets: ok', 'stdout']);
  });

  it('an action that throws is a failed result with its message, not a throw', async () => {
    const { result } = await execute(
      { id: 'check', kind: 'action', action: 'libsql.integrity-check' },
      { kind: 'action', action: 'libsql.integrity-check', with: { path: join(tmpdir(), 'pitstop-no-such-dir', 'missing.db') } },
    );
    expect(result).toMatchObject({ kind: 'action', ok: false, error: expect.any(String) });
  });
});
