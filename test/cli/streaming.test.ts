import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop } from '../helpers/cli.js';

const MAXRSS = fileURLToPath(new URL('../helpers/maxrss.mjs', import.meta.url));

async function runPrinting(lines: number) {
  const sandbox = makeSandbox();
  mkdirSync(join(sandbox.cwd, 'runbooks'));
  writeFileSync(
    join(sandbox.cwd, 'runbooks', 'loud.yaml'),
    [
      'id: loud',
      'title: A command that prints a lot',
      'scenario: custom',
      'engine: libsql',
      'steps:',
      '  - id: print',
      '    kind: command',
      `    argv: [node, -e, "const n = ${lines}; let s = ''; for (let i = 1; i <= n; i++) { s += 'line ' + i + ' ' + 'x'.repeat(60) + '\\\\n'; if (s.length > 65536) { process.stdout.write(s); s = ''; } } process.stdout.write(s)"]`,
      '',
    ].join('\n'),
  );
  const rssFile = join(sandbox.cwd, 'maxrss');
  const result = await pitstop(sandbox, ['run', 'loud', '--json'], {
    nodeArgs: ['--import', MAXRSS],
    env: { PITSTOP_TEST_MAXRSS_FILE: rssFile },
  });
  return { sandbox, result, maxRssKb: Number(readFileSync(rssFile, 'utf8')) };
}

describe('a command printing 200,000 lines', () => {
  it('keeps every line in the step log and pitstop memory flat', async () => {
    // Warm-up sizes differ a lot from run to run (V8 grows its young generation under churn),
    // so flatness is judged between two loud runs: 4× the output must not cost more memory.
    const small = await runPrinting(50_000);
    const big = await runPrinting(200_000);
    const huge = await runPrinting(600_000);
    expect(big.result.exitCode).toBe(0);
    const log = readFileSync(join(onlyRunDir(big.sandbox), 'steps', 'print.1.log'), 'utf8').split('\n').filter(Boolean);
    expect(log).toHaveLength(200_000);
    expect(log[0]).toMatch(/^line 1 x+$/);
    expect(log[199_999]).toMatch(/^line 200000 x+$/);
    // 42 MB of output went through the largest run, 38 MB more than the smallest: had pitstop
    // kept it, the difference would be at least that; flat memory keeps it to V8's noise.
    console.info(`peak RSS: 50k lines ${small.maxRssKb} KB, 200k ${big.maxRssKb} KB, 600k ${huge.maxRssKb} KB`);
    expect(huge.maxRssKb - small.maxRssKb).toBeLessThan(32 * 1024);
  });
});
