import { ActionError } from '../../errors.js';
import { parseDuration } from '../../util/duration.js';
import type { ActionContext, ActionDefinition } from '../types.js';
import { LITESTREAM_MISSING, litestreamBinary } from './binary.js';
import { Args, litestreamCheckSpec } from './check.spec.js';
import { listingTimes } from './listing.js';
import { replicaOf } from './run-restore.js';

/**
 * `litestream.check`: the replica exists and has snapshots (`litestream snapshots REPLICA`),
 * and the newest data it received (`litestream generations REPLICA`: the `end` of the newest
 * generation, the time of its last WAL segment) is younger than `max_age`. Uses the Litestream
 * binary pitstop ships with, so it works with nothing on PATH. A replica without snapshots
 * fails: it cannot restore anything.
 */
export const litestreamCheckAction: ActionDefinition<Args> = {
  ...litestreamCheckSpec,
  async run(args, ctx) {
    const replica = replicaOf(ctx, args.replica);
    const maxAgeMs = args.max_age === undefined ? undefined : parseDuration(args.max_age);
    const snapshots = listingTimes(await litestream(ctx, ['snapshots', replica]));
    if (snapshots.length === 0) {
      throw new ActionError(`the Litestream replica ${replica} has no snapshots: there is nothing to restore from`, {
        hint: 'Is `litestream replicate DB REPLICA` running as a service, with the database in WAL mode? It takes a first snapshot when it starts.',
      });
    }
    const generations = listingTimes(await litestream(ctx, ['generations', replica]));
    const newestSnapshot = Math.max(...snapshots);
    // A generation's end is its last WAL segment; with no generation listed, the snapshot is the newest data.
    const newestWrite = Math.max(newestSnapshot, ...generations);
    const ageSeconds = Math.max(0, Math.round((Date.now() - newestWrite) / 1000));
    ctx.log(`${snapshots.length} snapshot(s), ${generations.length} generation(s); newest data ${new Date(newestWrite).toISOString()} (${ageSeconds} s ago)`);
    if (maxAgeMs !== undefined && Date.now() - newestWrite > maxAgeMs) {
      throw new ActionError(`the newest data in the Litestream replica ${replica} is ${ageSeconds} s old, more than ${args.max_age}`, {
        hint: 'Replication may have stopped: check the litestream replicate service and its log. A database with no writes for that long trips this too: give it a larger max_age.',
      });
    }
    return {
      outputs: {
        snapshots: snapshots.length,
        generations: generations.length,
        newest: new Date(newestSnapshot).toISOString(),
        newest_write: new Date(newestWrite).toISOString(),
        age_seconds: ageSeconds,
        max_age: args.max_age ?? null,
        replica,
      },
      evidence: [
        { label: `snapshots in ${replica}`, expected: '≥ 1', actual: String(snapshots.length), pass: true },
        ...(args.max_age ? [{ label: 'age of the newest data in the replica', expected: `≤ ${args.max_age}`, actual: `${ageSeconds} s`, pass: true }] : []),
      ],
    };
  },
};

/** `litestream ARGS…`'s stdout; a failure becomes an ActionError with its last line. */
async function litestream(ctx: ActionContext, args: string[]): Promise<string> {
  const result = await ctx.commands.run({ kind: 'command', argv: [litestreamBinary(), ...args], timeoutMs: 60_000 }, { signal: ctx.signal });
  if (result.spawnError) throw new ActionError(`cannot run litestream: ${result.spawnError}`, { hint: LITESTREAM_MISSING });
  if (result.exitCode !== 0) {
    const last = (result.stderr.trim() || result.stdout.trim()).split('\n').pop() ?? '';
    throw new ActionError(`litestream ${args[0]} failed (exit ${result.exitCode}): ${last}`, { hint: 'Check the replica URL.' });
  }
  return result.stdout;
}
