import type { ActionDefinition } from '../types.js';

/** The PostgreSQL actions of this group (physical), registered by `../registry.ts`. */
export const physicalActions: ActionDefinition<any>[] = [];
