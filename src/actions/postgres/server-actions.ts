import type { ActionDefinition } from '../types.js';
import { amcheckAction } from './amcheck.js';

/** The PostgreSQL actions of this group (server), registered by `../registry.ts`. */
export const serverActions: ActionDefinition<any>[] = [amcheckAction];
