import { existsSync } from 'node:fs';
import { ActionError } from '../../errors.js';
import { checksumPath, verifyChecksum, writeChecksum } from './sha256.js';
import type { ActionDefinition } from '../types.js';
import { Args, backupChecksumSpec } from './checksum.spec.js';

/**
 * `backup.checksum`: SHA-256 of a backup file against `FILE.sha256`. `auto` verifies when a
 * checksum is recorded and records one otherwise; a mismatch always fails the step.
 */
export const backupChecksumAction: ActionDefinition<Args> = {
  ...backupChecksumSpec,
  async run(args, ctx) {
    if (!existsSync(args.path)) {
      throw new ActionError(`backup file not found: ${args.path}`, { hint: 'Check the path; the backup step may have failed.' });
    }
    const status = await verifyChecksum(args.path);
    if (status.state === 'mismatch') {
      throw new ActionError(`checksum mismatch for ${args.path}: recorded ${status.recorded}, file has ${status.sha256}`, {
        hint: 'The backup changed after it was taken (or is damaged): do not restore from it; use an older verified one.',
      });
    }
    if (status.state === 'missing' && args.mode === 'verify') {
      throw new ActionError(`no recorded checksum for ${args.path} (${checksumPath(args.path)} is missing)`, {
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
