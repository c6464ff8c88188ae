import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'pitstop-pgbin-'));
const realPath = process.env['PATH'];
afterEach(() => {
  process.env['PATH'] = realPath;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The module fresh (its pg_config answer is cached per process), found through `path`. */
async function freshPgBin(path: string): Promise<typeof import('../../src/postgres/pg-bin.js')> {
  process.env['PATH'] = path;
  vi.resetModules();
  return import('../../src/postgres/pg-bin.js');
}

/** A PATH whose pg_config reports a bin directory holding `programs` (empty files, executable). */
function fakeInstall(name: string, programs: string[]): string {
  const path = join(dir, name, 'path');
  const bin = join(dir, name, 'bin');
  mkdirSync(path, { recursive: true });
  mkdirSync(bin, { recursive: true });
  for (const program of programs) writeFileSync(join(bin, program), '', { mode: 0o755 });
  writeFileSync(join(path, 'pg_config'), `#!/bin/sh\necho '${bin}'\n`);
  chmodSync(join(path, 'pg_config'), 0o755);
  return path;
}

describe('pg-bin: one place that finds the PostgreSQL programs', () => {
  it('with the real install, client and server programs come from pg_config --bindir', async () => {
    const bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    const { pgBinDir, pgClientProgram } = await freshPgBin(realPath ?? '');
    expect(pgBinDir()).toBe(bindir);
    expect(pgClientProgram('pg_dump')).toBe(join(bindir, 'pg_dump'));
    expect(pgClientProgram('pg_amcheck')).toBe(join(bindir, 'pg_amcheck'));
  });

  it('a client-only install still gives pg_dump and pg_restore; the server programs are refused clearly', async () => {
    const path = fakeInstall('client-only', ['pg_dump', 'pg_restore']);
    const { pgBinDir, pgClientProgram } = await freshPgBin(path);
    expect(pgClientProgram('pg_restore')).toBe(join(dir, 'client-only', 'bin', 'pg_restore'));
    expect(pgClientProgram('pg_amcheck')).toBe('pg_amcheck');
    expect(() => pgBinDir()).toThrow(/server binaries not found: no initdb\/pg_ctl\/postgres in /);
  });

  it('an install without the server itself (initdb and pg_ctl, no postgres) is refused, naming what is missing', async () => {
    const { pgBinDir } = await freshPgBin(fakeInstall('no-server', ['initdb', 'pg_ctl', 'pg_dump']));
    expect(() => pgBinDir()).toThrow(/server binaries not found: no postgres in /);
  });

  it('without pg_config, client programs are looked up on PATH and the server ones are refused with a hint', async () => {
    const { pgBinDir, pgClientProgram } = await freshPgBin(join(dir, 'empty'));
    expect(pgClientProgram('psql')).toBe('psql');
    expect(() => pgBinDir()).toThrow(/pg_config is not on PATH/);
  });
});
