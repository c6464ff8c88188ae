import { resolve } from 'node:path';
import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import type { ActionDefinition } from '../types.js';
import { verifyArchive } from './archive.js';
import { writeMarker } from './verified-marker.js';

const Args = z
  .object({
    path: z.string().min(1),
    /** Fail when no checksum was recorded next to the dump (cron backups always record one). */
    require_checksum: z.boolean().default(false),
  })
  .strict();
type Args = z.infer<typeof Args>;

/**
 * `postgres.verify-dump`: the recorded SHA-256, `pg_restore --list` (entry counts by type)
 * and a full read of every data block (`pg_restore -f /dev/null`). Only when all pass is
 * `DUMP.verified` written (see verified-marker.ts), which retention and "latest verified"
 * lookups rely on. A damaged dump fails the step with its path in the message.
 */
export const verifyDumpAction: ActionDefinition<Args> = {
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
      `pg_restore --list ${args.path}`,
      `pg_restore -f /dev/null ${args.path}   (reads every data block)`,
      `write ${args.path}.verified`,
    ];
  },
  async run(args, ctx) {
    const path = resolve(args.path);
    const check = await verifyArchive(ctx, path);
    if (check.checksum === 'missing' && args.require_checksum) {
      throw new PitstopError(`no recorded checksum for ${path}`, { hint: 'Dumps made by postgres.dump have NAME.sha256 next to them; this file came from elsewhere or the checksum was deleted.' });
    }
    await writeMarker(path, { verified_at: new Date().toISOString(), sha256: check.sha256, method: 'pg_restore --list + full data read', entries: check.counts });
    const summary = Object.entries(check.counts).map(([t, n]) => `${t}: ${n}`).join(', ');
    ctx.log(`${path} is good: ${summary}`);
    return {
      outputs: { path, verified: true, sha256: check.sha256, checksum: check.checksum, entries: check.counts, tables: check.dataEntries },
      evidence: [
        { label: `sha256 of ${path}`, expected: 'matches the recorded checksum', actual: check.checksum === 'match' ? 'matches' : 'none recorded', pass: check.checksum === 'match' || !args.require_checksum },
        { label: `every data block of ${path} reads`, expected: 'yes', actual: `yes (${check.dataEntries} tables with data)`, pass: true },
      ],
    };
  },
};
