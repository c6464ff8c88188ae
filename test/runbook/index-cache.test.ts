import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';

/** `pitstop list` keeps an index of runbooks under $PITSTOP_HOME/cache, trusted only while a file's size and mtime match. */

const runbook = (title: string) => `id: cached-one\ntitle: ${title}\nscenario: custom\nengine: any\nsteps:\n  - id: a\n    kind: manual\n`;
const titleOf = (stdout: string) => (JSON.parse(stdout) as Array<{ id: string; title: string }>).find((r) => r.id === 'cached-one')?.title;

describe('the runbook index cache', () => {
  it('is written, used while size and mtime match, and rebuilt when the file changes or the cache is damaged', async () => {
    const s = makeSandbox();
    mkdirSync(join(s.cwd, 'runbooks'));
    const file = join(s.cwd, 'runbooks', 'one.yaml');
    writeFileSync(file, runbook('First'));
    expect(titleOf((await pitstop(s, ['list', '--json'])).stdout)).toBe('First');
    const cacheFile = join(s.home, 'cache', 'runbooks.json');
    expect(existsSync(cacheFile)).toBe(true);

    // The entry is what list shows while the file is unchanged (proves the cache is read).
    const cache = readFileSync(cacheFile, 'utf8');
    expect(cache).toContain('"First"');
    writeFileSync(cacheFile, cache.replace('"First"', '"From the cache"'));
    expect(titleOf((await pitstop(s, ['list', '--json'])).stdout)).toBe('From the cache');

    // Another size: the entry is not trusted.
    writeFileSync(file, runbook('Second, longer'));
    expect(titleOf((await pitstop(s, ['list', '--json'])).stdout)).toBe('Second, longer');

    // A damaged cache is ignored and rewritten.
    writeFileSync(cacheFile, '{"not json');
    const damaged = await pitstop(s, ['list', '--json']);
    expect(damaged.exitCode).toBe(0);
    expect(titleOf(damaged.stdout)).toBe('Second, longer');
    expect(() => JSON.parse(readFileSync(cacheFile, 'utf8'))).not.toThrow();
  });

  it('never caches a broken runbook: its error is shown every time', async () => {
    const s = makeSandbox();
    mkdirSync(join(s.cwd, 'runbooks'));
    writeFileSync(join(s.cwd, 'runbooks', 'bad.yaml'), 'id: bad\ntitle: Bad\nscenario: custom\nengine: oracle\nsteps: []\n');
    for (let i = 0; i < 2; i++) {
      const r = await pitstop(s, ['list', '--json']);
      expect(r.stderr).toMatch(/bad\.yaml/);
    }
  });
});
