import { z } from 'zod';
import { qualifiedName } from './qualified-name.js';
import type { ActionSpec } from '../types.js';

/** An index as `postgres.amcheck` names it: `{ schema, name }` (its `index_relations`), or `SCHEMA.NAME` text. */
export const IndexRef = z.union([
  z.object({ schema: z.string().min(1), name: z.string().min(1), table: z.string().optional() }).strict(),
  z.string().min(1),
]);
export const Args = z
  .object({
    /** The indexes to rebuild: exactly those amcheck named (`{{ steps.ID.outputs.index_relations }}`). */
    indexes: z.union([z.array(IndexRef).min(1, 'no index to rebuild: pass the indexes amcheck named'), IndexRef.transform((ref) => [ref])]),
  })
  .strict();
export type Args = z.infer<typeof Args>;
export function display(ref: Args['indexes'][number]): string {
  return typeof ref === 'string' ? ref : qualifiedName(ref.schema, ref.name);
}

/**
 * `postgres.reindex`: REINDEX INDEX for exactly the indexes given (each name quoted), each in
 * its own transaction, then `bt_index_check(heapallindexed)` on each new index as proof. An
 * index is derived data: REINDEX rebuilds it from the table and loses nothing, but it locks the
 * table against writes while it runs (the app is stopped in the corruption runbook), so it is
 * a destructive step on production with a typed gate. Every name is looked up before anything
 * is rebuilt: one unknown name and nothing is done.
 */
export const reindexSpec: ActionSpec<Args> = {
  name: 'postgres.reindex',
  engine: 'postgres',
  summary: 'REINDEX exactly the named indexes (from postgres.amcheck), then bt_index_check each rebuilt index',
  args: Args,
  destructive: true,
  writes: true,
  repeatable: true,
  describe(args, target) {
    const refs = Array.isArray(args.indexes) ? args.indexes : [args.indexes as Args['indexes'][number]];
    return [
      ...refs.map((ref) => `REINDEX INDEX ${display(ref)}   (on ${target.name})`),
      'SELECT bt_index_check(index, heapallindexed => true) for each rebuilt index',
    ];
  },
};
