import type { ActionDefinition } from '../types.js';
import { basebackupAction } from './basebackup.js';
import { copyRowsAction } from './copy-rows.js';
import { findTransactionAction } from './find-transaction.js';
import { pitrAction } from './pitr.js';
import { promoteRestoredAction } from './promote-restored.js';
import { stopRestoredAction } from './stop-restored.js';
import { walArchiveCheckAction } from './wal-archive-check.js';

/** The PostgreSQL actions of this group (physical), registered by `../registry.ts`. */
export const physicalActions: ActionDefinition<any>[] = [basebackupAction, pitrAction, stopRestoredAction, findTransactionAction, copyRowsAction, walArchiveCheckAction, promoteRestoredAction];
