import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ActionError } from '../../errors.js';
import { confLine, type ConfSettings } from '../../postgres/conf.js';
import { freePort, ownerCanEnter, postgresOwner } from '../../postgres/server-env.js';
import { utcStamp } from '../common/utc.js';
import type { ActionContext } from '../types.js';
import { META_FILE } from './base-backups.js';
import { chownTree } from './file-tree.js';
import { runTool } from './run-tool.js';

/** Where a restored copy lives: its own directory, never production's. */
export interface RestoreLayout {
  baseDir: string;
  dataDir: string;
  socketDir: string;
  logFile: string;
  port: number;
}

/** The record that marks a directory as a copy pitstop restored (postgres.stop-restored checks it). */
export const RESTORE_MARKER = 'pitstop-restore.json';

/**
 * A new directory for the copy: under `dir` (the step's), the target's `restore.data_dir`,
 * or the run directory, as `<step>-<UTC stamp>/{data,sock,server.log}`. As root the server
 * runs as `postgres`, which must be able to reach it; a parent it cannot enter (a private
 * run directory) falls back to a new directory under the system temp dir, and says so.
 */
export async function planLayout(ctx: Pick<ActionContext, 'target' | 'runDir' | 'stepId' | 'log'>, dir?: string, port?: number): Promise<RestoreLayout> {
  const parent = restoreParent(ctx, dir);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  const owner = postgresOwner();
  let baseDir = join(parent, `${ctx.stepId}-${utcStamp(new Date())}`);
  if (owner && !ownerCanEnter(parent, owner)) {
    baseDir = mkdtempSync(join(tmpdir(), `pitstop-restore-${ctx.stepId}-`));
    ctx.log(`the postgres user cannot enter ${parent}; restoring under ${baseDir} instead (set restore.data_dir in pitstop.yaml for a copy that must outlive this run: temp directories get cleaned)`);
  } else {
    // Every restore gets a directory of its own, even two in the same second.
    const stem = baseDir;
    for (let n = 2; existsSync(baseDir); n++) baseDir = `${stem}-${n}`;
  }
  const layout: RestoreLayout = {
    baseDir,
    dataDir: join(baseDir, 'data'),
    socketDir: join(baseDir, 'sock'),
    logFile: join(baseDir, 'server.log'),
    port: port ?? ctx.target.restore?.port ?? (await freePort()),
  };
  await mkdir(layout.socketDir, { recursive: true, mode: 0o700 });
  await writeFile(layout.logFile, '');
  if (owner) await chownTree(baseDir, owner.uid, owner.gid);
  await chmod(baseDir, 0o700);
  return layout;
}

/** The directory new copies go under: the step's `data_dir`, the target's `restore.data_dir`, or the run directory. */
export function restoreParent(ctx: Pick<ActionContext, 'target' | 'runDir'>, dir?: string): string {
  return resolve(dir ?? ctx.target.restore?.data_dir ?? join(ctx.runDir, 'restore'));
}

/** Copies a verified base backup into the layout's data directory (keeping backup_label). */
export async function copyBaseBackup(ctx: Pick<ActionContext, 'commands' | 'signal'>, from: string, layout: RestoreLayout): Promise<void> {
  // cp -a is several times faster than a copy file by file from Node on a data directory.
  await runTool(ctx, ['cp', '-a', '--', from, layout.dataDir], 'cp');
  await rm(join(layout.dataDir, META_FILE), { force: true });
  await rm(join(layout.dataDir, 'backup_manifest'), { force: true });
  if (!existsSync(join(layout.dataDir, 'backup_label'))) {
    throw new ActionError(`${from} has no backup_label`, { hint: 'It is not a base backup made by pg_basebackup; choose another.' });
  }
}

/**
 * Turns a data directory into a private recovering copy: recovery.signal, and settings in
 * postgresql.auto.conf (read after postgresql.conf, so production's own port, socket,
 * archive_command and synchronous standbys cannot leak into the copy). It never archives
 * (a copy's WAL in production's archive would send later restores down its timeline), it
 * listens on its own socket, and local connections on that 0700 socket are trusted.
 */
export async function makeRecoveringCopy(ctx: Pick<ActionContext, 'commands' | 'signal'>, layout: RestoreLayout, settings: ConfSettings, listen = ''): Promise<void> {
  const data = layout.dataDir;
  await rm(join(data, 'standby.signal'), { force: true });
  await rm(join(data, 'postmaster.pid'), { force: true });
  await writeFile(join(data, 'recovery.signal'), '');
  const all: ConfSettings = {
    port: layout.port,
    listen_addresses: listen,
    unix_socket_directories: layout.socketDir,
    archive_mode: false,
    logging_collector: false,
    log_destination: 'stderr',
    hot_standby: true,
    synchronous_standby_names: '',
    primary_conninfo: '',
    ssl: false,
    cluster_name: 'pitstop-restore',
    ...settings,
  };
  const lines = Object.entries(all).map(([k, v]) => confLine(k, v));
  await appendFile(join(data, 'postgresql.auto.conf'), `\n# pitstop: a restored copy, not production\n${lines.join('\n')}\n`);
  const hba = join(data, 'pg_hba.conf');
  const old = existsSync(hba) ? await readFile(hba, 'utf8') : '';
  await writeFile(hba, `# pitstop: the copy's socket directory is private (0700)\nlocal all all trust\n${old}`);
  const owner = postgresOwner();
  if (owner) await runTool(ctx, ['chown', '-R', `${owner.uid}:${owner.gid}`, '--', layout.baseDir], 'chown');
  await chmod(data, 0o700);
}

export async function writeMarker(layout: RestoreLayout, record: Record<string, unknown>): Promise<void> {
  await writeFile(join(layout.baseDir, RESTORE_MARKER), `${JSON.stringify({ ...record, data_dir: layout.dataDir, port: layout.port, socket_dir: layout.socketDir }, null, 2)}\n`);
}

/**
 * The marker of a copy pitstop restored, for a `data_dir` a step was given. Anything else
 * (production's data directory, a typo) is refused: the actions that stop or promote a copy
 * must never touch a server pitstop did not restore.
 */
export function requireRestoredCopy(dataDir: string): { data_dir: string; url?: string } {
  const marker = join(dirname(dataDir), RESTORE_MARKER);
  if (!existsSync(marker)) {
    throw new ActionError(`${dataDir} is not a copy restored by pitstop (no ${RESTORE_MARKER} beside it): refusing`, {
      hint: 'Give the data_dir output of the postgres.pitr step.',
    });
  }
  const record = JSON.parse(readFileSync(marker, 'utf8')) as { data_dir?: string; url?: string };
  if (resolve(record.data_dir ?? '') !== dataDir) {
    throw new ActionError(`${marker} describes ${record.data_dir}, not ${dataDir}: refusing`, { hint: 'Give the data_dir output of the postgres.pitr step.' });
  }
  return { ...record, data_dir: dataDir };
}
