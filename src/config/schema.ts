import { z } from 'zod';
import { SqlExpect } from '../runbook/schema.js';

/** `pitstop.yaml` (docs/targets.md). Values may hold `${env:NAME}` references. */

const argv = z.array(z.string()).min(1);

/** A SQL identifier as written in `data:` (a table or column name; quoted when used). */
const tableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/, 'a table name like orders or sales.orders');
const columnName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'a column name like created_at');
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * What the runbooks know about a target's data (docs/targets.md, "data"): the tables to
 * validate after a restore, named table sets for the dump runbooks, extra validation
 * queries, and the archive rule of the maintenance runbooks. Everything is optional: with
 * no `data:`, validation counts every user table.
 */
export const DataConfig = z
  .object({
    /** Validated after every restore: row count, and the newest row when `newest` names a column. */
    tables: z.record(tableName, z.object({ newest: columnName.optional() }).strict()).optional(),
    /** Named table sets (`critical`, `embeddings`, …) used by the dump runbooks. */
    sets: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a set name like critical'), z.array(tableName).min(1, 'a set names at least one table')).optional(),
    /** Extra read-only validation queries, each with expectations on its first row. */
    checks: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'an id like no-orphan-orders'),
            query: z.string().min(1),
            params: z.array(scalar).optional(),
            /** On the first row, as a runbook's sql step: column → matcher, `$rows` the row count. */
            expect: SqlExpect,
          })
          .strict(),
      )
      .optional(),
    /** The maintenance runbooks' archive rule: rows of `table` whose `column` is older than `older_than`. */
    archive: z
      .object({ table: tableName, column: columnName, older_than: z.string().regex(/^(\d+(ms|s|m|h|d|w))+$/, 'a duration like 90d') })
      .strict()
      .optional(),
  })
  .strict();
export type DataConfig = z.infer<typeof DataConfig>;

/** Per-runbook parameter defaults for this target: `params: { RUNBOOK_ID: { NAME: value } }`. */
export const TargetParams = z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])));
export type TargetParams = z.infer<typeof TargetParams>;

/**
 * The backup kinds `pitstop status` holds to an RPO (product spec §9): the artifacts the
 * backup runbooks make, a continuous copy (`replica`: Litestream, `wal`: the WAL archive),
 * and a pgBackRest repository's newest backup (`pgbackrest`: any type, `pgbackrest-full`).
 */
export const RPO_KINDS = ['dump-full', 'dump-set:NAME', 'basebackup', 'snapshot', 'export', 'replica', 'wal', 'pgbackrest', 'pgbackrest-full'] as const;

const rpoKind = z
  .string()
  .regex(/^(dump-full|dump-set:[A-Za-z0-9_-]+|basebackup|snapshot|export|replica|wal|pgbackrest|pgbackrest-full)$/, `not a backup kind: use ${RPO_KINDS.join(', ')}`);

/** How old the newest backup of each kind may be on this target: `rpo: { snapshot: 6h, dump-full: 24h }`. */
export const TargetRpo = z.record(rpoKind, z.string().regex(/^(\d+(ms|s|m|h|d|w))+$/, 'a duration like 6h, 1d or 7d'));
export type TargetRpo = z.infer<typeof TargetRpo>;

export const TargetConfig = z
  .object({
    engine: z.enum(['postgres', 'libsql']),
    url: z.string().min(1),
    auth_token: z.string().optional(),
    backups: z.string().optional(),
    wal_archive: z.string().optional(),
    pgbackrest: z
      .object({ stanza: z.string().min(1), config: z.string().optional() })
      .strict()
      .optional(),
    extensions: z.array(z.string()).optional(),
    restore: z
      .object({ data_dir: z.string().optional(), port: z.number().int().min(1).max(65535).optional() })
      .strict()
      .optional(),
    app: z
      .object({
        stop: argv.optional(),
        start: argv.optional(),
        health: argv.optional(),
        migrate: argv.optional(),
      })
      .strict()
      .optional(),
    turso: z.object({ database: z.string().min(1) }).strict().optional(),
    litestream: z.object({ replica: z.string().min(1) }).strict().optional(),
    rpo: TargetRpo.optional(),
    data: DataConfig.optional(),
    params: TargetParams.optional(),
  })
  .strict();
export type TargetConfig = z.infer<typeof TargetConfig>;

/** The moments a notification is sent for (product spec §3.2). */
export const NOTIFY_EVENTS = ['failed', 'waiting', 'finished', 'status-warn'] as const;
export type NotifyEventKind = (typeof NOTIFY_EVENTS)[number];

/** One webhook of `notify:`: Slack-compatible `{"text": …}` by default, or the event itself as JSON. */
export const NotifyHook = z
  .object({
    /** The webhook URL, usually `${env:NAME}`: it is a secret, never printed or journaled. */
    url: z.string().min(1),
    format: z.enum(['text', 'json']).default('text'),
    on: z.array(z.enum(NOTIFY_EVENTS)).min(1).default([...NOTIFY_EVENTS]),
  })
  .strict();
export type NotifyHook = z.infer<typeof NotifyHook>;

export const PitstopConfig = z
  .object({
    targets: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/), TargetConfig),
    notify: z.array(NotifyHook).optional(),
  })
  .strict();
export type PitstopConfig = z.infer<typeof PitstopConfig>;

/** JSON Schema of pitstop.yaml, for editors (`pitstop schema targets`, schema/pitstop.schema.json). */
export function targetsJsonSchema(): unknown {
  return z.toJSONSchema(PitstopConfig, { target: 'draft-2020-12', unrepresentable: 'any' });
}

/**
 * A target after `${env:…}` references are resolved. `secrets` lists every value that must
 * never be printed (tokens, passwords in URLs).
 */
export interface Target extends TargetConfig {
  name: string;
  /** True for the built-in sandbox used when there is no pitstop.yaml. */
  builtin?: boolean;
  secrets: string[];
}
