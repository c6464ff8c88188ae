import type { ActionDefinition } from '../types.js';

/** The PostgreSQL actions of this group (dumps), registered by `../registry.ts`. */
export const dumpsActions: ActionDefinition<any>[] = [];
