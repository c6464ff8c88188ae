/**
 * The program of the helper process that runs libSQL queries (`node -e CHILD_SOURCE`).
 *
 * Why a process: for `file:` URLs @libsql/client runs each statement synchronously inside
 * native code. In pitstop's own process a slow query would freeze the TUI, a timer could never
 * fire and Ctrl-C would not be handled; a worker thread cannot be stopped in native code either
 * (terminating it aborts the whole process). A child process can simply be killed, which is
 * as safe for SQLite as a crash: the journal rolls the open transaction back.
 *
 * Messages (IPC, `serialization: 'advanced'`, so bigint and ArrayBuffer pass unchanged):
 *   in:  { type: 'open', clientPath, url, authToken? }
 *        { type: 'run', id, sql, args, readOnly, queryOnly, maxRows, probe }
 *   out: { id, opened: true } once the database has answered (with `probe`, a remote server
 *        answers a SELECT 1 first, once per client), then
 *        { id, ok: true, columns, rows, rowCount } | { id, ok: false, message, code?, cause? }
 * The token travels by message, not by environment or argv, where other users could read it.
 */
export const CHILD_SOURCE = String.raw`
'use strict';
let open = null;
const clients = {};
const probed = {};
process.on('disconnect', () => process.exit(0));
process.on('message', async (m) => {
  if (m.type === 'open') {
    const { createClient } = require(m.clientPath);
    open = () => createClient({ url: m.url, authToken: m.authToken, intMode: 'bigint' });
    return;
  }
  if (m.type !== 'run') return;
  let tx = null;
  try {
    // Read-only requests get a client of their own: the client pools connections, and
    // query_only set on one must never reach a write.
    const kind = m.queryOnly ? 'ro' : 'rw';
    const client = clients[kind] || (clients[kind] = open());
    // A remote client sends nothing before the first statement: one round trip on first use
    // tells a server that answers from one that only accepts the connection.
    if (m.probe && !probed[kind]) {
      await client.execute('SELECT 1');
      probed[kind] = true;
    }
    process.send({ id: m.id, opened: true });
    tx = await client.transaction(m.readOnly ? 'read' : 'write');
    // BEGIN TRANSACTION READONLY alone does not stop writes on a local file.
    if (m.queryOnly) await tx.execute('PRAGMA query_only = ON');
    const rs = await tx.execute({ sql: m.sql, args: m.args });
    await tx.commit();
    const columns = rs.columns;
    const rows = [];
    for (let i = 0; i < rs.rows.length && i < m.maxRows; i++) {
      const row = {};
      columns.forEach((name, j) => { row[name] = rs.rows[i][j]; });
      rows.push(row);
    }
    const rowCount = columns.length > 0 ? rs.rows.length : rs.rowsAffected;
    process.send({ id: m.id, ok: true, columns, rows, rowCount });
  } catch (e) {
    let cause = e && e.cause;
    while (cause && cause.cause && !cause.code) cause = cause.cause;
    const why = cause ? cause.code || cause.message : undefined;
    process.send({ id: m.id, ok: false, message: String(e && e.message || e), code: e && e.code, cause: why && String(why) });
  } finally {
    if (tx) try { tx.close(); } catch {}
  }
});
`;
