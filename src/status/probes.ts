import { execFile } from 'node:child_process';
import { existsSync, statfsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Target } from '../config/schema.js';
import { localPath } from '../actions/libsql/client.js';
import { litestreamBinary } from '../actions/litestream/binary.js';
import { listingTimes } from '../actions/litestream/listing.js';
import { createRedactor } from '../util/redact.js';
import { pgbackrestInfo } from './pgbackrest.js';
import type { Probes } from './types.js';

/** Runs `fn`, or rejects with "no answer within N s": a hung server must not hold the status. */
function within<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([fn(), late]).finally(() => clearTimeout(timer));
}

/**
 * Looks at a target from outside, read-only, each look bounded by `timeoutMs`: does the
 * database answer; PostgreSQL's WAL archiver (when archive_mode is on); the pgBackRest
 * stanza (`pgbackrest info`); the Litestream replica's newest data; free space where backups
 * live. Error texts are redacted with the target's secrets.
 */
export async function probeTarget(target: Target, timeoutMs: number): Promise<Probes> {
  const redact = createRedactor(target.secrets);
  const error = (e: unknown) => redact.text((e as Error).message ?? String(e));
  const probes: Probes = { up: { ok: false, error: 'not checked' } };
  const file = target.engine === 'libsql' ? localPath(target.url) : null;
  if (target.builtin && file !== null && !existsSync(file)) {
    return { up: { ok: false, error: 'the sandbox is made by its first run (pick a runbook)', notYet: true } };
  }
  // Loading the driver is not the database's time: load it before the clock starts.
  if (target.engine === 'postgres') await import('pg');
  // The stanza is read while the database is asked: two bounded looks, one wait.
  const stanza = target.engine === 'postgres' && target.pgbackrest ? pgbackrestInfo(target, timeoutMs).catch((e: unknown) => ({ error: error(e) })) : undefined;
  const started = performance.now();
  try {
    if (target.engine === 'postgres') {
      const archiver = await within(timeoutMs, () => probePostgres(target.url, timeoutMs));
      if (!('skip' in archiver)) probes.archiver = archiver;
    } else {
      await within(timeoutMs, () => probeLibsql(target, timeoutMs));
    }
    probes.up = { ok: true, ms: performance.now() - started };
  } catch (e) {
    probes.up = { ok: false, error: error(e) };
  }
  if (stanza) probes.pgbackrest = await stanza;
  if (target.litestream?.replica) {
    try {
      probes.replica = { newestAt: await within(timeoutMs, () => replicaNewest(target.litestream!.replica)) };
    } catch (e) {
      probes.replica = { error: error(e) };
    }
  }
  const backups = target.backups;
  if (backups) probes.disk = diskOf(backups);
  return probes;
}

type Archiver = NonNullable<Probes['archiver']> | { skip: true };

async function probePostgres(url: string, timeoutMs: number): Promise<Archiver> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ mode: string; archived: Date | null; failed: Date | null; failed_count: string }>(
      "SELECT current_setting('archive_mode') AS mode, last_archived_time AS archived, last_failed_time AS failed, failed_count FROM pg_stat_archiver",
    );
    const row = rows[0];
    if (!row || row.mode === 'off') return { skip: true };
    return {
      failedCount: Number(row.failed_count),
      ...(row.archived ? { lastArchivedAt: row.archived.toISOString() } : {}),
      ...(row.failed ? { lastFailedAt: row.failed.toISOString() } : {}),
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function probeLibsql(target: Target, timeoutMs: number): Promise<void> {
  const path = localPath(target.url);
  if (path !== null) return probeLocalFile(path);
  // A remote database is asked over its HTTP API with a deadline: the client library takes
  // no abort signal, and a hung server would keep the process alive after the answer.
  const base = target.url.replace(/^libsql:\/\//, 'https://').replace(/\/+$/, '');
  const response = await fetch(`${base}/v2/pipeline`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(target.auth_token ? { authorization: `Bearer ${target.auth_token}` } : {}) },
    body: JSON.stringify({ requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }] }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * A local database file has no server to ask: it answers when it is there, can be read, and
 * is a database (empty, or starting with the SQLite header). That is more than `SELECT 1`
 * would say (which reads no page, so passes on any file), and needs no driver: a fleet of
 * files is checked without loading the libSQL client at all.
 */
async function probeLocalFile(path: string): Promise<void> {
  // Opening a missing file with the driver would create an empty database: say it is missing.
  if (!existsSync(path)) throw new Error(`no database file at ${path}`);
  const file = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await file.read(Buffer.alloc(SQLITE_HEADER.length), 0, SQLITE_HEADER.length, 0);
    if (bytesRead === 0) return;
    if (bytesRead < SQLITE_HEADER.length || !buffer.equals(SQLITE_HEADER)) {
      throw new Error(`${path} is not a libSQL/SQLite database (its first bytes are not the SQLite header): run libsql-corruption`);
    }
  } finally {
    await file.close();
  }
}

function replicaNewest(replica: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(litestreamBinary(), ['generations', replica], { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`litestream generations: ${(stderr.trim() || err.message).split('\n').pop()}`));
      const times = listingTimes(stdout);
      if (times.length === 0) return reject(new Error('the replica has no generation'));
      resolve(new Date(Math.max(...times)).toISOString());
    });
  });
}

function diskOf(dir: string): NonNullable<Probes['disk']> {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  try {
    const fs = statfsSync(at);
    return { path: dir, freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
