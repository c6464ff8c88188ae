import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { integrityCheckAction } from '../../../src/actions/libsql/integrity-check.js';
import { classifyProblems, type SchemaObject } from '../../../src/actions/libsql/integrity.js';
import { garblePage, leafPages, libsqlTarget, makeContext, runAction, seededDb, tempDir } from './helpers.js';

const SCHEMA: SchemaObject[] = [
  { name: 'usuarios', type: 'table', table: 'usuarios', rootpage: 2 },
  { name: 'idx_usuarios_email', type: 'index', table: 'usuarios', rootpage: 4 },
  { name: 'tickets', type: 'table', table: 'tickets', rootpage: 5 },
];

describe('classifyProblems', () => {
  it.each([
    { rows: ['ok'], ok: true, indexes: [], tables: [], indexOnly: false },
    { rows: ['row 14 missing from index idx_usuarios_email', 'wrong # of entries in index idx_usuarios_email'], ok: false, indexes: ['idx_usuarios_email'], tables: [], indexOnly: true },
    { rows: ['*** in database main ***\nTree 4 page 8 cell 3: Offset 23130 out of range 641..4092'], ok: false, indexes: ['idx_usuarios_email'], tables: [], indexOnly: true },
    { rows: ['*** in database main ***\nTree 5 page 9: btreeInitPage() returns error code 11', 'row 3 missing from index idx_usuarios_email'], ok: false, indexes: ['idx_usuarios_email'], tables: ['tickets'], indexOnly: false },
    { rows: ['*** in database main ***\nPage 12: never used'], ok: false, indexes: [], tables: [], indexOnly: false },
    { rows: ['NULL value in usuarios.email'], ok: false, indexes: [], tables: ['usuarios'], indexOnly: false },
  ])('$rows', ({ rows, ok, indexes, tables, indexOnly }) => {
    const report = classifyProblems(rows, SCHEMA);
    expect(report).toMatchObject({ ok, indexes, tables, indexOnly });
    if (!ok) expect(report.problems.every((p) => !p.startsWith('***'))).toBe(true);
  });
});

describe('libsql.integrity-check on real files', () => {
  let clean: string;
  beforeAll(async () => {
    clean = join(tempDir(), 'clean.db');
    await seededDb(clean, { users: 1000, tickets: 800 });
  });

  async function damagedCopy(tree: string, opts: { from?: number; length?: number; nth?: number } = {}): Promise<string> {
    const path = join(tempDir(), 'damaged.db');
    copyFileSync(clean, path);
    const { pages, pageSize } = await leafPages(path, tree);
    garblePage(path, pages[opts.nth ?? 1]!, pageSize, opts.from ?? 0, opts.length ?? pageSize);
    return path;
  }

  it('says ok for a healthy database, with passing evidence', async () => {
    const out = await runAction(integrityCheckAction, {}, makeContext(libsqlTarget(clean)));
    expect(out.outputs).toMatchObject({ ok: true, problems: [], index_only: false });
    expect(out.evidence?.[0]).toMatchObject({ expected: 'ok', actual: 'ok', pass: true });
  });

  it('names the index when garbage is written into one of its pages', async () => {
    const path = await damagedCopy('idx_usuarios_email', { from: 1000, length: 100 });
    const ctx = makeContext(libsqlTarget(path));
    const out = await runAction(integrityCheckAction, {}, ctx);
    expect(out.outputs).toMatchObject({ ok: false, indexes: ['idx_usuarios_email'], tables: [], index_only: true, check: 'integrity_check' });
    // Problems are the result, not a failed step: shown as a finding where the operator decides.
    expect(out.evidence).toEqual([{
      label: expect.stringMatching(/^PRAGMA integrity_check on /), expected: 'ok', pass: false, finding: true,
      actual: expect.stringMatching(/^\d+ problem\(s\) in index idx_usuarios_email \(indexes only: REINDEX can repair them\); first: /),
    }]);
    expect(ctx.logged.join('\n')).toMatch(/problem/);
  });

  it('still locates a wholly garbled index page, where integrity_check itself aborts', async () => {
    const path = await damagedCopy('idx_usuarios_email');
    const out = await runAction(integrityCheckAction, {}, makeContext(libsqlTarget(path)));
    expect(out.outputs).toMatchObject({ ok: false, indexes: ['idx_usuarios_email'], index_only: true, check: 'quick_check' });
    expect((out.outputs['problems'] as string[]).join('\n')).toMatch(/integrity_check aborted/);
  });

  it('reports a damaged table page as more than an index problem', async () => {
    const path = await damagedCopy('tickets', { nth: 3 });
    const out = await runAction(integrityCheckAction, {}, makeContext(libsqlTarget(path)));
    expect(out.outputs['ok']).toBe(false);
    expect(out.outputs['tables']).toContain('tickets');
    expect(out.outputs['index_only']).toBe(false);
  });

  it('fails the step with fail_on_problems, and checks another file with path', async () => {
    const path = await damagedCopy('tickets', { nth: 2 });
    await expect(runAction(integrityCheckAction, { path, fail_on_problems: true }, makeContext(libsqlTarget(clean)))).rejects.toThrow(/failed PRAGMA/);
  });

  it('refuses a missing file instead of creating an empty database', async () => {
    const missing = join(tempDir(), 'nope.db');
    await expect(runAction(integrityCheckAction, {}, makeContext(libsqlTarget(missing)))).rejects.toThrow(/not found/);
  });
});
