import { z } from 'zod';
import { PassphraseArgs } from '../common/gpg.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    path: z.string().min(1),
    /** Fail when no checksum was recorded next to the dump (cron backups always record one). */
    require_checksum: z.boolean().default(false),
    /** For an encrypted (`.gpg`) dump: decrypted into a private directory, verified, removed. */
    ...PassphraseArgs,
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.verify-dump`: the recorded SHA-256, `pg_restore --list` (entry counts by type)
 * and a full read of every data block (`pg_restore -f /dev/null`). Only when all pass is
 * `DUMP.verified` written (see verified-marker.ts), which retention and "latest verified"
 * lookups rely on. A damaged dump fails the step with its path in the message.
 */
export const verifyDumpSpec: ActionSpec<Args> = {
  name: 'postgres.verify-dump',
  engine: 'postgres',
  summary: 'Verify a dump: recorded sha256, pg_restore --list, and a full read of every data block',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args) {
    return [
      `sha256 ${args.path} against ${args.path}.sha256${args.require_checksum ? ' (required)' : ' (when recorded)'}`,
      ...(args.path.endsWith('.gpg') ? [`gpg --decrypt into a private temporary directory (removed after)`] : []),
      `pg_restore --list ${args.path}`,
      `pg_restore -f /dev/null ${args.path}   (reads every data block)`,
      `write ${args.path}.verified`,
    ];
  },
};
