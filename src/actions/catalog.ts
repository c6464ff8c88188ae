import type { ActionImplementation, ActionSpec } from './types.js';

/** How to import an action's spec (its arguments' schema: zod) and, apart, what it does (drivers, execa). */
export interface CatalogEntry {
  spec(): Promise<ActionSpec<any>>;
  implementation(): Promise<ActionImplementation<any>>;
}

const entry = (spec: CatalogEntry['spec'], implementation: CatalogEntry['implementation']): CatalogEntry => ({ spec, implementation });

/**
 * Every built-in action by name, each half behind its own `import()` (its own chunk of the
 * bundle): a run loads the specs of the actions its runbook uses and nothing of the others.
 * Engine-specific actions register here as they are built; a test checks each name against
 * its spec's own.
 */
export const ACTION_CATALOG: Readonly<Record<string, CatalogEntry>> = {
  'app.stop': entry(async () => (await import('./app/app-command.spec.js')).appCommandSpec('stop'), async () => (await import('./app/app-command.js')).appCommandAction('stop')),
  'app.start': entry(async () => (await import('./app/app-command.spec.js')).appCommandSpec('start'), async () => (await import('./app/app-command.js')).appCommandAction('start')),
  'app.health': entry(async () => (await import('./app/app-command.spec.js')).appCommandSpec('health'), async () => (await import('./app/app-command.js')).appCommandAction('health')),
  'app.migrate': entry(async () => (await import('./app/app-command.spec.js')).appCommandSpec('migrate'), async () => (await import('./app/app-command.js')).appCommandAction('migrate')),
  'libsql.integrity-check': entry(async () => (await import('./libsql/integrity-check.spec.js')).integrityCheckSpec, async () => (await import('./libsql/integrity-check.js')).integrityCheckAction),
  'libsql.snapshot': entry(async () => (await import('./libsql/snapshot.spec.js')).snapshotSpec, async () => (await import('./libsql/snapshot.js')).snapshotAction),
  'libsql.restore-snapshot': entry(async () => (await import('./libsql/restore-snapshot.spec.js')).restoreSnapshotSpec, async () => (await import('./libsql/restore-snapshot.js')).restoreSnapshotAction),
  'libsql.open-snapshot': entry(async () => (await import('./libsql/open-snapshot.spec.js')).openSnapshotSpec, async () => (await import('./libsql/open-snapshot.js')).openSnapshotAction),
  'libsql.copy-plan': entry(async () => (await import('./libsql/copy-plan.spec.js')).copyPlanSpec, async () => (await import('./libsql/copy-plan.js')).copyPlanAction),
  'libsql.copy-rows': entry(async () => (await import('./libsql/copy-rows.spec.js')).copyRowsSpec, async () => (await import('./libsql/copy-rows.js')).copyRowsAction),
  'libsql.maintenance': entry(async () => (await import('./libsql/maintenance.spec.js')).maintenanceSpec, async () => (await import('./libsql/maintenance.js')).maintenanceAction),
  'libsql.archive-plan': entry(async () => (await import('./libsql/archive-plan.spec.js')).archivePlanSpec, async () => (await import('./libsql/archive-plan.js')).archivePlanAction),
  'libsql.archive-rows': entry(async () => (await import('./libsql/archive-rows.spec.js')).archiveRowsSpec, async () => (await import('./libsql/archive-rows.js')).archiveRowsAction),
  'libsql.retention': entry(async () => (await import('./libsql/retention.spec.js')).retentionSpec, async () => (await import('./libsql/retention.js')).retentionAction),
  'libsql.salvage': entry(async () => (await import('./libsql/salvage.spec.js')).salvageSpec, async () => (await import('./libsql/salvage.js')).salvageAction),
  'libsql.validate': entry(async () => (await import('./libsql/validate.spec.js')).validateSpec, async () => (await import('./libsql/validate.js')).validateAction),
  'turso.pitr': entry(async () => (await import('./turso/pitr.spec.js')).tursoPitrSpec, async () => (await import('./turso/pitr.js')).tursoPitrAction),
  'turso.export': entry(async () => (await import('./turso/export.spec.js')).tursoExportSpec, async () => (await import('./turso/export.js')).tursoExportAction),
  'litestream.restore': entry(async () => (await import('./litestream/restore.spec.js')).litestreamRestoreSpec, async () => (await import('./litestream/restore.js')).litestreamRestoreAction),
  'litestream.check': entry(async () => (await import('./litestream/check.spec.js')).litestreamCheckSpec, async () => (await import('./litestream/check.js')).litestreamCheckAction),
  'backup.checksum': entry(async () => (await import('./common/checksum.spec.js')).backupChecksumSpec, async () => (await import('./common/checksum.js')).backupChecksumAction),
  'postgres.dump': entry(async () => (await import('./postgres/dump.spec.js')).dumpSpec, async () => (await import('./postgres/dump.js')).dumpAction),
  'postgres.verify-dump': entry(async () => (await import('./postgres/verify-dump.spec.js')).verifyDumpSpec, async () => (await import('./postgres/verify-dump.js')).verifyDumpAction),
  'postgres.ensure-extensions': entry(async () => (await import('./postgres/ensure-extensions.spec.js')).ensureExtensionsSpec, async () => (await import('./postgres/ensure-extensions.js')).ensureExtensionsAction),
  'postgres.restore': entry(async () => (await import('./postgres/restore.spec.js')).restoreSpec(false), async () => (await import('./postgres/restore.js')).restoreAction),
  'postgres.restore-into-target': entry(async () => (await import('./postgres/restore.spec.js')).restoreSpec(true), async () => (await import('./postgres/restore.js')).restoreIntoTargetAction),
  'postgres.retention': entry(async () => (await import('./postgres/retention.spec.js')).pgRetentionSpec, async () => (await import('./postgres/retention.js')).pgRetentionAction),
  'postgres.compare-counts': entry(async () => (await import('./postgres/compare-counts.spec.js')).compareCountsSpec, async () => (await import('./postgres/compare-counts.js')).compareCountsAction),
  'postgres.validate': entry(async () => (await import('./postgres/validate.spec.js')).validateSpec, async () => (await import('./postgres/validate.js')).validateAction),
  'postgres.drop-scratch': entry(async () => (await import('./postgres/drop-scratch.spec.js')).dropScratchSpec, async () => (await import('./postgres/drop-scratch.js')).dropScratchAction),
  'backup.encrypt': entry(async () => (await import('./common/encrypt.spec.js')).encryptSpec, async () => (await import('./common/encrypt.js')).encryptAction),
  'backup.decrypt': entry(async () => (await import('./common/decrypt.spec.js')).decryptSpec, async () => (await import('./common/decrypt.js')).decryptAction),
  'postgres.basebackup': entry(async () => (await import('./postgres/basebackup.spec.js')).basebackupSpec, async () => (await import('./postgres/basebackup.js')).basebackupAction),
  'postgres.pitr': entry(async () => (await import('./postgres/pitr.spec.js')).pitrSpec, async () => (await import('./postgres/pitr.js')).pitrAction),
  'postgres.stop-restored': entry(async () => (await import('./postgres/stop-restored.spec.js')).stopRestoredSpec, async () => (await import('./postgres/stop-restored.js')).stopRestoredAction),
  'postgres.find-transaction': entry(async () => (await import('./postgres/find-transaction.spec.js')).findTransactionSpec, async () => (await import('./postgres/find-transaction.js')).findTransactionAction),
  'postgres.restore-point': entry(async () => (await import('./postgres/restore-point.spec.js')).restorePointSpec, async () => (await import('./postgres/restore-point.js')).restorePointAction),
  'postgres.copy-rows': entry(async () => (await import('./postgres/copy-rows.spec.js')).copyRowsSpec, async () => (await import('./postgres/copy-rows.js')).copyRowsAction),
  'postgres.copy-plan': entry(async () => (await import('./postgres/copy-plan.spec.js')).copyPlanSpec, async () => (await import('./postgres/copy-plan.js')).copyPlanAction),
  'postgres.wal-archive-check': entry(async () => (await import('./postgres/wal-archive-check.spec.js')).walArchiveCheckSpec, async () => (await import('./postgres/wal-archive-check.js')).walArchiveCheckAction),
  'postgres.promote-restored': entry(async () => (await import('./postgres/promote-restored.spec.js')).promoteRestoredSpec, async () => (await import('./postgres/promote-restored.js')).promoteRestoredAction),
  'postgres.amcheck': entry(async () => (await import('./postgres/amcheck.spec.js')).amcheckSpec, async () => (await import('./postgres/amcheck.js')).amcheckAction),
  'postgres.reindex': entry(async () => (await import('./postgres/reindex.spec.js')).reindexSpec, async () => (await import('./postgres/reindex.js')).reindexAction),
  'postgres.cutover': entry(async () => (await import('./postgres/cutover.spec.js')).cutoverSpec, async () => (await import('./postgres/cutover.js')).cutoverAction),
};
