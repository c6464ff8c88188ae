import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ActionError } from '../../errors.js';
import { sha256File } from '../common/sha256.js';
import { toUtcZ, utcStamp } from '../common/utc.js';
import { fileUrl, openLocal, withClient } from '../libsql/client.js';
import { checkIntegrity } from '../libsql/integrity.js';
import { backupsDir } from '../libsql/snapshots.js';
import { makePrivate, privateDir } from '../libsql/private-files.js';
import { replicaOf, runLitestreamRestore } from './run-restore.js';
import type { ActionDefinition } from '../types.js';
import { Args, litestreamRestoreSpec } from './restore.spec.js';

/**
 * `litestream.restore`: `litestream restore -o NEW -timestamp T REPLICA` into a new file
 * (production is never the output), then an integrity check. The file becomes the run's
 * restored copy, for `on: restored` queries and copy-rows.
 */
export const litestreamRestoreAction: ActionDefinition<Args> = {
  ...litestreamRestoreSpec,
  async run(args, ctx) {
    const replica = replicaOf(ctx, args.replica);
    const at = args.timestamp ? toUtcZ(args.timestamp) : null;
    const output = args.output ? resolve(args.output) : join(backupsDir(ctx.target), `${ctx.target.name}-litestream-${utcStamp(new Date())}.db`);
    if (existsSync(output)) throw new ActionError(`${output} already exists`, { hint: 'Choose another output: a restore never overwrites a file.' });
    await privateDir(dirname(output), ctx.log, { tighten: args.output === undefined });
    await runLitestreamRestore(ctx, replica, output, at);
    await makePrivate(output);
    const report = await withClient(openLocal(output), (client) => checkIntegrity(client));
    if (!report.ok) {
      throw new ActionError(`the restored file ${output} failed its integrity check: ${report.problems[0]}`, { hint: 'Try an earlier timestamp.' });
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
