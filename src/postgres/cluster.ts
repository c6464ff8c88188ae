import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { appendConf, archiveCommand, type ConfSettings } from './conf.js';
import { pgBinDir } from './pg-bin.js';
import { freePort, postgresOwner, runAsPostgresArgv } from './server-env.js';

// The benches start their servers through this module (built beside the CLI): they need these too.
export { runAsPostgresArgv } from './server-env.js';
export { pgBinDir } from './pg-bin.js';

export interface ClusterOptions {
  /** Base directory for data, socket, archive and log; a new temp directory by default. */
  dir?: string;
  /** Archive WAL into `<dir>/archive` (archive_mode on). Default true. */
  archive?: boolean;
  /** initdb --data-checksums. Default true. */
  checksums?: boolean;
  /** The server's `timezone` setting (e.g. `America/Mexico_City`). */
  timezone?: string;
  /** Port number; it only names the socket file, as the server listens on no TCP address. Default: a free one. */
  port?: number;
  /** More postgresql.conf settings (e.g. `{ fsync: 'off' }` for speed in tests). */
  extraConf?: ConfSettings;
}

/** A throwaway PostgreSQL server reachable only through a unix socket in its own directory. */
export interface Cluster {
  baseDir: string;
  dataDir: string;
  socketDir: string;
  archiveDir: string | null;
  logFile: string;
  port: number;
  /** `postgresql://postgres@/DB?host=SOCKDIR&port=PORT` (DB defaults to `postgres`). */
  url(db?: string): string;
  /** PGHOST, PGPORT, PGUSER for client tools (psql, pg_dump, pg_basebackup …). */
  env: Record<string, string>;
  /** `pg_ctl stop -m fast`; idempotent. */
  stop(): Promise<void>;
  /** Starts it again after `stop()`. */
  start(): Promise<void>;
  /** Stops it and deletes everything it made. */
  destroy(): Promise<void>;
}

/**
 * initdb + start of a private cluster (pitfalls: PITR). Trust auth, UTF8, C.UTF-8, data
 * checksums, `wal_level = replica`, WAL archived to `<dir>/archive`, no TCP listener and a
 * socket in `<dir>/sock`, so it never meets the machine's own server. As root, every server
 * binary runs as `postgres` and the directories belong to it.
 */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const bin = pgBinDir();
  const owned = opts.dir === undefined;
  const baseDir = owned ? mkdtempSync(join(tmpdir(), 'pitstop-pg-')) : resolve(opts.dir!);
  mkdirSync(baseDir, { recursive: true, mode: 0o700 });
  const dataDir = join(baseDir, 'data');
  const socketDir = join(baseDir, 'sock');
  const archiveDir = opts.archive === false ? null : join(baseDir, 'archive');
  const logFile = join(baseDir, 'server.log');
  for (const dir of [socketDir, archiveDir]) if (dir) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const owner = postgresOwner();
  if (owner) for (const dir of [baseDir, socketDir, archiveDir]) if (dir) chownSync(dir, owner.uid, owner.gid);

  const port = opts.port ?? (await freePort());
  const cleanup = (): void => {
    if (owned) rmSync(baseDir, { recursive: true, force: true });
  };
  try {
    await server(bin, [
      'initdb', '-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8',
      ...(opts.checksums === false ? [] : ['--data-checksums']), '--no-sync', '--no-instructions',
    ], 'initdb');
    appendConf(dataDir, {
      port,
      listen_addresses: '',
      unix_socket_directories: socketDir,
      wal_level: 'replica',
      archive_mode: archiveDir !== null,
      ...(archiveDir ? { archive_command: archiveCommand(archiveDir) } : {}),
      ...(opts.timezone ? { timezone: opts.timezone } : {}),
      ...opts.extraConf,
    });
  } catch (error) {
    cleanup();
    throw error;
  }

  let running = false;
  const cluster: Cluster = {
    baseDir,
    dataDir,
    socketDir,
    archiveDir,
    logFile,
    port,
    url: (db = 'postgres') => `postgresql://postgres@/${encodeURIComponent(db)}?host=${uriPath(socketDir)}&port=${port}`,
    env: { PGHOST: socketDir, PGPORT: String(port), PGUSER: 'postgres' },
    async start() {
      await startServer(bin, dataDir, logFile);
      running = true;
    },
    async stop() {
      if (!running && !existsSync(join(dataDir, 'postmaster.pid'))) return;
      await stopServer(bin, dataDir);
      running = false;
    },
    async destroy() {
      await cluster.stop();
      if (owned) rmSync(baseDir, { recursive: true, force: true });
      else for (const dir of [dataDir, socketDir, archiveDir, logFile]) if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.stop().catch(() => undefined);
    cleanup();
    throw error;
  }
  return cluster;
}

/** Starts the server in `dataDir` and waits until it accepts connections. */
export async function startServer(bin: string, dataDir: string, logFile: string): Promise<void> {
  try {
    await server(bin, ['pg_ctl', '-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start'], 'pg_ctl start');
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- last lines of ${logFile} ---\n${lastLines(logFile, 20)}`, { cause: error });
  }
}

/** Fast shutdown; a server that is already down is fine. Falls back to SIGQUIT by the pid file. */
export async function stopServer(bin: string, dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  try {
    await server(bin, ['pg_ctl', '-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'], 'pg_ctl stop');
  } catch (error) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) throw error;
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // Already gone: pg_ctl failed only because the pid file was stale.
    }
  }
}

async function server(bin: string, argv: string[], what: string): Promise<void> {
  const [program, ...args] = argv;
  const full = runAsPostgresArgv([join(bin, program!), ...args]);
  // The server must not pick up a PGDATA/PGPORT meant for another cluster.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PG')));
  const result = await execa(full[0]!, full.slice(1), { reject: false, stdin: 'ignore', env, extendEnv: false, cwd: tmpdir() });
  if (result.exitCode !== 0) {
    const output = `${String(result.stderr ?? '')}\n${String(result.stdout ?? '')}`.trim();
    throw new Error(`${what} failed (${result.exitCode ?? result.code ?? 'no exit code'}): ${output}`);
  }
}

function lastLines(file: string, n: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no server log)';
  }
}

function uriPath(path: string): string {
  return path.replace(/[^A-Za-z0-9/_.~-]/g, (c) => encodeURIComponent(c));
}
