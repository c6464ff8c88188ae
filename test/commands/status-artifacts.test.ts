import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop } from '../helpers/cli.js';

type Check = { name: string; health: string; detail: string };
type Status = { health: string; targets: Array<{ target: string; checks: Check[]; kinds: Array<{ kind: string; newest?: { path: string } }> }> };

describe('pitstop status: the artifact index outlives the run that made it', () => {
  it('knows a snapshot after its run directory is deleted, and fails with the path once the snapshot file is gone', async () => {
    const sandbox = makeSandbox();
    const db = join(sandbox.cwd, 'shop.db');
    const { createClient } = await import('@libsql/client');
    const c = createClient({ url: `file:${db}` });
    await c.executeMultiple("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO items (name) VALUES ('a');");
    c.close();
    writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), ['targets:', '  shop:', '    engine: libsql', `    url: file:${db}`, `    backups: ${join(sandbox.cwd, 'backups')}`, ''].join('\n'));
    const backup = await pitstop(sandbox, ['run', 'libsql-backup', '--target', 'shop', '--plain', '--yes']);
    expect(backup.exitCode, backup.stderr).toBe(0);
    // No status ran in between: the run itself recorded the artifact as the step finished.
    rmSync(onlyRunDir(sandbox), { recursive: true, force: true });

    const kept = await pitstop(sandbox, ['status', '--json']);
    expect(kept.exitCode, kept.stdout + kept.stderr).toBe(0);
    const status = JSON.parse(kept.stdout) as Status;
    const snapshot = status.targets[0]!.kinds.find((k) => k.kind === 'snapshot')?.newest?.path;
    expect(snapshot && existsSync(snapshot)).toBe(true);

    rmSync(snapshot!, { force: true });
    const gone = await pitstop(sandbox, ['status', '--json']);
    expect(gone.exitCode).toBe(1);
    const check = (JSON.parse(gone.stdout) as Status).targets[0]!.checks.find((x) => x.name === 'backup snapshot');
    expect(check).toMatchObject({ health: 'fail', detail: expect.stringContaining(`missing: ${snapshot}`) });
  });
});
