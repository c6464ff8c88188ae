import { z } from 'zod';
import { checksumPath } from './sha256.js';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    path: z.string().min(1),
    /** `verify` fails when there is no recorded checksum; `record` always (re)writes it. */
    mode: z.enum(['auto', 'verify', 'record']).default('auto'),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `backup.checksum`: SHA-256 of a backup file against `FILE.sha256`. `auto` verifies when a
 * checksum is recorded and records one otherwise; a mismatch always fails the step.
 */
export const backupChecksumSpec: ActionSpec<Args> = {
  name: 'backup.checksum',
  engine: 'any',
  summary: 'SHA-256 of a backup file, recorded in FILE.sha256 or verified against it',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args) {
    const what = { auto: 'verify or record', verify: 'verify', record: 'record' }[args.mode];
    return [`sha256 ${args.path} (${what} ${checksumPath(args.path)})`];
  },
};
