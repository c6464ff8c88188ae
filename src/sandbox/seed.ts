import type { Client, InStatement } from '@libsql/client';
import { createRandom, type Random } from './random.js';
import { SANDBOX_SCHEMA } from './schema.js';
import { emailFor, interactionText, personName, ticketDescription, ticketSubject } from './words.js';

export interface SeedOptions {
  /** "Now" for the data: rows are spread over the ~200 days before it. Default: the clock. */
  now?: Date;
  /** PRNG seed: the same seed and `now` give the same rows. */
  seed?: number;
  users?: number;
  tickets?: number;
}

type Row = (string | number)[];

const DAY = 86_400_000;

/** `2026-11-22 05:17:15`: the format of SQLite's datetime(), so comparisons with it work. */
export function sqliteTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Fills an empty database with the seed 003 schema and realistic Spanish-language data:
 * users, tickets over the last ~200 days and their interactions (about half older than
 * 90 days, so the archiving job has work), ids increasing with time as in a live app.
 * Idempotent: a database that already has `usuarios` is left alone.
 */
export async function seedSandbox(client: Client, opts: SeedOptions = {}): Promise<void> {
  const exists = await client.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'usuarios'");
  if (exists.rows.length > 0) return;
  const data = generate(opts);
  await client.execute('PRAGMA journal_mode = WAL');
  await client.batch(
    [
      ...SANDBOX_SCHEMA,
      ...inserts('usuarios', ['id', 'nombre', 'email', 'rol', 'fecha_creacion'], data.usuarios),
      ...inserts('tickets', ['id', 'usuario_id', 'asunto', 'descripcion', 'estado', 'prioridad', 'fecha_creacion', 'fecha_actualizacion'], data.tickets),
      ...inserts('interacciones', ['id', 'ticket_id', 'usuario_id', 'tipo', 'contenido', 'fecha_creacion'], data.interacciones),
    ],
    'write',
  );
  // Fold the WAL into the file: the sandbox is built under a temporary name and renamed,
  // and a WAL left behind under the old name would take the rows with it.
  await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
}

function inserts(table: string, columns: string[], rows: Row[]): InStatement[] {
  const out: InStatement[] = [];
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    out.push({
      sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
      args: chunk.flat(),
    });
  }
  return out;
}

/** The rows, in id order (ids follow creation time). Exported for tests. */
export function generate(opts: SeedOptions = {}): { usuarios: Row[]; tickets: Row[]; interacciones: Row[] } {
  const r = createRandom(opts.seed ?? 3);
  const now = (opts.now ?? new Date()).getTime();
  const userCount = opts.users ?? 240;
  const ticketCount = opts.tickets ?? 3000;

  const userTimes = Array.from({ length: userCount }, () => now - r.int(200, 400) * DAY - r.int(0, DAY - 1)).sort((a, b) => a - b);
  const usuarios: Row[] = userTimes.map((t, i) => {
    const id = i + 1;
    const nombre = personName(r);
    const rol = id <= 2 ? 'admin' : id % 20 === 0 ? 'agente' : 'cliente';
    return [id, nombre, emailFor(nombre, id, r), rol, sqliteTime(new Date(t))];
  });
  const agents = usuarios.filter((u) => u[3] !== 'cliente').map((u) => u[0] as number);
  const clients = usuarios.filter((u) => u[3] === 'cliente').map((u) => u[0] as number);

  const ticketTimes = Array.from({ length: ticketCount }, () => now - Math.floor(r.next() * 200 * DAY)).sort((a, b) => a - b);
  const tickets: Row[] = [];
  const pending: [number, number, number, string][] = []; // time, ticket, user, tipo
  ticketTimes.forEach((t, i) => {
    const id = i + 1;
    const owner = r.pick(clients);
    const subject = ticketSubject(r);
    const ageDays = (now - t) / DAY;
    const updated = Math.min(now, t + r.int(0, 7 * DAY));
    tickets.push([id, owner, subject, ticketDescription(subject, r), state(ageDays, r), priority(r), sqliteTime(new Date(t)), sqliteTime(new Date(updated))]);
    let at = t;
    for (let n = r.int(1, 6); n > 0; n--) {
      at = Math.min(now, at + r.int(10 * 60_000, 2 * DAY));
      const fromAgent = r.next() < 0.6;
      const tipo = fromAgent ? r.weighted([['comentario', 5], ['correo', 3], ['llamada', 2], ['nota_interna', 2]] as const) : r.weighted([['comentario', 4], ['chat', 3], ['correo', 2]] as const);
      pending.push([at, id, fromAgent ? r.pick(agents) : owner, tipo]);
    }
  });
  pending.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const interacciones: Row[] = pending.map(([t, ticket, user, tipo], i) => [i + 1, ticket, user, tipo, interactionText(r), sqliteTime(new Date(t))]);
  return { usuarios, tickets, interacciones };
}

function state(ageDays: number, r: Random): string {
  if (ageDays > 30) return r.weighted([['cerrado', 7], ['resuelto', 3]] as const);
  if (ageDays > 7) return r.weighted([['resuelto', 4], ['cerrado', 3], ['en_progreso', 2], ['abierto', 1]] as const);
  return r.weighted([['abierto', 5], ['en_progreso', 4], ['resuelto', 1]] as const);
}

function priority(r: Random): string {
  return r.weighted([['baja', 3], ['media', 5], ['alta', 2], ['urgente', 1]] as const);
}
