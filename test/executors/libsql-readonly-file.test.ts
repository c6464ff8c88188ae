import { createClient } from '@libsql/client';
import { execa } from 'execa';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlRequest } from '../../src/engine/types.js';
import { createLibsqlExecutor } from '../../src/executors/libsql.js';
import type { SqlExecutor } from '../../src/executors/types.js';
import { createRedactor } from '../../src/util/redact.js';

/**
 * A step that writes (read_only: false) against a database file that cannot be written:
 * the message must be about the file, not about the step. Tests run as root, where file
 * modes do not stop writes, so the file sits on a read-only mount.
 */
const mountPoint = mkdtempSync(join(tmpdir(), 'pitstop-ro-'));
const dbFile = join(mountPoint, 'app.db');
let mounted = false;
let skipReason = '';
let exec: SqlExecutor;

beforeAll(async () => {
  const mount = await execa('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { reject: false });
  if (mount.exitCode !== 0) {
    skipReason = `cannot mount a tmpfs here (${mount.stderr.trim() || `exit ${mount.exitCode}`}): the read-only file case is skipped`;
    console.warn(skipReason);
    return;
  }
  mounted = true;
  // Made elsewhere and copied in: a closed client may still hold its file, and a file held
  // open keeps the mount busy.
  const made = join(mkdtempSync(join(tmpdir(), 'pitstop-ro-src-')), 'app.db');
  const client = createClient({ url: `file:${made}` });
  await client.batch(['CREATE TABLE t (id INTEGER PRIMARY KEY)', 'INSERT INTO t VALUES (1)'], 'write');
  client.close();
  copyFileSync(made, dbFile);
  rmSync(dirname(made), { recursive: true, force: true });
  const ro = await execa('mount', ['-o', 'remount,ro', mountPoint], { reject: false });
  if (ro.exitCode !== 0) {
    skipReason = `cannot remount the tmpfs read-only (${ro.stderr.trim()}): the read-only file case is skipped`;
    console.warn(skipReason);
    return;
  }
  exec = createLibsqlExecutor({ url: `file:${dbFile}`, redactor: createRedactor([]) });
});

afterAll(async () => {
  await exec?.close();
  // Lazy: detached at once even if something still holds a file there.
  if (mounted) await execa('umount', ['-l', mountPoint], { reject: false });
  rmSync(mountPoint, { recursive: true, force: true });
});

const write = (query: string): SqlRequest => ({ kind: 'sql', on: 'db', query, params: [], readOnly: false });

describe('a write to a libSQL file on a read-only file system', () => {
  it('says the file is read-only, where it is and what to do', async (ctx) => {
    if (skipReason) ctx.skip();
    const r = await exec.run(write('INSERT INTO t VALUES (2)'), { signal: new AbortController().signal });
    expect(r.error).toBeDefined();
    expect(r.error).not.toMatch(/this step is read-only/);
    expect(r.error).toContain(`the database file ${dbFile} cannot be written`);
    expect(r.error).toMatch(/read-only file system/);
    expect(r.error).toMatch(/remount it read-write|writable copy/);
  });

  it('still reads it', async (ctx) => {
    if (skipReason) ctx.skip();
    const r = await exec.run({ ...write('SELECT count(*) AS n FROM t'), readOnly: true }, { signal: new AbortController().signal });
    expect(r.error).toBeUndefined();
    expect(r.rows).toEqual([{ n: 1 }]);
  });
});
