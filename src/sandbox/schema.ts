/**
 * The seed 003 schema (the ticketing app's libSQL database): users, tickets, their
 * interactions, and the archive table the monthly clean-up moves old interactions into.
 * Keys are AUTOINCREMENT so `sqlite_sequence` remembers every key handed out, which lets a
 * recovery count rows that were written and then lost.
 */
export const SANDBOX_SCHEMA: readonly string[] = [
  `CREATE TABLE usuarios (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    nombre TEXT NOT NULL,
    email TEXT NOT NULL,
    rol TEXT NOT NULL DEFAULT 'cliente' CHECK (rol IN ('cliente', 'agente', 'admin')),
    fecha_creacion TEXT NOT NULL DEFAULT (datetime('now'))
  )`,
  'CREATE UNIQUE INDEX idx_usuarios_email ON usuarios (email)',
  `CREATE TABLE tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    usuario_id INTEGER NOT NULL REFERENCES usuarios (id),
    asunto TEXT NOT NULL,
    descripcion TEXT NOT NULL,
    estado TEXT NOT NULL CHECK (estado IN ('abierto', 'en_progreso', 'resuelto', 'cerrado')),
    prioridad TEXT NOT NULL CHECK (prioridad IN ('baja', 'media', 'alta', 'urgente')),
    fecha_creacion TEXT NOT NULL DEFAULT (datetime('now')),
    fecha_actualizacion TEXT NOT NULL DEFAULT (datetime('now'))
  )`,
  'CREATE INDEX idx_tickets_usuario ON tickets (usuario_id)',
  'CREATE INDEX idx_tickets_estado ON tickets (estado)',
  'CREATE INDEX idx_tickets_fecha ON tickets (fecha_creacion)',
  `CREATE TABLE interacciones (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    usuario_id INTEGER NOT NULL REFERENCES usuarios (id),
    tipo TEXT NOT NULL CHECK (tipo IN ('comentario', 'correo', 'llamada', 'chat', 'nota_interna')),
    contenido TEXT NOT NULL,
    fecha_creacion TEXT NOT NULL DEFAULT (datetime('now'))
  )`,
  'CREATE INDEX idx_interacciones_ticket ON interacciones (ticket_id)',
  'CREATE INDEX idx_interacciones_fecha ON interacciones (fecha_creacion)',
  `CREATE TABLE interacciones_archived (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL,
    usuario_id INTEGER NOT NULL,
    tipo TEXT NOT NULL,
    contenido TEXT NOT NULL,
    fecha_creacion TEXT NOT NULL
  )`,
  'CREATE INDEX idx_interacciones_archived_fecha ON interacciones_archived (fecha_creacion)',
];

/** The tables of the sandbox, in the order rows can be restored (parents first). */
export const SANDBOX_TABLES = ['usuarios', 'tickets', 'interacciones', 'interacciones_archived'] as const;
