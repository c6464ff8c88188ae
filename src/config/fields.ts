import type { z } from 'zod';
import { PitstopConfig } from './schema.js';

/** The parts of a zod schema's definition this walk reads. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Wrappers say nothing about fields: look through them; of a union (a matcher: a value or `{ eq, … }`), the mapping. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let def = defOf(s); ; def = defOf(s)) {
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) s = def.innerType;
    else if (def.type === 'union' && def.options?.some((o) => defOf(o).type === 'object')) s = def.options.find((o) => defOf(o).type === 'object')!;
    else return s;
  }
}

/**
 * The fields pitstop.yaml allows in the mapping at `path` (`['targets', 'shop', 'data']` →
 * tables, sets, checks, archive), read from the schema itself so that messages never drift
 * from it; undefined where the mapping's keys are names (targets, tables, sets) rather than fields.
 */
export function allowedFields(path: ReadonlyArray<string | number>): string[] | undefined {
  let schema: z.ZodType = PitstopConfig;
  for (const key of path) {
    const def = defOf(unwrap(schema));
    const next = def.type === 'object' ? def.shape?.[String(key)] : def.type === 'record' ? def.valueType : def.type === 'array' ? def.element : undefined;
    if (!next) return undefined;
    schema = next;
  }
  const def = defOf(unwrap(schema));
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}
