import { quoteIdent } from '../util/sql-ident.js';
import type { PgWorld } from './pg-world.js';
import type { WriterPlan } from './writer.js';

/** One new interaction every 200 ms: a busy assistant, so a few seconds of drill are many rows. */
const INTERVAL_MS = 200;

const PROMPTS = ['¿Cómo resumo este informe?', '¿Qué fuentes respaldan la conclusión?', 'Propón tres títulos para el lanzamiento', '¿Cuándo vence la próxima entrega?'];

/**
 * The seed system's application on PostgreSQL: users asking questions in their projects,
 * one interaction in `table` (the seed's interactions table) per tick, each by a project's
 * owner in turn — a stride through the projects, so consecutive rows belong to different ones.
 * Values are bound; the statement returns the new key.
 */
export async function pgWriterPlan(world: PgWorld, table: string): Promise<WriterPlan> {
  const client = await world.connect();
  let projects: Array<{ id: number; user_id: number }>;
  try {
    const rs = await client.query<{ id: string; user_id: string }>('SELECT id, user_id FROM projects ORDER BY id');
    projects = rs.rows.map((r) => ({ id: Number(r.id), user_id: Number(r.user_id) }));
  } finally {
    await client.end();
  }
  const rows = projects.map((_, i) => {
    const project = projects[(i * 37) % projects.length]!;
    return [project.id, project.user_id, PROMPTS[i % PROMPTS.length]!];
  });
  return {
    engine: 'postgres',
    url: world.url,
    table,
    sql: `INSERT INTO ${quoteIdent(table)} (project_id, user_id, user_prompt) VALUES ($1, $2, $3) RETURNING id`,
    rows,
    intervalMs: INTERVAL_MS,
  };
}
