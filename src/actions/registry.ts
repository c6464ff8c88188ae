import { appCommandAction } from './app/app-command.js';
import { backupChecksumAction } from './common/checksum.js';
import { archiveRowsAction } from './libsql/archive-rows.js';
import { copyRowsAction } from './libsql/copy-rows.js';
import { integrityCheckAction } from './libsql/integrity-check.js';
import { maintenanceAction } from './libsql/maintenance.js';
import { openSnapshotAction } from './libsql/open-snapshot.js';
import { restoreSnapshotAction } from './libsql/restore-snapshot.js';
import { retentionAction } from './libsql/retention.js';
import { snapshotAction } from './libsql/snapshot.js';
import { litestreamCheckAction } from './litestream/check.js';
import { litestreamRestoreAction } from './litestream/restore.js';
import { tursoExportAction } from './turso/export.js';
import { tursoPitrAction } from './turso/pitr.js';
import { dumpsActions } from './postgres/dump-actions.js';
import { physicalActions } from './postgres/pitr-actions.js';
import { serverActions } from './postgres/server-actions.js';
import type { ActionDefinition } from './types.js';

/**
 * Every built-in action, by name. Engine-specific actions register here as they are built
 * (PostgreSQL and libSQL issues); lint rejects names that are not listed, or that belong to
 * another engine than the runbook's.
 */
const ACTIONS: ActionDefinition<any>[] = [
  appCommandAction('stop'),
  appCommandAction('start'),
  appCommandAction('health'),
  appCommandAction('migrate'),
  integrityCheckAction,
  snapshotAction,
  restoreSnapshotAction,
  openSnapshotAction,
  copyRowsAction,
  maintenanceAction,
  archiveRowsAction,
  retentionAction,
  tursoPitrAction,
  tursoExportAction,
  litestreamRestoreAction,
  litestreamCheckAction,
  backupChecksumAction,
  ...dumpsActions,
  ...physicalActions,
  ...serverActions,
];

const BY_NAME = new Map(ACTIONS.map((a) => [a.name, a]));

export function getAction(name: string): ActionDefinition<any> | undefined {
  return BY_NAME.get(name);
}

export function listActions(): readonly ActionDefinition<any>[] {
  return ACTIONS;
}

/** Whether a runbook for `engine` may use `action` (`any` actions fit every runbook). */
export function actionFitsEngine(action: ActionDefinition<any>, engine: 'postgres' | 'libsql' | 'any'): boolean {
  return action.engine === 'any' || engine === 'any' || action.engine === engine;
}
