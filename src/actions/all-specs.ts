import { appCommandSpec } from './app/app-command.spec.js';
import { backupChecksumSpec } from './common/checksum.spec.js';
import { decryptSpec } from './common/decrypt.spec.js';
import { encryptSpec } from './common/encrypt.spec.js';
import { archivePlanSpec } from './libsql/archive-plan.spec.js';
import { archiveRowsSpec } from './libsql/archive-rows.spec.js';
import { copyPlanSpec as libsqlCopyPlanSpec } from './libsql/copy-plan.spec.js';
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
import { copyPlanSpec } from './postgres/copy-plan.spec.js';
import { copyRowsSpec as pgCopyRowsSpec } from './postgres/copy-rows.spec.js';
import { cutoverSpec } from './postgres/cutover.spec.js';
import { dropScratchSpec } from './postgres/drop-scratch.spec.js';
import { dumpSpec } from './postgres/dump.spec.js';
import { ensureExtensionsSpec } from './postgres/ensure-extensions.spec.js';
import { findTransactionSpec } from './postgres/find-transaction.spec.js';
import { pitrSpec } from './postgres/pitr.spec.js';
import { promoteRestoredSpec } from './postgres/promote-restored.spec.js';
import { reindexSpec } from './postgres/reindex.spec.js';
import { restorePointSpec } from './postgres/restore-point.spec.js';
import { restoreSpec } from './postgres/restore.spec.js';
import { pgRetentionSpec } from './postgres/retention.spec.js';
import { stopRestoredSpec } from './postgres/stop-restored.spec.js';
import { validateSpec } from './postgres/validate.spec.js';
import { verifyDumpSpec } from './postgres/verify-dump.spec.js';
import { walArchiveCheckSpec } from './postgres/wal-archive-check.spec.js';
import { tursoExportSpec } from './turso/export.spec.js';
import { tursoPitrSpec } from './turso/pitr.spec.js';
import { registerActionSpecs } from './registry.js';
import type { ActionSpec } from './types.js';

/**
 * The spec of every built-in action, imported statically: for lint (which checks any action a
 * runbook names, and lists the others), dry runs and reports. Importing this module registers
 * them all with the registry. A run imports only the specs its runbook uses (see registry.ts).
 */
export const ALL_ACTION_SPECS: readonly ActionSpec<any>[] = [
  ...(['stop', 'start', 'health', 'migrate'] as const).map((which) => appCommandSpec(which)),
  backupChecksumSpec,
  decryptSpec,
  encryptSpec,
  archivePlanSpec,
  archiveRowsSpec,
  libsqlCopyPlanSpec,
  libsqlCopyRowsSpec,
  integrityCheckSpec,
  maintenanceSpec,
  openSnapshotSpec,
  restoreSnapshotSpec,
  retentionSpec,
  salvageSpec,
  snapshotSpec,
  libsqlValidateSpec,
  litestreamCheckSpec,
  litestreamRestoreSpec,
  amcheckSpec,
  basebackupSpec,
  compareCountsSpec,
  copyPlanSpec,
  pgCopyRowsSpec,
  cutoverSpec,
  dropScratchSpec,
  dumpSpec,
  ensureExtensionsSpec,
  findTransactionSpec,
  pitrSpec,
  promoteRestoredSpec,
  restorePointSpec,
  reindexSpec,
  restoreSpec(false),
  restoreSpec(true),
  pgRetentionSpec,
  stopRestoredSpec,
  validateSpec,
  verifyDumpSpec,
  walArchiveCheckSpec,
  tursoExportSpec,
  tursoPitrSpec,
];

registerActionSpecs(ALL_ACTION_SPECS);
