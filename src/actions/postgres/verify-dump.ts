import { resolve } from 'node:path';
import { ActionError } from '../../errors.js';
import { verifyArchive } from './archive.js';
import { sha256File, verifyChecksum } from '../common/sha256.js';
import { withPlainDump } from './plain-dump.js';
import { writeMarker } from './verified-marker.js';
import type { ActionDefinition } from '../types.js';
import { Args, verifyDumpSpec } from './verify-dump.spec.js';

/**
 * `postgres.verify-dump`: the recorded SHA-256, `pg_restore --list` (entry counts by type)
 * and a full read of every data block (`pg_restore -f /dev/null`). Only when all pass is
 * `DUMP.verified` written (see verified-marker.ts), which retention and "latest verified"
 * lookups rely on. A damaged dump fails the step with its path in the message.
 */
export const verifyDumpAction: ActionDefinition<Args> = {
  ...verifyDumpSpec,
  async run(args, ctx) {
    const path = resolve(args.path);
    const encrypted = path.endsWith('.gpg');
    const check = await withPlainDump(ctx, path, args, async (plain) => {
      const result = await verifyArchive(ctx, plain);
      return encrypted ? { ...result, plainSha: await sha256File(plain) } : { ...result, plainSha: undefined };
    });
    // For a .gpg, the checksum that counts is the encrypted file's own (checked before decrypting).
    const outer = encrypted ? await verifyChecksum(path) : null;
    const state = outer ? outer.state : check.checksum;
    if (state === 'missing' && args.require_checksum) {
      throw new ActionError(`no recorded checksum for ${path}`, { hint: 'Dumps made by postgres.dump have NAME.sha256 next to them; this file came from elsewhere or the checksum was deleted.' });
    }
    const sha256 = outer ? outer.sha256 : check.sha256;
    await writeMarker(path, {
      verified_at: new Date().toISOString(),
      sha256,
      method: encrypted ? 'decrypted, then pg_restore --list + full data read' : 'pg_restore --list + full data read',
      entries: check.counts,
      ...(check.plainSha ? { plaintext_sha256: check.plainSha } : {}),
    });
    const summary = Object.entries(check.counts).map(([t, n]) => `${t}: ${n}`).join(', ');
    ctx.log(`${path} is good: ${summary}`);
    return {
      outputs: { path, verified: true, sha256, checksum: state, entries: check.counts, tables: check.dataEntries },
      evidence: [
        { label: `sha256 of ${path}`, expected: 'matches the recorded checksum', actual: state === 'match' ? 'matches' : 'none recorded', pass: state === 'match' || !args.require_checksum },
        { label: `every data block of ${path} reads`, expected: 'yes', actual: `yes (${check.dataEntries} tables with data)`, pass: true },
      ],
    };
  },
};
