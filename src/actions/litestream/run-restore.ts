import { existsSync } from 'node:fs';
import { ActionError } from '../../errors.js';
import type { ActionContext } from '../types.js';
import { LITESTREAM_MISSING, litestreamBinary } from './binary.js';

/** The replica to restore from: the step's, else the target's `litestream.replica`. */
export function replicaOf(ctx: ActionContext, given: string | undefined): string {
  const replica = given ?? ctx.target.litestream?.replica;
  if (!replica) {
    throw new ActionError(`target ${ctx.target.name} has no Litestream replica`, {
      hint: `Add litestream: { replica: file:///… } to target ${ctx.target.name}, or pass replica: to the step.`,
    });
  }
  return replica;
}

/**
 * `litestream restore -o OUTPUT [-timestamp T] REPLICA` (T already in UTC), run through the
 * command executor. OUTPUT must not exist; a failure becomes an ActionError with
 * Litestream's last line.
 */
export async function runLitestreamRestore(ctx: ActionContext, replica: string, output: string, atUtc: string | null): Promise<void> {
  const argv = [litestreamBinary(), 'restore', '-o', output, ...(atUtc ? ['-timestamp', atUtc] : []), replica];
  ctx.log(`litestream restore -o ${output}${atUtc ? ` -timestamp ${atUtc}` : ''} ${replica}`);
  const result = await ctx.commands.run({ kind: 'command', argv, timeoutMs: 30 * 60_000 }, { signal: ctx.signal });
  if (result.spawnError) {
    throw new ActionError(`cannot run litestream: ${result.spawnError}`, { hint: LITESTREAM_MISSING });
  }
  if (result.exitCode !== 0 || !existsSync(output)) {
    const last = (result.stderr.trim() || result.stdout.trim()).split('\n').pop() ?? '';
    throw new ActionError(`litestream restore failed (exit ${result.exitCode}): ${last}`, {
      hint: atUtc
        ? 'The timestamp may be before the first snapshot or after the last sync of the replica: check with `litestream snapshots REPLICA`.'
        : 'Check the replica URL, and that `litestream replicate` has written to it.',
    });
  }
}
