import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Client } from '@libsql/client';
import type { Target } from '../../config/schema.js';
import { ActionError } from '../../errors.js';

/**
 * The local file behind a libSQL URL (`file:/a/b.db`, `file:///a/b.db`, `file:b.db`, or a
 * bare path), absolute; null for a remote database (`libsql:`, `http(s):`, `ws(s):`).
 */
export function localPath(url: string): string | null {
  let rest: string;
  if (url.startsWith('file:')) rest = url.slice('file:'.length);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return null;
  else rest = url;
  const query = rest.search(/[?#]/);
  if (query >= 0) rest = rest.slice(0, query);
  if (rest.startsWith('//')) {
    // file://host/path: only an empty host or localhost is a local file
    const slash = rest.indexOf('/', 2);
    const host = rest.slice(2, slash < 0 ? undefined : slash);
    if (host !== '' && host !== 'localhost') return null;
    rest = slash < 0 ? '' : rest.slice(slash);
  }
  const path = decodeURIComponent(rest);
  if (path === '') return null;
  return isAbsolute(path) ? path : resolve(path);
}

/** A `file:` URL for a local path that the libSQL client parses back to the same path. */
export function fileUrl(path: string): string {
  return `file:${path.replace(/[%?#]/g, (c) => encodeURIComponent(c))}`;
}

/** The target's local file, or an ActionError explaining that `what` needs one. */
export function requireLocalFile(target: Pick<Target, 'name' | 'url'>, what: string): string {
  const path = localPath(target.url);
  if (path === null) {
    throw new ActionError(`${what} works on local libSQL files only; target ${target.name} is a remote database.`, {
      hint: 'For a Turso database use turso.pitr (a new database at a point in time) or turso.export (a local copy).',
    });
  }
  return path;
}

/** Fails with a clear message instead of letting the client create an empty database. */
export function requireExistingFile(path: string, what = 'database file'): void {
  if (!existsSync(path)) {
    throw new ActionError(`${what} not found: ${path}`, {
      hint: 'Check the path (or the target url in pitstop.yaml); pitstop never creates an empty database in its place.',
    });
  }
}

/**
 * A client on one local file with a single connection, so that ATTACH, PRAGMAs and the
 * transaction that follows all share it (the client otherwise pools connections).
 */
export async function openLocal(path: string): Promise<Client> {
  requireExistingFile(path);
  const { createClient } = await import('@libsql/client');
  return createClient({ url: fileUrl(path), concurrency: 1 });
}

/** A client on the target: its local file (single connection) or its remote URL and token. */
export async function openTarget(target: Pick<Target, 'name' | 'url' | 'auth_token'>): Promise<Client> {
  const path = localPath(target.url);
  if (path !== null) return openLocal(path);
  const { createClient } = await import('@libsql/client');
  return createClient({ url: target.url, ...(target.auth_token ? { authToken: target.auth_token } : {}) });
}

/** Runs `fn` with a client and always closes it. */
export async function withClient<T>(open: Promise<Client>, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await open;
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** SQLite's code for a damaged file (`SQLITE_CORRUPT`, `SQLITE_NOTADB`), from a client error. */
export function isCorruptionError(error: unknown): boolean {
  const e = error as { code?: string; extendedCode?: string; message?: string } | null;
  const text = `${e?.code ?? ''} ${e?.extendedCode ?? ''} ${e?.message ?? ''}`;
  return /SQLITE_CORRUPT|SQLITE_NOTADB|malformed|not a database/i.test(text);
}

/** The message of an unknown error, for operators. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A number from a SQLite value (integers may come back as bigint). */
export function num(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : Number(value ?? 0);
}
