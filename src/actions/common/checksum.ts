import { existsSync } from 'node:fs';
import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import type { ActionDefinition } from '../types.js';
import { checksumPath, verifyChecksum, writeChecksum } from './sha256.js';

const Args = z
  .object({
    path: z.string().min(1),
    /** `verify` fails when there is no recorded checksum; `record` always (re)writes it. */
    mode: z.enum(['auto', 'verify', 'record']).default('auto'),
  })
  .strict();
type Args = z.infer<typeof Args>;

/**
 * `backup.checksum`: SHA-256 of a backup file against `FILE.sha256`. `auto` verifies when a
 * checksum is recorded and records one otherwise; a mismatch always fails the step.
 */
export const backupChecksumAction: ActionDefinition<Args> = {
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
  async run(args, ctx) {
    if (!existsSync(args.path)) {
      throw new PitstopError(`backup file not found: ${args.path}`, { hint: 'Check the path; the backup step may have failed.' });
    }
    const status = await verifyChecksum(args.path);
    if (status.state === 'mismatch') {
      throw new PitstopError(`checksum mismatch for ${args.path}: recorded ${status.recorded}, file has ${status.sha256}`, {
        hint: 'The backup changed after it was taken (or is damaged): do not restore from it; use an older verified one.',
      });
    }
    if (status.state === 'missing' && args.mode === 'verify') {
      throw new PitstopError(`no recorded checksum for ${args.path} (${checksumPath(args.path)} is missing)`, {
        hint: 'Record one right after the backup is taken (backup.checksum with mode: record).',
      });
    }
    const record = args.mode === 'record' || status.state === 'missing';
    if (record) await writeChecksum(args.path, status.sha256);
    const verified = status.state === 'match' && args.mode !== 'record';
    ctx.log(`${args.path}: sha256 ${status.sha256} (${verified ? 'matches the recorded checksum' : 'recorded'})`);
    return {
      outputs: { path: args.path, sha256: status.sha256, size: status.size, verified, recorded: record },
      evidence: verified
        ? [{ label: `sha256 of ${args.path}`, expected: 'matches the recorded checksum', actual: status.sha256, pass: true }]
        : [],
    };
  },
};
