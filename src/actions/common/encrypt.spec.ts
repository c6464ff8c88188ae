import { z } from 'zod';
import { PassphraseArgs } from './gpg.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    path: z.string().min(1),
    /** Default `PATH.gpg`. */
    output: z.string().min(1).optional(),
    ...PassphraseArgs,
    /** Keep the unencrypted file (default) or delete it once the encrypted one is checked. */
    keep_plaintext: z.boolean().default(true),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `backup.encrypt`: GnuPG symmetric AES256 (`--symmetric --cipher-algo AES256`), output 0600
 * with its own `.sha256`. The result is decrypted again into a private temp file and compared
 * byte for byte (by SHA-256) before the plaintext is removed, so a backup is never replaced by
 * something that does not decrypt. A verified dump passes its "verified" on to the `.gpg`.
 */
export const encryptSpec: ActionSpec<Args> = {
  name: 'backup.encrypt',
  engine: 'any',
  summary: 'Encrypt a backup file with GnuPG (symmetric AES256), 0600, checked by decrypting it again',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args) {
    const out = args.output ?? `${args.path}.gpg`;
    const from = args.passphrase_env ? `$${args.passphrase_env}` : 'the passphrase parameter';
    return [
      `gpg --batch --symmetric --cipher-algo AES256 --pinentry-mode loopback --passphrase-file <0600 file with ${from}> --output ${out} ${args.path}`,
      `decrypt ${out} again and compare its sha256 with ${args.path}`,
      ...(args.keep_plaintext ? [] : [`delete ${args.path}`]),
    ];
  },
};
