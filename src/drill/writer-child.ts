/**
 * The program of the drill's "application" (`node -e WRITER_SOURCE`): it inserts one row
 * every `intervalMs` and reports each row only once its COMMIT returned.
 *
 * Why a process: for `file:` URLs @libsql/client runs statements synchronously in native
 * code; in pitstop's process a write waiting for a lock held by the recovery would freeze the
 * drill's own timers, and the writer would not be an application beside pitstop as in
 * production. A process writes concurrently, waits on locks by itself, and can be killed.
 *
 * PostgreSQL (`engine: 'postgres'`, the `pg` driver) writes through one connection in
 * autocommit, the statement returning the new key (`RETURNING`); a connection lost (a server
 * stopped by a fault) is opened again at the next tick, as an application's pool would;
 * connecting and each insert have a 5 s limit, so a hung server fails them instead of
 * holding the application forever. A
 * libSQL client is a handle on a file and is kept: opened again where the file went missing,
 * it would create an empty database there.
 *
 * Paused, it has no connection open (an application in maintenance mode); it connects again
 * at its next insert, so a database swapped in meanwhile is the one it writes to.
 *
 * Messages (IPC):
 *   in:  { type: 'start', engine, clientPath, url, sql, rows, keys?, intervalMs }  (rows: argument lists, cycled; values bound; keys: each row's key, else the insert's)
 *        { type: 'go' } (the first insert, then one per interval)
 *        { type: 'pause' } | { type: 'resume' } | { type: 'repoint', url } | { type: 'stop' }
 *   out: { type: 'ready' } once connected; { type: 'row', key, at } after each commit; { type: 'paused' } once no insert is in
 *        flight; { type: 'resumed' }; { type: 'repointed' } once its connection to the old URL is closed; { type: 'failed', message } for an insert that did not
 *        commit (the next tick tries again); { type: 'stopped' } before it exits.
 */
export const WRITER_SOURCE = String.raw`
'use strict';
let client = null, timer = null, inflight = Promise.resolve(), paused = false, busy = false, n = 0, start = null;
process.on('disconnect', () => process.exit(0));
function tick() {
  if (paused || busy) return;
  busy = true;
  const i = n % start.rows.length;
  const args = start.rows[i];
  n += 1;
  inflight = connection().then((c) => c.insert(args)).then(
    (key) => process.send({ type: 'row', key: start.keys ? start.keys[i] : key, at: Date.now() }),
    (e) => { if (start.engine === 'postgres') client = null; process.send({ type: 'failed', message: String(e && e.message || e) }); },
  ).finally(() => { busy = false; });
}
async function disconnect() {
  const open = client;
  client = null;
  if (!open) return;
  try { await (start.engine === 'postgres' ? open.raw.end() : open.raw.close()); } catch (e) { /* already closed */ }
}
async function connection() {
  if (client) return client;
  if (start.engine === 'postgres') {
    const pg = require(start.clientPath);
    const c = new pg.Client({ connectionString: start.url, connectionTimeoutMillis: 5000, query_timeout: 5000 });
    c.on('error', () => { if (client && client.raw === c) client = null; });
    await c.connect();
    client = { raw: c, insert: (args) => c.query({ text: start.sql, values: args, rowMode: 'array' }).then((rs) => Number(rs.rows[0][0])) };
  } else {
    const { createClient } = require(start.clientPath);
    const c = createClient({ url: start.url });
    await c.execute('PRAGMA busy_timeout = 10000');
    client = { raw: c, insert: (args) => c.execute({ sql: start.sql, args }).then((rs) => Number(rs.lastInsertRowid)) };
  }
  return client;
}
process.on('message', async (m) => {
  if (m.type === 'start') {
    start = m;
    await connection();
    process.send({ type: 'ready' });
  } else if (m.type === 'go') {
    timer = setInterval(tick, start.intervalMs);
    tick();
  } else if (m.type === 'pause') {
    paused = true;
    await inflight;
    await disconnect();
    process.send({ type: 'paused' });
  } else if (m.type === 'resume') {
    paused = false;
    process.send({ type: 'resumed' });
  } else if (m.type === 'repoint') {
    start.url = m.url;
    await inflight;
    await disconnect();
    process.send({ type: 'repointed' });
  } else if (m.type === 'stop') {
    clearInterval(timer);
    paused = true;
    await inflight;
    process.send({ type: 'stopped' }, () => process.exit(0));
  }
});
`;
