import { decryptAction } from '../common/decrypt.js';
import { encryptAction } from '../common/encrypt.js';
import type { ActionDefinition } from '../types.js';
import { compareCountsAction } from './compare-counts.js';
import { dropScratchAction } from './drop-scratch.js';
import { dumpAction } from './dump.js';
import { ensureExtensionsAction } from './ensure-extensions.js';
import { restoreAction, restoreIntoTargetAction } from './restore.js';
import { pgRetentionAction } from './retention.js';
import { verifyDumpAction } from './verify-dump.js';

/** The PostgreSQL actions of this group (dumps), and GnuPG backup.encrypt/decrypt, registered by `../registry.ts`. */
export const dumpsActions: ActionDefinition<any>[] = [
  dumpAction,
  verifyDumpAction,
  ensureExtensionsAction,
  restoreAction,
  restoreIntoTargetAction,
  pgRetentionAction,
  compareCountsAction,
  dropScratchAction,
  encryptAction,
  decryptAction,
];
