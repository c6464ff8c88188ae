import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI, makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';

/**
 * The build checks the shipped runbooks and writes, beside the bundle, the ones that pass
 * every check by the hash of their text: `list` and `lint` answer for an unedited shipped
 * runbook without the YAML parser, even with an empty state home. An edited copy is checked.
 */

const shipped = fileURLToPath(new URL('../../runbooks', import.meta.url));
const recorder = fileURLToPath(new URL('../helpers/record-imports.mjs', import.meta.url));
const meta = JSON.parse(readFileSync(join(CLI, '..', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };

/** Whether the run of `args` loaded the YAML parser (bundled: a chunk of dist/ holding it). */
async function loadsYamlParser(s: Sandbox, args: string[]): Promise<{ loaded: boolean; stdout: string; exitCode: number }> {
  const file = join(s.cwd, `imports-${Math.random()}.txt`);
  const result = await pitstop(s, args, { nodeArgs: ['--import', recorder], env: { PITSTOP_TEST_IMPORTS_FILE: file } });
  const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const loaded = urls.some((url) => {
    const at = url.lastIndexOf('/dist/');
    return at >= 0 && Object.keys(meta.outputs[url.slice(at + 6)]?.inputs ?? {}).some((input) => input.includes('node_modules/yaml/'));
  });
  return { loaded, stdout: result.stdout, exitCode: result.exitCode };
}

describe('the shipped runbooks, checked at build time', () => {
  it('lint of the shipped runbooks with an empty state home: clean, without the YAML parser', async () => {
    const lint = await loadsYamlParser(makeSandbox(), ['lint', shipped]);
    expect(lint.exitCode).toBe(0);
    expect(lint.stdout).toBe('');
    expect(lint.loaded).toBe(false);
  });

  it('list with only the shipped runbooks and an empty state home: all of them, without the YAML parser', async () => {
    const list = await loadsYamlParser(makeSandbox(), ['list', '--json']);
    expect(list.exitCode).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBeGreaterThan(5);
    expect(list.loaded).toBe(false);
  });

  it('an edited copy of a shipped runbook is checked as any other file (the walk above can see the parser)', async () => {
    const s = makeSandbox();
    mkdirSync(join(s.cwd, 'runbooks'));
    cpSync(join(shipped, 'libsql-backup.yaml'), join(s.cwd, 'runbooks', 'copy.yaml'));
    const same = await loadsYamlParser(s, ['lint', join(s.cwd, 'runbooks')]);
    expect(same).toMatchObject({ exitCode: 0, loaded: false });

    writeFileSync(join(s.cwd, 'runbooks', 'copy.yaml'), readFileSync(join(shipped, 'libsql-backup.yaml'), 'utf8').replace('engine: libsql', 'engine: oracle'));
    const edited = await loadsYamlParser(s, ['lint', join(s.cwd, 'runbooks')]);
    expect(edited.exitCode).toBe(2);
    expect(edited.stdout).toMatch(/copy\.yaml:\d+:\d+: .*oracle/);
    expect(edited.loaded).toBe(true);
  });
});
