import { describe, expect, it } from 'vitest';
import { runTool } from '../../../src/actions/postgres/run-tool.js';
import { createCommandExecutor } from '../../../src/executors/command.js';
import { createRedactor } from '../../../src/util/redact.js';

const ctx = { commands: createCommandExecutor({ redactor: createRedactor([]) }), signal: new AbortController().signal };
const sh = (script: string) => ['sh', '-c', script];

async function failureOf(run: Promise<unknown>): Promise<Error & { hint?: string }> {
  const error = await run.then(() => null, (e: Error) => e);
  if (!error) throw new Error('expected the tool to fail');
  return error as Error & { hint?: string };
}

describe('runTool: one way to run a tool, one failure text', () => {
  it('says what ran, how it ended, the cause line and the last lines, with a hint', async () => {
    const error = await failureOf(runTool(ctx, sh('echo "pg_restore: error: bad header" >&2; for i in 1 2 3 4 5 6 7; do echo "context $i" >&2; done; exit 3'), 'pg_restore --list x.dump'));
    expect(error.message).toMatch(/^pg_restore --list x\.dump failed \(exit 3\): pg_restore: error: bad header \| context 2 \| .* \| context 7$/);
    expect(error.hint).toBe('See the step log for the whole output of pg_restore --list x.dump.');
  });

  it('a caller hint wins; the tool\'s stdout is used when it said nothing on stderr', async () => {
    const error = await failureOf(runTool(ctx, sh('echo only-stdout; exit 2'), 'tool', { hint: 'Do this.' }));
    expect(error.message).toBe('tool failed (exit 2): only-stdout');
    expect(error.hint).toBe('Do this.');
  });

  it('a program that cannot start, and a timeout, say so', async () => {
    const missing = await failureOf(runTool(ctx, ['/nonexistent/pitstop-tool'], 'pitstop-tool'));
    expect(missing.message).toMatch(/^pitstop-tool could not start: /);
    expect(missing.hint).toMatch(/installed/);
    const slow = await failureOf(runTool(ctx, sh('echo waiting; exec sleep 30'), 'slow tool', { timeoutMs: 200 }));
    expect(slow.message).toMatch(/^slow tool timed out/);
    expect(slow.hint).toMatch(/longer timeout/);
  });

  it('okCodes are not failures; env reaches the tool', async () => {
    const result = await runTool(ctx, sh('echo "$PITSTOP_T"; exit 3'), 'pg_ctl stop', { okCodes: [3], env: { PITSTOP_T: 'seen' } });
    expect(result.stdout.trim()).toBe('seen');
  });
});
