import { existsSync, statSync } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ActionError } from '../../errors.js';
import { isVerified } from '../postgres/latest-dump.js';
import { writeMarker } from '../postgres/verified-marker.js';
import { passphraseFrom, withGpg } from './gpg.js';
import { checksumPath, sha256File, writeChecksum } from './sha256.js';
import type { ActionDefinition } from '../types.js';
import { Args, encryptSpec } from './encrypt.spec.js';

/**
 * `backup.encrypt`: GnuPG symmetric AES256 (`--symmetric --cipher-algo AES256`), output 0600
 * with its own `.sha256`. The result is decrypted again into a private temp file and compared
 * byte for byte (by SHA-256) before the plaintext is removed, so a backup is never replaced by
 * something that does not decrypt. A verified dump passes its "verified" on to the `.gpg`.
 */
export const encryptAction: ActionDefinition<Args> = {
  ...encryptSpec,
  async run(args, ctx) {
    const path = resolve(args.path);
    if (!existsSync(path)) throw new ActionError(`file to encrypt not found: ${path}`, { hint: 'Check the path; the backup step may have failed.' });
    if (statSync(path).isDirectory()) throw new ActionError(`${path} is a directory`, { hint: 'Encrypt a custom-format dump (format: custom); a directory-format dump is many files.' });
    const out = resolve(args.output ?? `${path}.gpg`);
    const partial = `${out}.partial`;
    const passphrase = passphraseFrom(args);
    const plainSha = await sha256File(path);
    const wasVerified = await isVerified({ path, name: path, createdAt: new Date(), format: 'custom', encrypted: false });
    await withGpg(ctx, passphrase, async (gpg) => {
      try {
        await gpg(['--symmetric', '--cipher-algo', 'AES256', '--compress-algo', 'none', '--output', partial, path], `gpg --symmetric of ${path}`);
        await chmod(partial, 0o600);
        const check = `${partial}.check`;
        try {
          await gpg(['--decrypt', '--output', check, partial], `decrypting ${out} to check it`);
          if ((await sha256File(check)) !== plainSha) throw new ActionError(`${out} does not decrypt to ${path}`, { hint: 'Disk or GnuPG trouble: keep the plaintext and investigate.' });
        } finally {
          await rm(check, { force: true });
        }
        await rename(partial, out);
      } finally {
        await rm(partial, { force: true });
      }
    });
    const sha256 = await sha256File(out);
    await writeChecksum(out, sha256);
    await chmod(checksumPath(out), 0o600);
    if (wasVerified) await writeMarker(out, { verified_at: new Date().toISOString(), sha256, method: 'decrypts to a verified dump', plaintext_sha256: plainSha });
    if (!args.keep_plaintext) {
      await rm(path, { force: true });
      for (const side of [checksumPath(path), `${path}.verified`]) await rm(side, { force: true });
      ctx.log(`deleted the plaintext ${path}`);
    }
    const size = statSync(out).size;
    ctx.log(`${out}: ${size} bytes, AES256, decrypts back to the same sha256 ${plainSha}`);
    return {
      outputs: { path: out, size, sha256, plaintext: path, plaintext_sha256: plainSha, plaintext_removed: !args.keep_plaintext, verified: wasVerified },
      evidence: [{ label: `${out} decrypts to ${path}`, expected: plainSha, actual: plainSha, pass: true }],
    };
  },
};
