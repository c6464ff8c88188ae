import { z } from 'zod';
import type { ActionSpec } from '../types.js';

export const Args = z
  .object({
    /** Which database: the target (production) or the copy an earlier restore step made. */
    on: z.enum(['target', 'restored']).default('target'),
    /** On the restored copy: also count each table in production and compare, side by side. */
    compare: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(false)),
    /** Allowed difference when comparing, in percent of the larger count (0: equal counts). */
    tolerance_pct: z.coerce.number().min(0).max(100).default(0),
    /** A database whose tables hold no rows at all passes (a new, still empty application). */
    allow_empty: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().default(false)),
  })
  .strict();
export type Args = z.infer<typeof Args>;

/**
 * `postgres.validate`: validates a database from what the target says about its data
 * (`data.tables`, `data.checks` in pitstop.yaml), or, without `data.tables`, every user table
 * outside the system schemas. Each table is counted exactly (`count(*)`), with the newest
 * value of its `newest` column; each check runs read-only with its parameters bound and its
 * expectations judged like a step's. A missing table, a failed check, a database without
 * rows, or (with `compare`) a count that differs from production fails the step.
 *
 * Outputs: `tables`, `rows` (their sum), `empty_tables`, `missing_tables`, `checks`,
 * `checks_failed`, `differing` (with compare), `newest` (the latest newest value), `counts`
 * (name → rows), and per table `rows_NAME` and `newest_NAME` (NAME as listed, every
 * character but letters, digits and `_` made `_`: `public.orders` → `rows_public_orders`).
 */
export const validateSpec: ActionSpec<Args> = {
  name: 'postgres.validate',
  engine: 'postgres',
  summary: "Validate a database from the target's data: rows per table (data.tables, or every user table), newest rows, read-only checks; optionally the copy against production",
  args: Args,
  destructive: false,
  writes: false,
  repeatable: true,
  describe(args, target) {
    const where = args.on === 'restored' ? 'the restored copy' : target.name;
    const tables = Object.keys(target.data?.tables ?? {});
    const checks = target.data?.checks ?? [];
    return [
      tables.length
        ? `on ${where}: SELECT count(*) (and max of the newest column) FROM ${tables.join(', ')}`
        : `on ${where}: SELECT count(*) FROM every user table outside pg_catalog and information_schema`,
      ...checks.map((c) => `on ${where}, read-only: check ${c.id}: ${c.query.replace(/\s+/g, ' ').trim()}`),
      ...(args.compare && args.on === 'restored' ? [`the same counts on ${target.name}; allowed difference ${args.tolerance_pct}%`] : []),
    ];
  },
};
