import { existsSync, statSync } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ActionError } from '../../errors.js';
import { readMarker, writeMarker } from '../postgres/verified-marker.js';
import { passphraseFrom, withGpg } from './gpg.js';
import { checksumPath, sha256File, verifyChecksum, writeChecksum } from './sha256.js';
import type { ActionDefinition } from '../types.js';
import { Args, decryptSpec } from './decrypt.spec.js';

/**
 * `backup.decrypt`: the reverse of `backup.encrypt`. The encrypted file is checked against
 * its `.sha256` first (a damaged file is refused before gpg runs); the plaintext is written
 * 0600 under a temporary name and renamed when gpg succeeded. When the `.gpg` was made from
 * a verified dump and decrypts to the same bytes, the plaintext is verified again.
 */
export const decryptAction: ActionDefinition<Args> = {
  ...decryptSpec,
  async run(args, ctx) {
    const path = resolve(args.path);
    if (!existsSync(path)) throw new ActionError(`encrypted file not found: ${path}`, { hint: 'Check the path (pitstop runs lists the backups the runs made).' });
    const out = resolve(args.output ?? (path.endsWith('.gpg') ? path.slice(0, -4) : `${path}.decrypted`));
    if (out === path) throw new ActionError('output would overwrite the encrypted file', { hint: 'Give output: a different path.' });
    const sum = await verifyChecksum(path);
    if (sum.state === 'mismatch') {
      throw new ActionError(`${path} does not match its recorded sha256 (recorded ${sum.recorded}, file has ${sum.sha256})`, { hint: 'The encrypted backup is damaged: use an older one.' });
    }
    const passphrase = passphraseFrom(args);
    const partial = `${out}.partial`;
    await withGpg(ctx, passphrase, async (gpg) => {
      try {
        await gpg(['--decrypt', '--output', partial, path], `gpg --decrypt of ${path}`);
        await chmod(partial, 0o600);
        await rename(partial, out);
      } finally {
        await rm(partial, { force: true });
      }
    });
    const sha256 = await sha256File(out);
    await writeChecksum(out, sha256);
    await chmod(checksumPath(out), 0o600);
    const marker = await readMarker(path);
    const verified = marker?.sha256 === sum.sha256 && marker.plaintext_sha256 === sha256;
    if (verified) await writeMarker(out, { verified_at: new Date().toISOString(), sha256, method: `decrypted from ${path}, verified when encrypted` });
    if (!args.keep_encrypted) for (const p of [path, checksumPath(path), `${path}.verified`]) await rm(p, { force: true });
    ctx.log(`${out}: ${statSync(out).size} bytes, sha256 ${sha256}`);
    return { outputs: { path: out, sha256, size: statSync(out).size, verified, encrypted_removed: !args.keep_encrypted } };
  },
};
