import type { TargetView } from '../engine/types.js';
import { appCommandSpec } from './app/app-command.spec.js';
import { backupChecksumSpec } from './common/checksum.spec.js';
import { decryptSpec } from './common/decrypt.spec.js';
import { encryptSpec } from './common/encrypt.spec.js';
import { archivePlanSpec } from './libsql/archive-plan.spec.js';
import { archiveRowsSpec } from './libsql/archive-rows.spec.js';
import { copyRowsSpec as libsqlCopyRowsSpec } from './libsql/copy-rows.spec.js';
import { integrityCheckSpec } from './libsql/integrity-check.spec.js';
import { maintenanceSpec } from './libsql/maintenance.spec.js';
import { openSnapshotSpec } from './libsql/open-snapshot.spec.js';
import { restoreSnapshotSpec } from './libsql/restore-snapshot.spec.js';
import { retentionSpec } from './libsql/retention.spec.js';
import { salvageSpec } from './libsql/salvage.spec.js';
import { snapshotSpec } from './libsql/snapshot.spec.js';
import { validateSpec as libsqlValidateSpec } from './libsql/validate.spec.js';
import { litestreamCheckSpec } from './litestream/check.spec.js';
import { litestreamRestoreSpec } from './litestream/restore.spec.js';
import { amcheckSpec } from './postgres/amcheck.spec.js';
import { basebackupSpec } from './postgres/basebackup.spec.js';
import { compareCountsSpec } from './postgres/compare-counts.spec.js';
import { copyRowsSpec as pgCopyRowsSpec } from './postgres/copy-rows.spec.js';
import { cutoverSpec } from './postgres/cutover.spec.js';
import { dropScratchSpec } from './postgres/drop-scratch.spec.js';
import { dumpSpec } from './postgres/dump.spec.js';
import { ensureExtensionsSpec } from './postgres/ensure-extensions.spec.js';
import { findTransactionSpec } from './postgres/find-transaction.spec.js';
import { pitrSpec } from './postgres/pitr.spec.js';
import { promoteRestoredSpec } from './postgres/promote-restored.spec.js';
import { restorePointSpec } from './postgres/restore-point.spec.js';
import { reindexSpec } from './postgres/reindex.spec.js';
import { restoreSpec } from './postgres/restore.spec.js';
import { pgRetentionSpec } from './postgres/retention.spec.js';
import { stopRestoredSpec } from './postgres/stop-restored.spec.js';
import { validateSpec } from './postgres/validate.spec.js';
import { verifyDumpSpec } from './postgres/verify-dump.spec.js';
import { walArchiveCheckSpec } from './postgres/wal-archive-check.spec.js';
import { tursoExportSpec } from './turso/export.spec.js';
import { tursoPitrSpec } from './turso/pitr.spec.js';
import type { ActionImplementation, ActionSpec, ActionTargetView } from './types.js';

/**
 * An action as the engine, lint, list, schema and dry runs see it: its spec, and `load()`,
 * which imports the implementation (drivers, execa, child processes) only when the runner
 * reaches a step that uses it.
 */
export interface RegisteredAction<Args = any> extends Omit<ActionSpec<Args>, 'describe'> {
  describe(args: Args, target: TargetView): string[];
  load(): Promise<ActionImplementation<Args>['run']>;
}

function lazy<Args>(spec: ActionSpec<Args>, implementation: () => Promise<ActionImplementation<Args>>): RegisteredAction<Args> {
  return {
    ...spec,
    // The engine's view is the target's validated pitstop.yaml fields without its secrets: the typed view, as data.
    describe: (args, target) => spec.describe(args, target as unknown as ActionTargetView),
    load: async () => (await implementation()).run,
  };
}

/**
 * Every built-in action, by name. Engine-specific actions register here as they are built
 * (PostgreSQL and libSQL issues); lint rejects names that are not listed, or that belong to
 * another engine than the runbook's. Each `import()` is its own chunk of the bundle.
 */
const ACTIONS: RegisteredAction[] = [
  ...(['stop', 'start', 'health', 'migrate'] as const).map((which) =>
    lazy(appCommandSpec(which), async () => (await import('./app/app-command.js')).appCommandAction(which)),
  ),
  lazy(integrityCheckSpec, async () => (await import('./libsql/integrity-check.js')).integrityCheckAction),
  lazy(snapshotSpec, async () => (await import('./libsql/snapshot.js')).snapshotAction),
  lazy(restoreSnapshotSpec, async () => (await import('./libsql/restore-snapshot.js')).restoreSnapshotAction),
  lazy(openSnapshotSpec, async () => (await import('./libsql/open-snapshot.js')).openSnapshotAction),
  lazy(libsqlCopyRowsSpec, async () => (await import('./libsql/copy-rows.js')).copyRowsAction),
  lazy(maintenanceSpec, async () => (await import('./libsql/maintenance.js')).maintenanceAction),
  lazy(archivePlanSpec, async () => (await import('./libsql/archive-plan.js')).archivePlanAction),
  lazy(archiveRowsSpec, async () => (await import('./libsql/archive-rows.js')).archiveRowsAction),
  lazy(retentionSpec, async () => (await import('./libsql/retention.js')).retentionAction),
  lazy(salvageSpec, async () => (await import('./libsql/salvage.js')).salvageAction),
  lazy(libsqlValidateSpec, async () => (await import('./libsql/validate.js')).validateAction),
  lazy(tursoPitrSpec, async () => (await import('./turso/pitr.js')).tursoPitrAction),
  lazy(tursoExportSpec, async () => (await import('./turso/export.js')).tursoExportAction),
  lazy(litestreamRestoreSpec, async () => (await import('./litestream/restore.js')).litestreamRestoreAction),
  lazy(litestreamCheckSpec, async () => (await import('./litestream/check.js')).litestreamCheckAction),
  lazy(backupChecksumSpec, async () => (await import('./common/checksum.js')).backupChecksumAction),
  // PostgreSQL: dumps, and GnuPG backup.encrypt/decrypt.
  lazy(dumpSpec, async () => (await import('./postgres/dump.js')).dumpAction),
  lazy(verifyDumpSpec, async () => (await import('./postgres/verify-dump.js')).verifyDumpAction),
  lazy(ensureExtensionsSpec, async () => (await import('./postgres/ensure-extensions.js')).ensureExtensionsAction),
  lazy(restoreSpec(false), async () => (await import('./postgres/restore.js')).restoreAction),
  lazy(restoreSpec(true), async () => (await import('./postgres/restore.js')).restoreIntoTargetAction),
  lazy(pgRetentionSpec, async () => (await import('./postgres/retention.js')).pgRetentionAction),
  lazy(compareCountsSpec, async () => (await import('./postgres/compare-counts.js')).compareCountsAction),
  lazy(validateSpec, async () => (await import('./postgres/validate.js')).validateAction),
  lazy(dropScratchSpec, async () => (await import('./postgres/drop-scratch.js')).dropScratchAction),
  lazy(encryptSpec, async () => (await import('./common/encrypt.js')).encryptAction),
  lazy(decryptSpec, async () => (await import('./common/decrypt.js')).decryptAction),
  // PostgreSQL: physical backups and point-in-time recovery.
  lazy(basebackupSpec, async () => (await import('./postgres/basebackup.js')).basebackupAction),
  lazy(pitrSpec, async () => (await import('./postgres/pitr.js')).pitrAction),
  lazy(stopRestoredSpec, async () => (await import('./postgres/stop-restored.js')).stopRestoredAction),
  lazy(findTransactionSpec, async () => (await import('./postgres/find-transaction.js')).findTransactionAction),
  lazy(restorePointSpec, async () => (await import('./postgres/restore-point.js')).restorePointAction),
  lazy(pgCopyRowsSpec, async () => (await import('./postgres/copy-rows.js')).copyRowsAction),
  lazy(walArchiveCheckSpec, async () => (await import('./postgres/wal-archive-check.js')).walArchiveCheckAction),
  lazy(promoteRestoredSpec, async () => (await import('./postgres/promote-restored.js')).promoteRestoredAction),
  // PostgreSQL: the server (corruption checks, cutover).
  lazy(amcheckSpec, async () => (await import('./postgres/amcheck.js')).amcheckAction),
  lazy(reindexSpec, async () => (await import('./postgres/reindex.js')).reindexAction),
  lazy(cutoverSpec, async () => (await import('./postgres/cutover.js')).cutoverAction),
];

const BY_NAME = new Map(ACTIONS.map((a) => [a.name, a]));

/** The action called `name`: its spec, and how to load what it does. */
export function getAction(name: string): RegisteredAction | undefined {
  return BY_NAME.get(name);
}

export function listActions(): readonly RegisteredAction[] {
  return ACTIONS;
}

/** Whether a runbook for `engine` may use `action` (`any` actions fit every runbook). */
export function actionFitsEngine(action: Pick<ActionSpec<unknown>, 'engine'>, engine: 'postgres' | 'libsql' | 'any'): boolean {
  return action.engine === 'any' || engine === 'any' || action.engine === engine;
}
