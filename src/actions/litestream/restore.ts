import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { PitstopError } from '../../errors.js';
import { sha256File } from '../common/sha256.js';
import { toUtcZ, utcStamp } from '../common/utc.js';
import { fileUrl, openLocal, withClient } from '../libsql/client.js';
import { checkIntegrity } from '../libsql/integrity.js';
import { backupsDir } from '../libsql/snapshots.js';
import type { ActionDefinition } from '../types.js';
import { replicaOf, runLitestreamRestore } from './run-restore.js';

const Args = z
  .object({
    /** RFC 3339 with an offset; default: the newest state the replica has. */
    timestamp: z.string().min(1).optional(),
    /** Replica URL; default: the target's `litestream.replica`. */
    replica: z.string().min(1).optional(),
    /** The new file; default `<backups>/<target>-litestream-<UTC stamp>.db`. Must not exist. */
    output: z.string().min(1).optional(),
  })
  .strict();
type Args = z.infer<typeof Args>;

/**
 * `litestream.restore`: `litestream restore -o NEW -timestamp T REPLICA` into a new file
 * (production is never the output), then an integrity check. The file becomes the run's
 * restored copy, for `on: restored` queries and copy-rows.
 */
export const litestreamRestoreAction: ActionDefinition<Args> = {
  name: 'litestream.restore',
  engine: 'libsql',
  summary: 'Restore a Litestream replica to a point in time into a new file',
  args: Args,
  destructive: false,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const replica = args.replica ?? (target['litestream'] as { replica?: string } | undefined)?.replica ?? '<litestream.replica>';
    const out = args.output ?? `${(target['backups'] as string | undefined) ?? '<backups>'}/${target.name}-litestream-<UTC stamp>.db`;
    let at = '';
    if (args.timestamp) {
      try {
        at = ` -timestamp ${toUtcZ(args.timestamp)}`;
      } catch {
        at = ` -timestamp ${args.timestamp}`;
      }
    }
    return [`litestream restore -o ${out}${at} ${replica}`, 'PRAGMA integrity_check on the restored file'];
  },
  async run(args, ctx) {
    const replica = replicaOf(ctx, args.replica);
    const at = args.timestamp ? toUtcZ(args.timestamp) : null;
    const output = args.output ? resolve(args.output) : join(backupsDir(ctx.target), `${ctx.target.name}-litestream-${utcStamp(new Date())}.db`);
    if (existsSync(output)) throw new PitstopError(`${output} already exists`, { hint: 'Choose another output: a restore never overwrites a file.' });
    await mkdir(dirname(output), { recursive: true });
    await runLitestreamRestore(ctx, replica, output, at);
    const report = await withClient(openLocal(output), (client) => checkIntegrity(client));
    if (!report.ok) {
      throw new PitstopError(`the restored file ${output} failed its integrity check: ${report.problems[0]}`, { hint: 'Try an earlier timestamp.' });
    }
    const { size } = await stat(output);
    const sha256 = await sha256File(output);
    ctx.log(`${output}: ${size} bytes, integrity ok`);
    return {
      outputs: { path: output, url: fileUrl(output), size, sha256, timestamp: at, replica },
      evidence: [{ label: `PRAGMA integrity_check on ${output}`, expected: 'ok', actual: 'ok', pass: true }],
      restored: { engine: 'libsql', url: fileUrl(output) },
    };
  },
};
