import { describe, expect, it } from 'vitest';
import { PG_SEED_TABLES, seedPostgres } from '../../src/sandbox/pg-seed.js';
import { withCluster } from '../helpers/pg.js';

const NOW = new Date('2026-11-22T05:00:00Z');
const pg = withCluster({ archive: false });

describe('seedPostgres', () => {
  it('creates the seed 000 tables with related, deterministic rows spread over the 200 days before now', async () => {
    await pg.query('CREATE DATABASE a');
    await pg.query('CREATE DATABASE b');
    const a = await seedPostgres(pg.url('a'), { rows: 400, now: NOW });
    const b = await seedPostgres(pg.url('b'), { rows: 400, now: NOW });
    expect(a.counts).toEqual({ users: 20, projects: 100, interaction_events: 400, moderated_syntheses: 200, context_chunks: 200, ia_responses: 400 });
    expect(Object.keys(a.counts)).toEqual([...PG_SEED_TABLES]);
    const fingerprint = (db: string) =>
      pg.query<{ h: string }>("SELECT md5(string_agg(t::text, ',' ORDER BY id)) AS h FROM interaction_events t", [], db);
    expect(await fingerprint('a')).toEqual(await fingerprint('b'));
    const [span] = await pg.query<{ oldest: Date; newest: Date }>('SELECT min(created_at) AS oldest, max(created_at) AS newest FROM interaction_events', [], 'a');
    expect(span!.newest.getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(NOW.getTime() - span!.oldest.getTime()).toBeGreaterThan(190 * 86_400_000);
    const orphans = await pg.query<{ n: string }>(
      'SELECT count(*) AS n FROM moderated_syntheses s LEFT JOIN interaction_events e ON e.id = s.interaction_event_id WHERE e.id IS NULL', [], 'a');
    expect(orphans[0]!.n).toBe('0');
    // pgvector is not installed here: the embeddings fall back to real[].
    expect(a.embeddingType).toMatch(/^(vector\(16\)|real\[\])$/);
  });

  it('leaves a seeded database alone', async () => {
    await pg.query('CREATE DATABASE c');
    await seedPostgres(pg.url('c'), { rows: 100, now: NOW });
    const again = await seedPostgres(pg.url('c'), { rows: 5000, now: NOW });
    expect(again.counts['interaction_events']).toBe(100);
  });
});
