import { ActionError } from '../../errors.js';
import { parseDuration } from '../../util/duration.js';
import { LITESTREAM_MISSING, litestreamBinary } from './binary.js';
import { replicaOf } from './run-restore.js';
import type { ActionDefinition } from '../types.js';
import { Args, litestreamCheckSpec } from './check.spec.js';

/**
 * `litestream.check`: the replica exists and has snapshots (`litestream snapshots REPLICA`),
 * with the newest one's age. Uses the Litestream binary pitstop ships with, so it works with
 * nothing on PATH. A replica without snapshots fails: it cannot restore anything.
 */
export const litestreamCheckAction: ActionDefinition<Args> = {
  ...litestreamCheckSpec,
  async run(args, ctx) {
    const replica = replicaOf(ctx, args.replica);
    const maxAgeMs = args.max_age === undefined ? undefined : parseDuration(args.max_age);
    const result = await ctx.commands.run({ kind: 'command', argv: [litestreamBinary(), 'snapshots', replica], timeoutMs: 60_000 }, { signal: ctx.signal });
    if (result.spawnError) throw new ActionError(`cannot run litestream: ${result.spawnError}`, { hint: LITESTREAM_MISSING });
    if (result.exitCode !== 0) {
      const last = (result.stderr.trim() || result.stdout.trim()).split('\n').pop() ?? '';
      throw new ActionError(`litestream snapshots failed (exit ${result.exitCode}): ${last}`, { hint: 'Check the replica URL.' });
    }
    // Rows after the header: replica, generation, index, size, created (RFC 3339, UTC).
    const created = result.stdout
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/).at(-1) ?? '')
      .filter((t) => /^\d{4}-\d{2}-\d{2}T/.test(t))
      .map((t) => Date.parse(t))
      .filter((t) => !Number.isNaN(t));
    if (created.length === 0) {
      throw new ActionError(`the Litestream replica ${replica} has no snapshots: there is nothing to restore from`, {
        hint: 'Is `litestream replicate DB REPLICA` running as a service, with the database in WAL mode? It takes a first snapshot when it starts.',
      });
    }
    const newest = Math.max(...created);
    const ageSeconds = Math.round((Date.now() - newest) / 1000);
    const fresh = maxAgeMs === undefined || ageSeconds * 1000 <= maxAgeMs;
    ctx.log(`${created.length} snapshot(s); newest ${new Date(newest).toISOString()} (${ageSeconds} s ago)`);
    if (!fresh) {
      throw new ActionError(`the newest Litestream snapshot of ${replica} is ${ageSeconds} s old, more than ${args.max_age}`, {
        hint: 'Replication may have stopped: check the litestream service and its log.',
      });
    }
    return {
      outputs: { snapshots: created.length, newest: new Date(newest).toISOString(), age_seconds: ageSeconds, replica },
      evidence: [{ label: `snapshots in ${replica}`, expected: '≥ 1', actual: String(created.length), pass: true }],
    };
  },
};
