/**
 * The program of the drill's "application" (`node -e WRITER_SOURCE`): it inserts one row
 * every `intervalMs` and reports each row only once its COMMIT returned.
 *
 * Why a process: for `file:` URLs @libsql/client runs statements synchronously in native
 * code; in pitstop's process a write waiting for a lock held by the recovery would freeze the
 * drill's own timers, and the writer would not be an application beside pitstop as in
 * production. A process writes concurrently, waits on locks by itself, and can be killed.
 *
 * Messages (IPC):
 *   in:  { type: 'start', clientPath, url, sql, rows, intervalMs }  (rows: argument lists, cycled)
 *        { type: 'go' } (the first insert, then one per interval)
 *        { type: 'pause' } | { type: 'resume' } | { type: 'stop' }
 *        Paused, it has no connection open (an application in maintenance mode): a restored
 *        file swapped in meanwhile is the one it writes to once resumed, not the old one.
 *   out: { type: 'ready' } once connected; { type: 'row', key, at } after each commit; { type: 'paused' } once no insert is in
 *        flight; { type: 'resumed' }; { type: 'failed', message } for an insert that did not
 *        commit (the next tick tries again); { type: 'stopped' } before it exits.
 */
export const WRITER_SOURCE = String.raw`
'use strict';
let client = null, timer = null, inflight = Promise.resolve(), paused = false, busy = false, n = 0, start = null;
async function connect() {
  const { createClient } = require(start.clientPath);
  client = createClient({ url: start.url });
  await client.execute('PRAGMA busy_timeout = 10000');
}
process.on('disconnect', () => process.exit(0));
function tick() {
  if (paused || busy) return;
  busy = true;
  const args = start.rows[n % start.rows.length];
  n += 1;
  inflight = client.execute({ sql: start.sql, args }).then(
    (rs) => process.send({ type: 'row', key: Number(rs.lastInsertRowid), at: Date.now() }),
    (e) => process.send({ type: 'failed', message: String(e && e.message || e) }),
  ).finally(() => { busy = false; });
}
process.on('message', async (m) => {
  if (m.type === 'start') {
    start = m;
    await connect();
    process.send({ type: 'ready' });
  } else if (m.type === 'go') {
    timer = setInterval(tick, start.intervalMs);
    tick();
  } else if (m.type === 'pause') {
    paused = true;
    await inflight;
    if (client) client.close();
    client = null;
    process.send({ type: 'paused' });
  } else if (m.type === 'resume') {
    if (!client) await connect();
    paused = false;
    process.send({ type: 'resumed' });
  } else if (m.type === 'stop') {
    clearInterval(timer);
    paused = true;
    await inflight;
    process.send({ type: 'stopped' }, () => process.exit(0));
  }
});
`;
