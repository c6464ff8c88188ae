import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionError } from '../../errors.js';
import { postgresOwner, runAsPostgresArgv } from '../../postgres/server-env.js';
import type { ActionContext } from '../types.js';
import { pgbackrestBackups, pgbackrestBase } from './pgbackrest.js';
import { parseSegment, segmentFromNumber } from './wal-segments.js';

/**
 * WAL from a pgBackRest repository, fetched segment by segment with `archive-get` into a
 * new directory, so `pg_waldump` can read it like a plain archive. From the first segment of
 * the newest backup that ended before `after` (else the oldest backup) to `last`.
 */
export async function fetchWalFromPgbackrest(
  ctx: Pick<ActionContext, 'commands' | 'signal' | 'target' | 'log'>,
  after: Date,
  last: string,
  segSize: number,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const backups = await pgbackrestBackups(ctx);
  if (backups.length === 0) throw new ActionError(`pgBackRest stanza ${ctx.target.pgbackrest?.stanza} has no backup`, { hint: 'Run pgbackrest backup first.' });
  const from = (backups.filter((b) => b.timestamp.stop * 1000 < after.getTime()).pop() ?? backups[0]!) as { archive?: { start?: string } };
  const first = from.archive?.start;
  if (!first) throw new ActionError('pgbackrest info gives no first WAL segment for the backup', { hint: 'Check the stanza with pgbackrest check.' });
  const dir = await mkdtemp(join(tmpdir(), 'pitstop-wal-'));
  const owner = postgresOwner();
  if (owner) await chown(dir, owner.uid, owner.gid);
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const tli = parseSegment(last, segSize).tli;
    const start = parseSegment(first, segSize).seg;
    const end = parseSegment(last, segSize).seg;
    ctx.log(`fetching WAL ${first}…${last} from pgBackRest into ${dir}`);
    for (let seg = start; seg <= end; seg++) {
      const name = segmentFromNumber(tli, seg, segSize);
      const argv = runAsPostgresArgv([...pgbackrestBase(ctx.target), 'archive-get', name, join(dir, name)]);
      const result = await ctx.commands.run({ kind: 'command', argv, cwd: '/' }, { signal: ctx.signal });
      if (result.exitCode !== 0) {
        throw new ActionError(`pgbackrest archive-get ${name} failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').pop() ?? ''}`, {
          hint: 'The repository is missing a WAL segment: PITR past it is impossible. Check pgbackrest check and the archive_command.',
        });
      }
    }
    return { dir, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
