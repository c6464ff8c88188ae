import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';

/**
 * `pitstop run` keeps each runbook it validated under $PITSTOP_HOME/cache/loaded, keyed by
 * pitstop's build and the file's exact text, so the next run of the same text starts without
 * the YAML parser and the checks. An entry is trusted only whole: damage means "load the file".
 */

const runbook = (echo: string) => `id: cached-run\ntitle: Cached\nscenario: custom\nengine: libsql\nsteps:\n  - id: say\n    kind: command\n    argv: ["echo", "${echo}"]\n`;

function project(): { s: Sandbox; file: string } {
  const s = makeSandbox();
  mkdirSync(join(s.cwd, 'runbooks'));
  const file = join(s.cwd, 'runbooks', 'cached.yaml');
  writeFileSync(file, runbook('from-the-file'));
  return { s, file };
}

function entries(s: Sandbox): string[] {
  const dir = join(s.home, 'cache', 'loaded');
  return readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => join(dir, name));
}

/** Rewrites the one entry's runbook as a valid entry would hold it (its digest recomputed). */
function rewriteEntry(path: string, edit: (runbook: Record<string, any>) => void): void {
  const entry = JSON.parse(readFileSync(path, 'utf8'));
  edit(entry.runbook);
  const json = JSON.stringify(entry.runbook);
  writeFileSync(path, JSON.stringify({ ...entry, runbook: JSON.parse(json), digest: createHash('sha256').update(json).digest('hex') }));
}

describe('the validated-runbook cache of pitstop run', () => {
  it('is written by a run and used by the next run of the same text', async () => {
    const { s } = project();
    const first = await pitstop(s, ['run', 'cached-run', '--plain']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain('from-the-file');
    const [entry, ...more] = entries(s);
    expect(more).toEqual([]);

    // What the next run does comes from the entry while the text is the same (proves it is read).
    rewriteEntry(entry!, (r) => (r.steps[0].argv = ['echo', 'from-the-cache']));
    const second = await pitstop(s, ['run', 'cached-run', '--plain']);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).toContain('from-the-cache');
  });

  it('is not used for other text: an edited runbook is loaded and checked again', async () => {
    const { s, file } = project();
    expect((await pitstop(s, ['run', 'cached-run', '--plain'])).exitCode).toBe(0);
    writeFileSync(file, runbook('edited'));
    const edited = await pitstop(s, ['run', 'cached-run', '--plain']);
    expect(edited.stdout).toContain('edited');
    writeFileSync(file, `${runbook('x')}    bogus: 1\n`);
    const broken = await pitstop(s, ['run', file, '--plain']);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/cached\.yaml:9:5: unknown field "bogus"/);
  });

  it('ignores a damaged entry (not JSON, or not matching its digest) and writes it again', async () => {
    const { s } = project();
    expect((await pitstop(s, ['run', 'cached-run', '--plain'])).exitCode).toBe(0);
    const [entry] = entries(s);
    const good = readFileSync(entry!, 'utf8');

    writeFileSync(entry!, good.slice(0, good.length / 2));
    const halfWritten = await pitstop(s, ['run', 'cached-run', '--plain']);
    expect(halfWritten.exitCode, halfWritten.stderr).toBe(0);
    expect(halfWritten.stdout).toContain('from-the-file');
    expect(readFileSync(entry!, 'utf8')).toBe(good);

    writeFileSync(entry!, good.replace('from-the-file', 'tampered'));
    const tampered = await pitstop(s, ['run', 'cached-run', '--plain']);
    expect(tampered.stdout).toContain('from-the-file');
    expect(tampered.stdout).not.toContain('tampered');
  });

  it('is used for a runbook named by its path too', async () => {
    const { s, file } = project();
    expect((await pitstop(s, ['run', file, '--plain'])).exitCode).toBe(0);
    rewriteEntry(entries(s)[0]!, (r) => (r.steps[0].argv = ['echo', 'from-the-cache']));
    expect((await pitstop(s, ['run', file, '--plain'])).stdout).toContain('from-the-cache');
  });

  it('costs only speed when it cannot be written: the run goes on', async () => {
    const { s } = project();
    mkdirSync(s.home, { recursive: true });
    writeFileSync(join(s.home, 'cache'), 'a file where the cache directory would be');
    const uncached = await pitstop(s, ['run', 'cached-run', '--plain']);
    expect(uncached.exitCode, uncached.stderr).toBe(0);
    expect(uncached.stdout).toContain('from-the-file');
  });
});
