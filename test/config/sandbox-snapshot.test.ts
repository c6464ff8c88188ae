import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents } from '../helpers/cli.js';

/**
 * The first minute on the sandbox, through the built CLI: a fresh state home, no pitstop.yaml,
 * the deletion runbook restoring from a snapshot, as a first-time user would run it.
 */
describe('a fresh sandbox has what its runbooks need', () => {
  it('is created with a verified snapshot, so libsql-accidental-deletion restores from it without running libsql-backup first', async () => {
    const sandbox = makeSandbox();
    const run = await pitstop(sandbox, ['run', 'libsql-accidental-deletion', '--plain', '--yes', '--confirm', 'sandbox', '--set', 'incident_at=2026-11-28T13:00:00+00:00']);
    expect(run.stdout).not.toContain('no verified snapshot');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/✓ open-snapshot done/);
    expect(run.stdout).toMatch(/– \[\d+\/\d+\] pitr-turso skipped: the source is snapshot, not turso/);

    // The seed snapshot is named and checksummed as libsql.snapshot does it, and the checksum matches.
    const backups = join(sandbox.home, 'sandbox', 'backups');
    const snapshots = readdirSync(backups).filter((f) => /^sandbox-\d{8}T\d{6}Z\.db$/.test(f));
    expect(snapshots).toHaveLength(1);
    const recorded = readFileSync(join(backups, `${snapshots[0]}.sha256`), 'utf8').split(/\s+/)[0];
    expect(recorded).toBe(createHash('sha256').update(readFileSync(join(backups, snapshots[0]!))).digest('hex'));
    const opened = readJournalEvents(onlyRunDir(sandbox)).find((e) => e.type === 'step/finished' && e.stepId === 'open-snapshot');
    expect(opened?.outputs?.snapshot).toBe(join(backups, snapshots[0]!));
  });

  it('stays reachable with a pitstop.yaml: --target sandbox runs on it and resume finds it again', async () => {
    const sandbox = makeSandbox();
    writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), ['targets:', '  shop:', '    engine: postgres', '    url: postgresql://localhost:1/shop', ''].join('\n'));
    // Stopped at the first gate it cannot answer (headless, no --confirm): resumable.
    const run = await pitstop(sandbox, ['run', 'libsql-accidental-deletion', '--target', 'sandbox', '--plain', '--yes', '--set', 'incident_at=2026-11-28T13:00:00+00:00']);
    expect(run.stderr).not.toMatch(/unknown target|needs a target/);
    expect(run.exitCode).toBe(3);
    const runId = readJournalEvents(onlyRunDir(sandbox))[0]!.runId as string;
    const resumed = await pitstop(sandbox, ['resume', runId, '--plain', '--yes', '--confirm', 'sandbox']);
    expect(resumed.stderr).not.toMatch(/unknown target/);
    expect(resumed.exitCode).toBe(0);

    // Without --target, a libSQL runbook goes to the sandbox when pitstop.yaml has no libSQL target.
    const plain = await pitstop(sandbox, ['run', 'libsql-backup', '--plain', '--yes']);
    expect(plain.stdout).toMatch(/target sandbox \(libsql\)/);
  });
});
