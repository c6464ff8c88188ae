import { z } from 'zod';
import { PassphraseArgs } from './gpg.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    path: z.string().min(1),
    /** Default: PATH without `.gpg`. */
    output: z.string().min(1).optional(),
    ...PassphraseArgs,
    keep_encrypted: z.boolean().default(true),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `backup.decrypt`: the reverse of `backup.encrypt`. The encrypted file is checked against
 * its `.sha256` first (a damaged file is refused before gpg runs); the plaintext is written
 * 0600 under a temporary name and renamed when gpg succeeded. When the `.gpg` was made from
 * a verified dump and decrypts to the same bytes, the plaintext is verified again.
 */
export const decryptSpec: ActionSpec<Args> = {
  name: 'backup.decrypt',
  engine: 'any',
  summary: 'Decrypt a GnuPG-encrypted backup (checked against its sha256 first), output 0600',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args) {
    const out = args.output ?? args.path.replace(/\.gpg$/, '');
    return [`sha256 ${args.path} against ${args.path}.sha256 (when recorded)`, `gpg --batch --decrypt --pinentry-mode loopback --passphrase-file <0600 file> --output ${out} ${args.path}`];
  },
};
