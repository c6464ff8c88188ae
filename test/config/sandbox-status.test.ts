import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';

describe("the sandbox's seeded snapshot is a backup in pitstop status", () => {
  it('a fresh sandbox is not "never backed up": its seed snapshot is in the artifact index, verified', async () => {
    const sandbox = makeSandbox();
    // Any run makes the sandbox; this one takes no snapshot of its own.
    const run = await pitstop(sandbox, ['run', 'libsql-not-responding', '--plain', '--yes']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const snapshot = readdirSync(join(sandbox.home, 'sandbox', 'backups')).find((f) => f.endsWith('.db'))!;

    const status = await pitstop(sandbox, ['status']);
    expect(status.stdout).not.toContain('never backed up');
    // Its "run" is the seeding (no run made it): the key it has in the artifact index.
    expect(status.stdout).toMatch(/✓ backup snapshot +.+ old \(RPO [^)]+\), [\d.]+ [kKM]?B, run sandbox-seed/);
    expect(status.stdout).toMatch(/✓ verified snapshot/);

    const json = JSON.parse((await pitstop(sandbox, ['status', '--json'])).stdout);
    const kinds = JSON.stringify(json);
    expect(kinds).toContain(join(sandbox.home, 'sandbox', 'backups', snapshot));
  });
});
