import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ActionError } from '../../errors.js';
import { checksumPath, sha256File, writeChecksum } from '../common/sha256.js';
import { makePrivate, privateDir } from '../libsql/private-files.js';
import { openLocal, withClient } from '../libsql/client.js';
import { checkIntegrity } from '../libsql/integrity.js';
import { backupsDir } from '../libsql/snapshots.js';
import { utcStamp } from '../common/utc.js';
import { runTurso, SLOW_MS, tursoDatabase } from './cli.js';
import type { ActionDefinition } from '../types.js';
import { Args, tursoExportSpec } from './export.spec.js';

/**
 * `turso.export`: `turso db export DB --output-file FILE`, a local SQLite copy of a Turso
 * database, then integrity-checked and checksummed like a snapshot.
 */
export const tursoExportAction: ActionDefinition<Args> = {
  ...tursoExportSpec,
  async run(args, ctx) {
    const db = tursoDatabase(ctx, args.database);
    const started = new Date();
    const output = args.output ? resolve(args.output) : join(backupsDir(ctx.target), `${db}-export-${utcStamp(started)}.db`);
    if (existsSync(output)) throw new ActionError(`${output} already exists`, { hint: 'Choose another output: an export never overwrites a file.' });
    const dirState = await privateDir(resolve(output, '..'), ctx.log, { tighten: args.output === undefined });
    ctx.log(`turso db export ${db} --output-file ${output}`);
    await runTurso(ctx, ['db', 'export', db, '--output-file', output], SLOW_MS);
    if (!existsSync(output)) throw new ActionError(`turso db export finished but ${output} was not written`, { hint: 'Run it by hand and look at its output.' });
    await makePrivate(output);
    const report = await withClient(openLocal(output), (client) => checkIntegrity(client));
    const sha256 = await sha256File(output);
    await writeChecksum(output, sha256);
    await makePrivate(checksumPath(output));
    const { size } = await stat(output);
    ctx.log(`${output}: ${size} bytes, sha256 ${sha256}, integrity ${report.ok ? 'ok' : 'FAILED'}`);
    if (!report.ok) {
      throw new ActionError(`the export of ${db} failed its integrity check: ${report.problems[0]}`, { hint: 'Export again; if it persists, open a Turso support case.' });
    }
    return {
      outputs: { path: output, size, sha256, created_at: started.toISOString(), verified: true, duration_ms: Date.now() - started.getTime(), database: db, mode: '0600', ...dirState },
      evidence: [{ label: `PRAGMA integrity_check on ${output}`, expected: 'ok', actual: 'ok', pass: true }],
    };
  },
};
