import type { ActionDefinition } from '../types.js';
import { amcheckAction } from './amcheck.js';
import { cutoverAction } from './cutover.js';
import { reindexAction } from './reindex.js';

/** The PostgreSQL actions of this group (server), registered by `../registry.ts`. */
export const serverActions: ActionDefinition<any>[] = [amcheckAction, reindexAction, cutoverAction];
