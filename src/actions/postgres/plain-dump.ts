import { mkdtemp, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ActionError } from '../../errors.js';
import { passphraseFrom, withGpg } from '../common/gpg.js';
import { verifyChecksum } from '../common/sha256.js';
import type { ActionContext } from '../types.js';

/**
 * Runs `fn` on a dump pg_restore can read. An encrypted one (`.gpg`) is checked against its
 * `.sha256`, then decrypted into a private (0700) directory next to it — the same disk, as it
 * can be large — and removed afterwards; `fn` receives the plaintext path.
 */
export async function withPlainDump<T>(
  ctx: Pick<ActionContext, 'commands' | 'signal' | 'log'>,
  path: string,
  pass: { passphrase?: string | undefined; passphrase_env?: string | undefined },
  fn: (plain: string) => Promise<T>,
): Promise<T> {
  if (!path.endsWith('.gpg')) return fn(path);
  if (!pass.passphrase && !pass.passphrase_env) {
    throw new ActionError(`${path} is encrypted and no passphrase was given`, { hint: 'Pass passphrase_env: NAME (or passphrase:) to the step, or decrypt it first with backup.decrypt.' });
  }
  const sum = await verifyChecksum(path);
  if (sum.state === 'mismatch') {
    throw new ActionError(`dump ${path} is damaged: its SHA-256 does not match the recorded one`, { hint: 'Do not restore from it; use an older verified dump.' });
  }
  const passphrase = passphraseFrom(pass);
  const dir = await mkdtemp(join(dirname(path), '.pitstop-decrypt-'));
  try {
    const plain = join(dir, basename(path).slice(0, -'.gpg'.length));
    ctx.log(`decrypting ${path} into a private temporary directory`);
    await withGpg(ctx, passphrase, (gpg) => gpg(['--decrypt', '--output', plain, path], `gpg --decrypt of ${path}`));
    return await fn(plain);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
