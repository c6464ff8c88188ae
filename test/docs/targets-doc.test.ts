import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';

/** docs/targets.md shows working files: every YAML block that is a whole targets file lints clean. */
const DOC = fileURLToPath(new URL('../../docs/targets.md', import.meta.url));
const README = fileURLToPath(new URL('../../README.md', import.meta.url));

function yamlBlocks(markdown: string): Array<{ line: number; text: string }> {
  const blocks: Array<{ line: number; text: string }> = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```yaml') continue;
    const end = lines.indexOf('```', i + 1);
    blocks.push({ line: i + 2, text: lines.slice(i + 1, end).join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

describe('docs/targets.md', () => {
  const blocks = yamlBlocks(readFileSync(DOC, 'utf8'));
  const whole = blocks.filter((b) => /^targets:/m.test(b.text));

  it('has YAML examples, nearly all of them whole targets files', () => {
    expect(whole.length).toBeGreaterThanOrEqual(9);
    expect(whole.length).toBe(blocks.length);
  });

  it('every whole targets file in it lints clean against the shipped runbooks', async () => {
    const sandbox = makeSandbox();
    mkdirSync(join(sandbox.cwd, 'blocks'));
    // One file per block, named after its line in the doc, so a failure points at the block.
    for (const b of whole) writeFileSync(join(sandbox.cwd, 'blocks', `targets-md-line-${b.line}.yaml`), b.text);
    const lint = await pitstop(sandbox, ['lint', 'blocks']);
    expect(lint.stdout).toBe('');
    expect(lint.exitCode).toBe(0);
  });

  it('names every field of a target', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const field of ['engine', 'url', 'auth_token', 'backups', 'wal_archive', 'pgbackrest', 'extensions', 'restore', 'app', 'turso', 'litestream', 'data', 'params', 'rpo']) {
      expect(doc).toContain(`| \`${field}\` |`);
    }
  });

  it("the README's pitstop.yaml lints clean too, and it points to the docs in the repository", async () => {
    const readme = readFileSync(README, 'utf8');
    const targets = yamlBlocks(readme).filter((b) => /^targets:/m.test(b.text));
    expect(targets).toHaveLength(1);
    const sandbox = makeSandbox();
    writeFileSync(join(sandbox.cwd, 'readme.yaml'), targets[0]!.text);
    const lint = await pitstop(sandbox, ['lint', 'readme.yaml']);
    expect(lint.stdout).toBe('');
    expect(lint.exitCode).toBe(0);
    expect(readme).toContain('(docs/targets.md)');
    expect(readme).not.toMatch(/specification/i);
  });
});
