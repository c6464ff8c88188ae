import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';

/** `pitstop lint` keeps results under $PITSTOP_HOME/cache keyed by the file's content hash and pitstop's build. */

const good = 'id: fine\ntitle: Fine\nscenario: custom\nengine: any\nsteps:\n  - id: a\n    kind: manual\n';
const bad = 'id: bad\ntitle: Bad\nscenario: custom\nengine: oracle\nsteps:\n  - id: a\n    kind: manual\n';

describe('the lint cache', () => {
  it('gives the same answer cached as fresh, follows the content (same size and mtime or not), and survives damage', async () => {
    const s = makeSandbox();
    mkdirSync(join(s.cwd, 'rb'));
    const file = join(s.cwd, 'rb', 'one.yaml');
    writeFileSync(file, bad);
    const fresh = await pitstop(s, ['lint', 'rb']);
    expect(fresh.exitCode).toBe(2);
    expect(fresh.stdout).toMatch(/^rb\/one\.yaml:4:9: .*engine/m);
    const cacheDir = join(s.home, 'cache');
    expect(readdirSync(cacheDir)).toContain('lint.json');

    const cached = await pitstop(s, ['lint', 'rb']);
    expect(cached).toEqual(fresh);

    // The same file under another name: the problems name the file linted, not the one cached.
    writeFileSync(join(s.cwd, 'rb', 'two.yaml'), bad);
    expect((await pitstop(s, ['lint', 'rb'])).stdout).toMatch(/^rb\/two\.yaml:4:9: /m);

    // Fixed: the content changed, so the cached error is not used.
    writeFileSync(file, good);
    writeFileSync(join(s.cwd, 'rb', 'two.yaml'), good);
    expect(await pitstop(s, ['lint', 'rb'])).toMatchObject({ exitCode: 0, stdout: '' });

    writeFileSync(join(cacheDir, 'lint.json'), '[[[');
    writeFileSync(file, bad);
    const afterDamage = await pitstop(s, ['lint', 'rb']);
    expect(afterDamage.exitCode).toBe(2);
    expect(afterDamage.stdout).toBe(fresh.stdout);
    expect(() => JSON.parse(readFileSync(join(cacheDir, 'lint.json'), 'utf8'))).not.toThrow();
    expect(existsSync(file)).toBe(true);
  });
});
