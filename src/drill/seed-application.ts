import { quoteIdent } from '../util/sql-ident.js';
import type { LibsqlWorld } from './libsql-world.js';
import type { WriterPlan } from './writer.js';

/** One new ticket every 100 ms: a busy help desk, so a few seconds of drill are many rows, and the rows the page shows before the fault come quickly. */
const INTERVAL_MS = 100;

const SUBJECTS = ['No puedo acceder a mi cuenta', 'Error al pagar la factura', 'La aplicación se cierra sola', 'Cambio de plan', 'Consulta sobre el envío'];

/**
 * The seed system's application: customers opening tickets in `table` (the seed's parent
 * table), each by one of the existing customers in turn.
 */
export async function seedWriterPlan(world: LibsqlWorld, table: string): Promise<WriterPlan> {
  const client = await world.client();
  const rs = await client.execute("SELECT id FROM usuarios WHERE rol = 'cliente' ORDER BY id");
  const customers = rs.rows.map((r) => Number(r['id']));
  // A stride through the customers, so consecutive tickets come from different people.
  const rows = customers.map((_, i) => {
    const customer = customers[(i * 37) % customers.length]!;
    const subject = SUBJECTS[i % SUBJECTS.length]!;
    return [customer, subject, `${subject} (ticket abierto durante el simulacro)`, ['baja', 'media', 'alta', 'urgente'][i % 4]!];
  });
  return {
    engine: 'libsql',
    url: world.url,
    table,
    sql: `INSERT INTO ${quoteIdent(table)} (usuario_id, asunto, descripcion, estado, prioridad) VALUES (?, ?, ?, 'abierto', ?)`,
    rows,
    intervalMs: INTERVAL_MS,
  };
}
