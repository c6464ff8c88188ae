import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ActionError } from '../../errors.js';
import type { ActionContext } from '../types.js';
import { checkDumpChecksum } from './dump-checksum.js';
import { pgClientProgram } from '../../postgres/pg-bin.js';
import { runTool, withWorkDir } from './run-tool.js';
import { countByType, parseSchemaSql, parseToc, type TocEntry } from './toc.js';

type Ctx = Pick<ActionContext, 'commands' | 'signal' | 'log'>;

/** Refuses a path that is not a dump pg_restore can read (missing, or still encrypted). */
export function requireArchive(path: string): void {
  if (!existsSync(path)) {
    throw new ActionError(`dump not found: ${path}`, { hint: 'Check the path; the backup step may have failed or retention removed it.' });
  }
  if (path.endsWith('.gpg')) {
    throw new ActionError(`${path} is encrypted`, { hint: 'Give the step passphrase_env: NAME (or passphrase:), or decrypt it first with backup.decrypt.' });
  }
}

/** The archive's table of contents (`pg_restore --list`, written to a file: it can be long). */
export async function readToc(ctx: Ctx, path: string): Promise<TocEntry[]> {
  return withWorkDir(async (dir) => {
    const out = join(dir, 'toc.list');
    await runTool(ctx, [pgClientProgram('pg_restore'), '--list', '-f', out, path], `pg_restore --list ${path}`, {
      hint: `${path} is not a readable pg_dump archive (custom or directory format), or it is damaged: use another backup.`,
    });
    return parseToc(await readFile(out, 'utf8'));
  });
}

/** The SQL of every schema entry (`pg_restore --schema-only`), keyed by entry. */
export async function readSchemaSql(ctx: Ctx, path: string): Promise<Map<string, string>> {
  return withWorkDir(async (dir) => {
    const out = join(dir, 'schema.sql');
    await runTool(ctx, [pgClientProgram('pg_restore'), '--schema-only', '-f', out, path], `pg_restore --schema-only ${path}`);
    return parseSchemaSql(await readFile(out, 'utf8'));
  });
}

export interface ArchiveCheck {
  path: string;
  entries: TocEntry[];
  counts: Record<string, number>;
  /** `match`: equal to the recorded checksum; `missing`: none recorded. */
  checksum: 'match' | 'missing';
  sha256: string;
  dataEntries: number;
}

/**
 * A real verification of a dump: the table of contents, then, side by side, the recorded
 * checksum (when there is one) and every data block read and decompressed
 * (`pg_restore -f /dev/null` writes the whole restore script, data included, and stops at the
 * first damaged block). `--list` alone proves little: a truncated data section still lists.
 */
export async function verifyArchive(ctx: Ctx, path: string): Promise<ArchiveCheck> {
  requireArchive(path);
  const bad = (why: string, cause?: unknown) =>
    new ActionError(`dump ${path} is damaged: ${why}`, {
      hint: 'Do not restore from it. Use an older verified dump (postgres.verify-dump on it), and find out why this one is broken (disk full, copied while being written, storage errors).',
      ...(cause ? { cause } : {}),
    });
  let entries: TocEntry[];
  try {
    entries = await readToc(ctx, path);
  } catch (error) {
    const sum = await checkDumpChecksum(path);
    if (sum.state === 'mismatch') throw bad(`its SHA-256 does not match the recorded one (${sum.detail})`);
    throw bad(`its table of contents cannot be read (${(error as Error).message})`, error);
  }
  if (entries.length === 0) throw bad('its table of contents is empty');
  // The checksum and the full read each read the whole dump: side by side they take the
  // time of one. A checksum mismatch is reported first, as it is the more precise finding.
  ctx.log(`checksum of ${path}, and reading every data block`);
  const [sum, read] = await Promise.all([
    checkDumpChecksum(path),
    runTool(ctx, [pgClientProgram('pg_restore'), '-f', '/dev/null', path], `pg_restore -f /dev/null ${path}`).then(
      () => null,
      (error: Error) => error,
    ),
  ]);
  if (sum.state === 'mismatch') throw bad(`its SHA-256 does not match the recorded one (${sum.detail})`);
  if (read) throw bad(`reading its data failed (${read.message})`, read);
  const counts = countByType(entries);
  return { path, entries, counts, checksum: sum.state, sha256: sum.sha256, dataEntries: counts['TABLE DATA'] ?? 0 };
}

/** Bytes on disk of a dump file or directory. */
export function dumpSize(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((total, name) => total + statSync(join(path, name)).size, 0);
}
