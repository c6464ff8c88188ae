import { join } from 'node:path';
import { z } from 'zod';
import type { AppCommand } from '../app/app-command.spec.js';
import { redactUrl } from '../../util/redact.js';
import type { ActionSpec } from '../types.js';

/** A template that rendered nothing counts as "not given". */
export const blank = (v: unknown): unknown => (v === '' || v === null ? undefined : v);
export const Args = z
  .object({
    /** The environment file the application reads its database URL from. */
    env_file: z.string().min(1),
    variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name (letters, digits, _)').default('DATABASE_URL'),
    /** The whole new URL. Prefer host/port: a URL with a password here would sit in the run's arguments. */
    url: z.preprocess(blank, z.string().min(1).optional()),
    /** Repoint the file's current URL (same user, password, database) to this host or socket directory… */
    host: z.preprocess(blank, z.string().min(1).optional()),
    /** …and/or this port (the restored copy's: `{{ steps.ID.outputs.port }}`). */
    port: z.preprocess(blank, z.coerce.number().int().min(1).max(65535).optional()),
    /** Run the target's app.stop before, app.migrate, app.start and app.health after (those it defines). */
    app: z.boolean().default(true),
    /**
     * With `app`: run app.stop before the switch. `false` when the runbook stopped the
     * application in a step of its own earlier (stopping it twice helps nobody).
     */
    app_stop: z.boolean().default(true),
    /** app.health tries before giving up, 2 s apart (an app takes a moment to come up). */
    health_attempts: z.number().int().min(1).max(100).default(15),
  })
  .strict()
  .refine((a) => (a.url === undefined) !== (a.host === undefined && a.port === undefined), {
    message: 'give either url (the whole new URL) or host and/or port (repoint the current one), not both',
  });
export type Args = z.infer<typeof Args>;

/**
 * `postgres.cutover`: make a restored copy the application's production database.
 * 1. The new database must answer and be promoted (not in recovery); otherwise nothing changes.
 * 2. app.stop (from pitstop.yaml), so nothing writes to the old database during the switch —
 *    unless `app_stop: false` (the runbook stopped the application in its own step).
 * 3. The env file's variable is rewritten to the new URL — by default the current URL with
 *    only host/port changed, so the app keeps its own credentials — atomically (temp file +
 *    rename, 0600), the old file kept as `ENV.bak`.
 * 4. app.migrate, app.start, app.health (retried).
 * Each stage is a checkpoint (app-stopped, env-rewritten, migrated, started, healthy): after
 * a crash, continuing the step goes on after the last stage done. Not repeatable: a crash
 * inside a stage (a migration half run) needs the operator's look, so resume asks first.
 * The old data directory is never touched or deleted. URLs are shown with passwords masked.
 */
export const cutoverSpec: ActionSpec<Args> = {
  name: 'postgres.cutover',
  engine: 'postgres',
  summary:
    'Repoint the application to the restored copy: check it is promoted, app.stop, rewrite DATABASE_URL in its env file atomically (old kept as .bak, 0600), app.migrate, app.start, app.health; each stage a checkpoint (resume continues after the last one done, after asking); the old data directory is left as it is',
  args: Args,
  destructive: true,
  writes: true,
  repeatable: false,
  describe(raw, target) {
    // A dry run may pass arguments that did not validate (placeholders): fill in the defaults.
    const args = { ...raw, variable: raw.variable ?? 'DATABASE_URL', app: raw.app ?? true, app_stop: raw.app_stop ?? true };
    const to = args.url ? redactUrl(args.url) : `the current ${args.variable} with${args.host ? ` host ${args.host}` : ''}${args.port ? ` port ${args.port}` : ''}`;
    const app = target.app;
    const has = (w: AppCommand): boolean => args.app !== false && app?.[w] !== undefined;
    return [
      'check the new database answers and is promoted (SELECT pg_is_in_recovery())',
      ...(has('stop') && args.app_stop ? [`app.stop: ${app!.stop!.join(' ')}`] : []),
      `${args.variable} in ${args.env_file} := ${to}   (temp file + rename, 0600; old file kept as ${args.env_file}.bak)`,
      ...(['migrate', 'start', 'health'] as const).filter(has).map((w) => `app.${w}: ${app![w]!.join(' ')}`),
      'the old data directory is not touched',
    ];
  },
};
