import { rename, rm, stat } from 'node:fs/promises';
import { ActionError } from '../../errors.js';
import { sha256File, writeChecksum } from '../common/sha256.js';
import { openLocal, requireLocalFile, withClient } from './client.js';
import { checkIntegrity } from './integrity.js';
import { checksumPath } from '../common/sha256.js';
import { createPrivateFile, makePrivate, privateDir } from './private-files.js';
import { backupsDir, newSnapshotPath } from './snapshots.js';
import type { ActionDefinition } from '../types.js';
import { Args, snapshotSpec } from './snapshot.spec.js';

/**
 * `libsql.snapshot`: a consistent copy of a local database with `VACUUM INTO`, written
 * under a temporary name, integrity-checked, renamed into place and checksummed
 * (`NAME.db.sha256`). Only a verified snapshot ever carries the final name.
 */
export const snapshotAction: ActionDefinition<Args> = {
  ...snapshotSpec,
  async run(args, ctx) {
    const source = requireLocalFile(ctx.target, 'libsql.snapshot');
    const dir = backupsDir(ctx.target, args.dir);
    const dirState = await privateDir(dir, ctx.log);
    const started = new Date();
    const path = newSnapshotPath(dir, ctx.target.name, started);
    const partial = `${path}.partial`;
    ctx.log(`VACUUM INTO ${partial}`);
    try {
      // VACUUM INTO fills an existing empty file, so the copy is never readable by others, not even while it is written.
      await createPrivateFile(partial);
      await withClient(openLocal(source), (client) => client.execute({ sql: 'VACUUM INTO ?', args: [partial] }));
      const report = await withClient(openLocal(partial), (client) => checkIntegrity(client));
      if (!report.ok) {
        throw new ActionError(`the snapshot of ${ctx.target.name} failed its integrity check: ${report.problems[0]}`, {
          hint: 'The source database is probably damaged: run the libsql-corruption runbook.',
        });
      }
      await rename(partial, path);
    } finally {
      await rm(partial, { force: true });
    }
    const sha256 = await sha256File(path);
    await writeChecksum(path, sha256);
    await makePrivate(checksumPath(path));
    const { size } = await stat(path);
    const durationMs = Date.now() - started.getTime();
    ctx.log(`${path}: ${size} bytes, sha256 ${sha256}, integrity ok`);
    return {
      outputs: {
        path,
        size,
        sha256,
        created_at: started.toISOString(),
        verified: true,
        duration_ms: durationMs,
        mode: '0600',
        ...dirState,
      },
      evidence: [{ label: `PRAGMA integrity_check on ${path}`, expected: 'ok', actual: 'ok', pass: true }],
    };
  },
};
