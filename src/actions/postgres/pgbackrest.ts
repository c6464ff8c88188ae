import { ActionError } from '../../errors.js';
import type { Target } from '../../config/schema.js';
import type { ActionContext } from '../types.js';
import { runTool } from './run-tool.js';
import { type RecoveryTarget, pgbackrestTargetOptions } from './recovery-target.js';
import type { RestoreLayout } from './restore-layout.js';
import { parseLsn } from './wal-segments.js';

/** `--config=…` and `--stanza=…` for a target with `pgbackrest:` in pitstop.yaml. */
export function pgbackrestBase(target: Target): string[] {
  const conf = target.pgbackrest;
  if (!conf) throw new ActionError(`target ${target.name} has no pgbackrest stanza`, { hint: 'Add pgbackrest: { stanza: NAME } to the target in pitstop.yaml.' });
  return ['pgbackrest', ...(conf.config ? [`--config=${conf.config}`] : []), `--stanza=${conf.stanza}`];
}

export interface InfoBackup {
  label: string;
  timestamp: { start: number; stop: number };
  lsn?: { start: string; stop: string };
  archive?: { start: string; stop: string };
}

/**
 * The stanza's backups (`pgbackrest info --output=json`), oldest first. pgBackRest runs as
 * the postgres user: its repository and lock files belong to it.
 */
export async function pgbackrestBackups(ctx: Pick<ActionContext, 'commands' | 'signal' | 'target'>): Promise<InfoBackup[]> {
  const result = await runTool(ctx, [...pgbackrestBase(ctx.target), '--output=json', 'info'], 'pgbackrest info', { asPostgres: true });
  let info: { backup?: InfoBackup[] }[];
  try {
    info = JSON.parse(result.stdout) as { backup?: InfoBackup[] }[];
  } catch {
    throw new ActionError('pgbackrest info did not print JSON', { hint: 'Run it by hand with --output=json to see why.' });
  }
  return (info[0]?.backup ?? []).sort((a, b) => a.timestamp.stop - b.timestamp.stop);
}

/** Refuses a target before the oldest backup of the stanza (time and LSN targets). */
export function checkPgbackrestCovers(backups: InfoBackup[], target: RecoveryTarget, stanza: string): InfoBackup {
  if (backups.length === 0) {
    throw new ActionError(`pgBackRest stanza ${stanza} has no backup`, { hint: 'Run pgbackrest backup --type=full first.' });
  }
  const oldest = backups[0]!;
  const before =
    (target.kind === 'time' && target.utc.getTime() <= oldest.timestamp.stop * 1000) ||
    (target.kind === 'lsn' && oldest.lsn !== undefined && parseLsn(target.lsn) < parseLsn(oldest.lsn.stop));
  if (before) {
    throw new ActionError(
      `the recovery target is before the oldest pgBackRest backup of stanza ${stanza} (${oldest.label}, finished ${new Date(oldest.timestamp.stop * 1000).toISOString()}): nothing to restore from`,
      { hint: 'Point-in-time recovery only goes forward from a backup. Pick a later target.' },
    );
  }
  return backups[backups.length - 1]!;
}

/** `pgbackrest restore` into the layout's (new, empty) data directory, never archiving. */
export async function pgbackrestRestore(
  ctx: Pick<ActionContext, 'commands' | 'signal' | 'target'>,
  layout: RestoreLayout,
  target: RecoveryTarget,
  set?: string,
  action: 'promote' | 'pause' = 'promote',
): Promise<string[]> {
  const argv = [...pgbackrestBase(ctx.target), `--pg1-path=${layout.dataDir}`, '--archive-mode=off', ...(set ? [`--set=${set}`] : []), ...pgbackrestTargetOptions(target, action), 'restore'];
  await runTool(ctx, argv, 'pgbackrest restore', { asPostgres: true });
  return argv;
}
