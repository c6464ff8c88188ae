import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupChecksumAction } from '../../../src/actions/common/checksum.js';
import { libsqlTarget, makeContext, runAction, tempDir } from '../libsql/helpers.js';

const ctx = () => makeContext(libsqlTarget(join(tempDir(), 'x.db')));

describe('backup.checksum', () => {
  it('records a checksum the first time, then verifies the file against it', async () => {
    const file = join(tempDir(), 'backup.db');
    writeFileSync(file, 'contenido del respaldo');
    const first = await runAction(backupChecksumAction, { path: file }, ctx());
    expect(first.outputs).toMatchObject({ recorded: true, verified: false });
    expect(readFileSync(`${file}.sha256`, 'utf8')).toBe(`${first.outputs['sha256']}  backup.db\n`);
    const second = await runAction(backupChecksumAction, { path: file, mode: 'verify' }, ctx());
    expect(second.outputs).toMatchObject({ verified: true, recorded: false, sha256: first.outputs['sha256'] });
    expect(second.evidence?.[0]?.pass).toBe(true);
  });

  it('fails on a file that changed since, and on verify without a recorded checksum', async () => {
    const file = join(tempDir(), 'backup.db');
    writeFileSync(file, 'original');
    await runAction(backupChecksumAction, { path: file }, ctx());
    writeFileSync(file, 'alterado');
    await expect(runAction(backupChecksumAction, { path: file }, ctx())).rejects.toThrow(/checksum mismatch/);
    const other = join(tempDir(), 'other.db');
    writeFileSync(other, 'x');
    await expect(runAction(backupChecksumAction, { path: other, mode: 'verify' }, ctx())).rejects.toThrow(/no recorded checksum/);
    await expect(runAction(backupChecksumAction, { path: join(tempDir(), 'missing.db') }, ctx())).rejects.toThrow(/not found/);
  });
});
