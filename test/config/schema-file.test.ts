import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { targetsJsonSchema } from '../../src/config/schema.js';
import { makeSandbox, pitstop } from '../helpers/cli.js';

const committed = fileURLToPath(new URL('../../schema/pitstop.schema.json', import.meta.url));

describe('schema/pitstop.schema.json', () => {
  it('is exactly what `pitstop schema targets` prints (regenerate with UPDATE_SCHEMA=1)', async () => {
    const generated = `${JSON.stringify(targetsJsonSchema(), null, 2)}\n`;
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(committed, generated);
    expect(readFileSync(committed, 'utf8')).toBe(generated);
    const printed = await pitstop(makeSandbox(), ['schema', 'targets']);
    expect(printed.exitCode, printed.stderr).toBe(0);
    // The helper drops the output's last newline, as a shell's $(…) would.
    expect(`${printed.stdout}\n`).toBe(generated);
  });

  it('describes data: and params: for editors, and refuses unknown fields', () => {
    const schema = JSON.parse(readFileSync(committed, 'utf8'));
    const target = schema.properties.targets.additionalProperties;
    expect(Object.keys(target.properties)).toEqual(expect.arrayContaining(['engine', 'url', 'app', 'data', 'params']));
    expect(Object.keys(target.properties.data.properties)).toEqual(['tables', 'sets', 'checks', 'archive']);
    expect(target.additionalProperties).toBe(false);
  });

  it('`pitstop schema` alone and `pitstop schema runbook` still print the runbook schema; anything else is a usage error', async () => {
    const sandbox = makeSandbox();
    const runbook = readFileSync(fileURLToPath(new URL('../../schema/runbook.schema.json', import.meta.url)), 'utf8');
    expect(`${(await pitstop(sandbox, ['schema'])).stdout}\n`).toBe(runbook);
    expect(`${(await pitstop(sandbox, ['schema', 'runbook'])).stdout}\n`).toBe(runbook);
    const bad = await pitstop(sandbox, ['schema', 'targest']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('pitstop schema runbook');
    expect(bad.stderr).toContain('pitstop schema targets');
  });
});
