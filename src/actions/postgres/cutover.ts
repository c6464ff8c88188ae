import { existsSync } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ActionError } from '../../errors.js';
import { runAppCommand } from '../app/app-command.js';
import { redactUrl } from '../../util/redact.js';
import { readEnvVar } from './env-file.js';
import { withPg } from './pg-session.js';
import { repointUrl } from './repoint-url.js';
import { RESTORE_MARKER } from './restore-layout.js';
import type { ActionDefinition } from '../types.js';
import { Args, cutoverSpec } from './cutover.spec.js';
import { rewriteStage, stage } from './cutover-stages.js';

/**
 * `postgres.cutover`: make a restored copy the application's production database (the steps
 * and their checkpoints are described on `cutoverSpec`). A continuation after a crash checks
 * the new database again, then goes on after the last stage done: the env file is only
 * checked, never switched twice, and no app command done before runs again.
 */
export const cutoverAction: ActionDefinition<Args> = {
  ...cutoverSpec,
  async run(args, ctx) {
    const text = await readFile(args.env_file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ActionError(`cannot read the app's env file ${args.env_file}: ${error.code ?? error.message}`, {
        hint: 'Pass env_file: the file the application reads DATABASE_URL from (systemd EnvironmentFile, .env).',
      });
    });
    const current = readEnvVar(text, args.variable);
    if (!current && !args.url) {
      throw new ActionError(`${args.env_file} has no ${args.variable} to repoint`, { hint: 'Pass url: with the whole new URL.' });
    }
    const next = args.url ?? repointUrl(current!.value, { ...(args.host ? { host: args.host } : {}), ...(args.port ? { port: args.port } : {}) });
    // A continuation finds the file switched already: what it pointed at before is in its checkpoint.
    const shown = { from: current ? redactUrl(current.value) : '(unset)', to: redactUrl(next) };

    const state = await withPg(next, ctx.target.secrets, `checking the new database ${shown.to}`, async (client) => {
      const { rows } = await client.query<{ recovering: boolean; archive_mode: string; version: string; data_dir: string | null }>(
        // data_directory needs pg_read_all_settings: NULL (missing_ok) for a plain app user.
        "SELECT pg_is_in_recovery() AS recovering, current_setting('archive_mode') AS archive_mode, current_setting('server_version') AS version, current_setting('data_directory', true) AS data_dir",
      );
      return rows[0]!;
    });
    if (state.recovering) {
      throw new ActionError(`${shown.to} is still in recovery (a standby, or a restore not yet promoted); nothing was changed`, {
        hint: 'Wait for the restore step to finish (it promotes the copy), then run this step again.',
      });
    }
    ctx.log(`new database ${shown.to}: promoted, PostgreSQL ${state.version}`);

    if (ctx.done.size > 0) ctx.log(`continuing the cutover after stage ${[...ctx.done.keys()].at(-1)} (done: ${[...ctx.done.keys()].join(', ')})`);

    if (args.app && args.app_stop) await stage(ctx, 'app-stopped', async () => (await runAppCommand(ctx, 'stop')) !== null);
    const switched = await rewriteStage(ctx, args, text, current?.value, next, shown);
    const written = readEnvVar(await readFile(args.env_file, 'utf8'), args.variable)?.value;

    const ran: string[] = [];
    try {
      if (args.app) {
        if (await stage(ctx, 'migrated', async () => (await runAppCommand(ctx, 'migrate')) !== null)) ran.push('migrate');
        if (await stage(ctx, 'started', async () => (await runAppCommand(ctx, 'start')) !== null)) ran.push('start');
        if (await stage(ctx, 'healthy', async () => (await runAppCommand(ctx, 'health', args.health_attempts)) !== null)) ran.push('health');
      }
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const back = switched.backup ? ` To go back: mv ${switched.backup} ${switched.file}, then restart the app.` : '';
      throw new ActionError(`${(error as Error).message}. ${args.env_file} already points at ${shown.to}.${back}`, {
        hint: `Fix the application (its log says why), then retry the step: it checks the database again, leaves ${args.env_file} as it is (it already points there) and runs the app commands again${args.app_stop ? ' (app.stop included)' : ''}.`,
      });
    }
    const retired = await retireRestoreMarker(state.data_dir);
    if (retired) ctx.log(`${retired}: the copy is production now, so postgres.stop-restored and promote-restored will refuse it`);
    const archiving = state.archive_mode === 'off' ? 'off: the new production archives no WAL yet' : state.archive_mode;
    ctx.log(`production is now ${shown.to}. For the next pitstop runs, the target's url must give this URL too (DATABASE_URL).`);
    if (state.archive_mode === 'off') ctx.log('WAL archiving is off on the new production: turn it on and take a base backup (pg-backup-base) before relying on PITR.');
    return {
      outputs: {
        env_file: args.env_file,
        variable: args.variable,
        backup: switched.backup,
        changed: switched.backup !== null,
        previous_url: switched.from,
        new_url: shown.to,
        archive_mode: state.archive_mode,
        app_steps: ran,
      },
      evidence: [
        { label: `${args.variable} in ${args.env_file}`, expected: shown.to, actual: written === undefined ? '(unset)' : redactUrl(written), pass: written === next },
        { label: 'new production promoted', expected: 'pg_is_in_recovery() = false', actual: 'false', pass: true },
        ...(ran.includes('health') ? [{ label: 'app.health after the switch', expected: 'exit 0', actual: 'exit 0', pass: true }] : []),
        { label: 'WAL archiving on the new production', expected: 'on (for PITR from now on)', actual: archiving, pass: true },
      ],
    };
  },
};

/**
 * A copy pitstop restored carries a marker that lets `postgres.stop-restored` stop it. Once it
 * is production that must never happen: the marker is renamed, kept for the record.
 */
async function retireRestoreMarker(dataDir: string | null): Promise<string | null> {
  if (!dataDir) return null;
  const marker = join(dirname(dataDir), RESTORE_MARKER);
  if (!existsSync(marker)) return null;
  const retired = `${marker}.cut-over-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(marker, retired);
  return retired;
}
