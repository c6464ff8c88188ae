import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pgDriver from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpAction } from '../../../src/actions/postgres/dump.js';
import { copyRowsAction } from '../../../src/actions/postgres/copy-rows.js';
import { restoreAction } from '../../../src/actions/postgres/restore.js';
import { seedPostgres } from '../../../src/sandbox/pg-seed.js';
import { withCluster } from '../../helpers/pg.js';
import { runAction } from '../libsql/helpers.js';
import { ctxFor, pgTarget, removeRunDirs, rowCounts, scratchDir } from './dump-helpers.js';
import { makePgContext, runPg } from './physical-helpers.js';

const sharedir = execFileSync('pg_config', ['--sharedir'], { encoding: 'utf8' }).trim();
const { Client: PgClient } = pgDriver;
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

describe.skipIf(!hasVector)('pgvector HNSW and IVFFlat indexes through dump, restore and copy-back', () => {
  const pg = withCluster({ archive: false });
  let backups: ReturnType<typeof scratchDir>;
  const INDEXES = ['items_embedding_hnsw', 'items_embedding_ivfflat'];
  const indexDefs = async (db: string): Promise<string[]> =>
    (await pg.query<{ def: string }>(`SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'items'::regclass AND NOT indisprimary ORDER BY 1`, [], db)).map((r) => r.def);
  /** The plan of a nearest-neighbour query with sequential scans off: which index answers it. */
  const nearestPlan = async (db: string, index: 'hnsw' | 'ivfflat'): Promise<string> => {
    const client = new PgClient({ connectionString: pg.url(db) });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const op = index === 'hnsw' ? '<->' : '<=>';
      const { rows } = await client.query(`EXPLAIN SELECT id FROM items ORDER BY embedding ${op} '[500, 1000, 1]' LIMIT 1`);
      return rows.map((r) => String(r['QUERY PLAN'])).join('\n');
    } finally {
      await client.end();
    }
  };
  beforeAll(async () => {
    backups = scratchDir();
    await pg.query('CREATE DATABASE vectors');
    await pg.query('CREATE EXTENSION vector', [], 'vectors');
    await pg.query('CREATE TABLE items (id int PRIMARY KEY, label text, embedding vector(3) NOT NULL)', [], 'vectors');
    await pg.query(`INSERT INTO items SELECT g, 'item ' || g, ('[' || g || ',' || g * 2 || ',1]')::vector FROM generate_series(1, 2000) g`, [], 'vectors');
    // IVFFlat learns its lists from the rows present: built after the data, like in production.
    await pg.query('CREATE INDEX items_embedding_hnsw ON items USING hnsw (embedding vector_l2_ops)', [], 'vectors');
    await pg.query('CREATE INDEX items_embedding_ivfflat ON items USING ivfflat (embedding vector_cosine_ops) WITH (lists = 20)', [], 'vectors');
  });
  afterAll(() => {
    backups?.remove();
  });

  it('a dump of the table restores both indexes into a fresh database, usable; copy-back rebuilds them identically', async () => {
    const defs = await indexDefs('vectors');
    expect(defs).toHaveLength(2);
    const target = pgTarget(pg, 'vectors', backups.dir, { extensions: ['vector'] });
    const ctx = makePgContext(target);
    try {
      const dump = await runPg(dumpAction, { tables: ['items'], label: 'vectors' }, ctx);
      const restored = await runPg(restoreAction, { path: dump.outputs['path'], database: 'vectors_copy' }, ctx);
      expect(restored.outputs['extensions_created']).toEqual(['vector']);
      expect(await indexDefs('vectors_copy')).toEqual(defs);
      for (const index of ['hnsw', 'ivfflat'] as const) {
        expect(await nearestPlan('vectors_copy', index)).toContain(`items_embedding_${index}`);
      }

      // Production loses rows; the restored copy (ctx.restored) gives them back, indexes rebuilt after.
      await pg.query('DELETE FROM items WHERE id > 1200', [], 'vectors');
      const out = await runPg(copyRowsAction, { table: 'items', rebuild_indexes: 'hnsw,ivfflat' }, ctx);
      expect(out.outputs).toMatchObject({ copied: 800, already_present: 1200 });
      for (const name of INDEXES) expect(ctx.logged.some((l) => l.includes(`rebuilt after with: CREATE INDEX ${name}`)), name).toBe(true);
      expect(await indexDefs('vectors')).toEqual(defs);
      expect(await rowCounts(pg, 'vectors', ['items'])).toEqual({ items: 2000 });
      for (const index of ['hnsw', 'ivfflat'] as const) expect(await nearestPlan('vectors', index)).toContain(`items_embedding_${index}`);
    } finally {
      await ctx.close();
    }
  });
});
