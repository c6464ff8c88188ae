import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSandbox, pitstop, type Sandbox } from '../helpers/cli.js';

/** A pitstop.yaml with libSQL file targets under the sandbox; `extra` lines are appended. */
function project(targets: string[], extra: string[] = []): Sandbox {
  const sandbox = makeSandbox();
  const lines = ['targets:'];
  for (const name of targets) {
    lines.push(`  ${name}:`, '    engine: libsql', `    url: file:${join(sandbox.cwd, `${name}.db`)}`, `    backups: ${join(sandbox.cwd, `backups-${name}`)}`);
  }
  writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), [...lines, ...extra, ''].join('\n'));
  return sandbox;
}

async function seed(sandbox: Sandbox, name: string): Promise<void> {
  const { createClient } = await import('@libsql/client');
  const c = createClient({ url: `file:${join(sandbox.cwd, `${name}.db`)}` });
  await c.executeMultiple('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO items (name) VALUES (\'a\'), (\'b\');');
  c.close();
}

type Status = { health: string; targets: Array<{ target: string; health: string; checks: Array<{ name: string; health: string; detail: string }> }> };
const json = (stdout: string) => JSON.parse(stdout) as Status;
const check = (s: Status, target: string, name: string) => s.targets.find((t) => t.target === target)?.checks.find((c) => c.name === name);

// A port that accepts connections and never answers: a hung server.
const hung = createServer(() => undefined);
const hungPort = new Promise<number>((resolve) => hung.listen(0, '127.0.0.1', () => resolve((hung.address() as { port: number }).port)));
afterAll(() => {
  hung.close();
});

describe('pitstop status', () => {
  it('is ok after libsql-backup, fails a target never backed up, exit 1, and writes the metrics atomically', async () => {
    const sandbox = project(['shop', 'fresh']);
    await seed(sandbox, 'shop');
    await seed(sandbox, 'fresh');
    const backup = await pitstop(sandbox, ['run', 'libsql-backup', '--target', 'shop', '--plain', '--yes']);
    expect(backup.exitCode, backup.stderr).toBe(0);

    const one = await pitstop(sandbox, ['status', '--target', 'shop', '--json']);
    expect(one.exitCode, one.stdout + one.stderr).toBe(0);
    expect(json(one.stdout).health).toBe('ok');
    expect(check(json(one.stdout), 'shop', 'verified snapshot')?.detail).toMatch(/^verified \d+ s ago by run .*libsql-backup/);

    const metrics = join(sandbox.cwd, 'pitstop.prom');
    const all = await pitstop(sandbox, ['status', '--metrics-file', metrics]);
    expect(all.exitCode).toBe(1);
    expect(all.stdout).toMatch(/^fresh \(libsql\) — FAIL\n(.*\n)*  ✗ backup snapshot +never backed up: run libsql-backup$/m);
    expect(all.stdout).toContain('overall: fail (exit 1)');
    const text = readFileSync(metrics, 'utf8');
    expect(text).toMatch(/^pitstop_backup_verified\{target="shop",kind="snapshot"\} 1$/m);
    expect(text).toMatch(/^pitstop_backup_verified\{target="fresh",kind="snapshot"\} 0$/m);
    expect(text).toMatch(/^pitstop_target_up\{target="fresh"\} 1$/m);
  });

  it('warns on a stale snapshot and fails when it is older than twice the RPO', async () => {
    const sandbox = project(['shop']);
    await seed(sandbox, 'shop');
    expect((await pitstop(sandbox, ['run', 'libsql-backup', '--plain', '--yes'])).exitCode).toBe(0);
    // Make the artifact old: the journal is the record the index is built from.
    const { readdirSync } = await import('node:fs');
    const runDir = join(sandbox.home, 'runs', readdirSync(join(sandbox.home, 'runs'))[0]!);
    const journal = join(runDir, 'journal.jsonl');
    const original = readFileSync(journal, 'utf8');
    const age = (hours: number) => original.replace(/"at":"([^"]+)"/g, (_m, at: string) => `"at":"${new Date(Date.parse(at) - hours * 3600_000).toISOString()}"`);
    writeFileSync(journal, age(30));
    const stale = await pitstop(sandbox, ['status', '--json']);
    expect(stale.exitCode).toBe(1);
    expect(check(json(stale.stdout), 'shop', 'backup snapshot')).toMatchObject({ health: 'warn', detail: expect.stringMatching(/^30 h old \(RPO 24 h\)/) });
    writeFileSync(journal, `${age(50)}\n`);
    const old = await pitstop(sandbox, ['status', '--json']);
    expect(check(json(old.stdout), 'shop', 'backup snapshot')?.health).toBe('fail');
  });

  it('fails an unreachable database within the timeout: a missing file, a file that is no database, and a remote server that never answers', async () => {
    const port = await hungPort;
    const sandbox = project(['gone', 'junk'], ['  remote:', '    engine: libsql', `    url: http://127.0.0.1:${port}`, '    auth_token: tok-abcdef123456']);
    writeFileSync(join(sandbox.cwd, 'junk.db'), 'a text file where the database should be\n'.repeat(20));
    const result = await pitstop(sandbox, ['status', '--json']);
    expect(result.exitCode).toBe(1);
    expect(check(json(result.stdout), 'gone', 'database')).toMatchObject({ health: 'fail', detail: expect.stringContaining('no database file at') });
    expect(check(json(result.stdout), 'junk', 'database')).toMatchObject({ health: 'fail', detail: expect.stringContaining(`${join(sandbox.cwd, 'junk.db')} is not a libSQL/SQLite database`) });
    expect(check(json(result.stdout), 'remote', 'database')).toMatchObject({ health: 'fail', detail: expect.stringContaining('no answer within 3 s') });
    expect(result.stdout + result.stderr).not.toContain('tok-abcdef123456');
  });

  it('an unknown --target is a usage error', async () => {
    const sandbox = project(['shop']);
    const result = await pitstop(sandbox, ['status', '--target', 'nope']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown target nope');
  });
});
