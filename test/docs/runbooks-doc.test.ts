import { createClient } from '@libsql/client';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents } from '../helpers/cli.js';

const DOC = fileURLToPath(new URL('../../docs/runbooks.md', import.meta.url));

/** The complete example of docs/runbooks.md: the yaml block that starts with the schema line. */
function example(): { id: string; text: string } {
  const blocks = [...readFileSync(DOC, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const text = blocks.find((b) => b.startsWith('# yaml-language-server: $schema='));
  if (!text) throw new Error('docs/runbooks.md has no complete example starting with the schema line');
  return { id: /^id: (\S+)$/m.exec(text)![1]!, text };
}

describe('docs/runbooks.md', () => {
  it('its complete example lints clean through the CLI', async () => {
    const sandbox = makeSandbox();
    mkdirSync(join(sandbox.cwd, 'runbooks'));
    const { id, text } = example();
    writeFileSync(join(sandbox.cwd, 'runbooks', `${id}.yaml`), text);
    const lint = await pitstop(sandbox, ['lint', 'runbooks']);
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.exitCode).toBe(0);
  });

  it('and runs as shown, on a libSQL file with duplicates', async () => {
    const sandbox = makeSandbox();
    mkdirSync(join(sandbox.cwd, 'runbooks'));
    const { id, text } = example();
    writeFileSync(join(sandbox.cwd, 'runbooks', `${id}.yaml`), text);
    const file = join(sandbox.cwd, 'shop.db');
    writeFileSync(
      join(sandbox.cwd, 'pitstop.yaml'),
      ['targets:', '  shop:', '    engine: libsql', `    url: file:${file}`, `    backups: ${join(sandbox.cwd, 'backups')}`, ''].join('\n'),
    );
    const db = createClient({ url: `file:${file}` });
    await db.batch(['CREATE TABLE orders (id INTEGER PRIMARY KEY, email TEXT)', "INSERT INTO orders (email) VALUES ('a@x'), ('b@x'), ('a@x'), ('a@x')"]);
    db.close();
    const run = await pitstop(sandbox, ['run', id, '--target', 'shop', '--set', 'table=orders', '--set', 'column=email', '--plain', '--yes', '--confirm', 'shop']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const validated = readJournalEvents(onlyRunDir(sandbox)).find((e) => e.type === 'step/finished' && e.stepId === 'validate');
    expect(validated?.evidence).toEqual([
      { label: 'n', expected: '= 2 (steps.count.outputs.n - steps.delete.outputs.row_count)', actual: '2', pass: true },
      { label: 'duplicates', expected: '0', actual: '0', pass: true },
    ]);
  });
});
