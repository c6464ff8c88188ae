import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptAction } from '../../../src/actions/common/decrypt.js';
import { encryptAction } from '../../../src/actions/common/encrypt.js';
import { dumpChecksum, recordDumpChecksum } from '../../../src/actions/postgres/dump-checksum.js';
import { writeMarker } from '../../../src/actions/postgres/verified-marker.js';
import { makeContext, runAction, type TestContext } from '../libsql/helpers.js';
import { ctxFor, removeRunDirs, scratchDir } from '../postgres/dump-helpers.js';

const work = scratchDir('pitstop-gpg-test-');
afterAll(() => {
  work.remove();
  removeRunDirs();
});
const PASS = 'correct horse battery staple 7f3a';

/** A context that also records every argv the command executor is asked to run. */
function recordingContext(): TestContext & { argvs: string[][] } {
  const ctx = ctxFor({ name: 'orquix', engine: 'postgres', url: 'postgresql://x@/y', secrets: [] }) as TestContext & { argvs: string[][] };
  const inner = ctx.commands;
  ctx.argvs = [];
  ctx.commands = { run: (request, c) => (ctx.argvs.push(request.argv), inner.run(request, c)) };
  return ctx;
}

function plainFile(name: string, bytes = 300_000): string {
  const path = join(work.dir, name);
  writeFileSync(path, randomBytes(bytes));
  return path;
}

describe('backup.encrypt / backup.decrypt', () => {
  it('round trip is byte-identical; the passphrase is in no argv and no output; files are 0600', async () => {
    const path = plainFile('a.dump');
    const original = readFileSync(path);
    const ctx = recordingContext();
    const enc = await runAction(encryptAction, { path, passphrase: PASS, keep_plaintext: false }, ctx);
    const gpgPath = enc.outputs['path'] as string;
    expect(gpgPath).toBe(`${path}.gpg`);
    expect(statSync(gpgPath).mode & 0o777).toBe(0o600);
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(gpgPath).includes(original.subarray(0, 64))).toBe(false);

    const dec = await runAction(decryptAction, { path: gpgPath, passphrase: PASS }, ctx);
    expect(dec.outputs['path']).toBe(path);
    expect(readFileSync(path).equals(original)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const gpgRuns = ctx.argvs.filter((a) => a[0] === 'gpg');
    expect(gpgRuns.length).toBeGreaterThanOrEqual(3);
    expect(gpgRuns.some((a) => a.includes('AES256') && a.includes('--symmetric'))).toBe(true);
    for (const argv of ctx.argvs) expect(argv.join(' ')).not.toContain(PASS);
    for (const line of ctx.logged) expect(line).not.toContain(PASS);
    expect(JSON.stringify([enc, dec])).not.toContain(PASS);
  });

  it('reads the passphrase from an environment variable; a wrong one fails clearly and writes nothing', async () => {
    const path = plainFile('b.dump');
    process.env['PITSTOP_TEST_GPG_PASS'] = PASS;
    try {
      const enc = await runAction(encryptAction, { path, passphrase_env: 'PITSTOP_TEST_GPG_PASS' }, recordingContext());
      expect(existsSync(path)).toBe(true);
      const out = join(work.dir, 'b.out');
      await expect(runAction(decryptAction, { path: enc.outputs['path'], output: out, passphrase: 'not the passphrase' }, recordingContext())).rejects.toThrow(/wrong passphrase or damaged file/);
      expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    } finally {
      delete process.env['PITSTOP_TEST_GPG_PASS'];
    }
    await expect(runAction(encryptAction, { path, passphrase_env: 'PITSTOP_TEST_GPG_PASS' }, recordingContext())).rejects.toThrow(/PITSTOP_TEST_GPG_PASS is not set/);
  });

  it('a verified dump stays verified through encryption and back; a damaged .gpg is refused by its checksum', async () => {
    const path = plainFile('c.dump');
    await recordDumpChecksum(path);
    await writeMarker(path, { verified_at: 'now', sha256: (await dumpChecksum(path)).sha256, method: 'test' });
    const enc = await runAction(encryptAction, { path, passphrase: PASS, keep_plaintext: false }, recordingContext());
    expect(enc.outputs['verified']).toBe(true);
    expect(JSON.parse(readFileSync(`${path}.gpg.verified`, 'utf8')).method).toBe('decrypts to a verified dump');
    const dec = await runAction(decryptAction, { path: `${path}.gpg`, passphrase: PASS }, recordingContext());
    expect(dec.outputs['verified']).toBe(true);

    const bytes = readFileSync(`${path}.gpg`);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
    writeFileSync(`${path}.gpg`, bytes);
    await expect(runAction(decryptAction, { path: `${path}.gpg`, output: join(work.dir, 'c2'), passphrase: PASS }, recordingContext())).rejects.toThrow(/does not match its recorded sha256/);
  });
});
