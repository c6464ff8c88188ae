import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpAction } from '../../../src/actions/postgres/dump.js';
import { restoreAction } from '../../../src/actions/postgres/restore.js';
import { seedPostgres } from '../../../src/sandbox/pg-seed.js';
import { withCluster } from '../../helpers/pg.js';
import { runAction } from '../libsql/helpers.js';
import { ctxFor, pgTarget, removeRunDirs, rowCounts, scratchDir } from './dump-helpers.js';

const sharedir = execFileSync('pg_config', ['--sharedir'], { encoding: 'utf8' }).trim();
const hasVector = existsSync(join(sharedir, 'extension', 'vector.control'));

// pgvector is not packaged for Debian bookworm main: these run only where it is installed.
describe.skipIf(!hasVector)('pgvector (needs vector.control in the server share directory)', () => {
  const pg = withCluster({ archive: false });
  let work: ReturnType<typeof scratchDir>;
  beforeAll(async () => {
    work = scratchDir();
    await pg.query('CREATE DATABASE prod');
    const seeded = await seedPostgres(pg.url('prod'), { rows: 400 });
    expect(seeded.embeddingType).toBe('vector(16)');
  });
  afterAll(() => {
    work?.remove();
    removeRunDirs();
  });

  it('a context_chunks dump fails without the extension and restores once the target lists vector', async () => {
    const bare = pgTarget(pg, 'prod', join(work.dir, 'b'));
    const dump = (await runAction(dumpAction, { label: 'embeddings', tables: ['context_chunks'] }, ctxFor(bare))).outputs['path'] as string;
    await expect(runAction(restoreAction, { path: dump, database: 'no_vector' }, ctxFor(bare))).rejects.toThrow(/type "public\.vector" does not exist/);
    const withVector = pgTarget(pg, 'prod', join(work.dir, 'b'), { extensions: ['vector'] });
    const out = await runAction(restoreAction, { path: dump, database: 'no_vector' }, ctxFor(withVector));
    expect(out.outputs['extensions_created']).toEqual(['vector']);
    // The dump holds context_chunks alone: its keys to projects and users cannot exist in a fresh database.
    expect(out.outputs['dropped_foreign_keys']).toEqual([
      'context_chunks_project_id_fkey on public.context_chunks → public.projects',
      'context_chunks_user_id_fkey on public.context_chunks → public.users',
    ]);
    expect(await rowCounts(pg, 'no_vector', ['context_chunks'])).toEqual(await rowCounts(pg, 'prod', ['context_chunks']));
  });
});
