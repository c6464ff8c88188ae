import { z } from 'zod';

/** `pitstop.yaml` (product spec §3). Values may hold `${env:NAME}` references. */

const argv = z.array(z.string()).min(1);

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
  })
  .strict();
export type TargetConfig = z.infer<typeof TargetConfig>;

export const PitstopConfig = z
  .object({
    targets: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/), TargetConfig),
  })
  .strict();
export type PitstopConfig = z.infer<typeof PitstopConfig>;

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
