import pg from 'pg';
import { quoteIdent } from '../util/sql-ident.js';
import { pgDeleteFault } from './fault-delete-pg.js';
import { dumpPgSchema, restorePgSchema } from './from-target-pg-dump.js';
import { fillPgWorld } from './from-target-pg-fill.js';
import { pgSchemaModel } from './from-target-pg-model.js';
import type { FromTarget } from './from-target-source.js';
import { generateRows, moreRows, type GeneratedData } from './generate-rows.js';
import { buildPgWorld } from './pg-world.js';
import type { SchemaModel } from './schema-model.js';
import type { WorldKit } from './worlds.js';

/** What `buildFromTargetWorld` hands over: the generation's settings and how to pick the fault's table. */
export interface GenerationSettings {
  seed: number;
  applicationRows: number;
  intervalMs: number;
  faultTable(model: SchemaModel, data: GeneratedData): string;
}

/**
 * The PostgreSQL world of `--from-target`: a throwaway cluster given the target's schema
 * (`pg_dump --schema-only` in a read-only session; extensions installable here created, the
 * others left out), its catalog read back as the generator's model, generated rows inserted;
 * an application inserting more into the fault's table, returning each new key.
 */
export async function buildPgFromTargetWorld(source: FromTarget, dir: string, now: Date, settings: GenerationSettings): Promise<WorldKit & { model: SchemaModel; data: GeneratedData; skippedExtensions: string[] }> {
  const dump = await dumpPgSchema(source.target.url, source.name);
  let made: { model: SchemaModel; data: GeneratedData; table: string; skipped: string[] } | undefined;
  const { data: dataSection, params } = source.target;
  const world = await buildPgWorld(dir, {
    now,
    own: {
      fields: { ...(dataSection ? { data: dataSection } : {}), ...(params ? { params } : {}) },
      async fill(url) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const available = new Set((await client.query<{ name: string }>('SELECT name FROM pg_available_extensions')).rows.map((r) => r.name));
          const extensions = await restorePgSchema(dump, url, available);
          const model = await pgSchemaModel(client);
          const data = generateRows(model, { rows: source.rows, seed: settings.seed, now: now.getTime() });
          const table = settings.faultTable(model, data);
          await fillPgWorld(client, data);
          made = { model, data, table, skipped: extensions.skipped };
          return extensions.created;
        } finally {
          await client.end();
        }
      },
    },
  });
  const { model, data, table, skipped } = made!;
  const key = model.tables.find((t) => t.name === table)!.primaryKey[0]!;
  const extra = moreRows(model, data, table, settings.applicationRows, { seed: settings.seed, now: now.getTime() });
  const application = {
    engine: 'postgres' as const,
    url: world.url,
    table,
    sql: `INSERT INTO ${quoteIdent(table)} (${extra.columns.map(quoteIdent).join(', ')}) OVERRIDING SYSTEM VALUE VALUES (${extra.columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${quoteIdent(key)}`,
    rows: extra.rows,
    intervalMs: settings.intervalMs,
  };
  return { world, application, fault: pgDeleteFault(table), model, data, skippedExtensions: skipped };
}
