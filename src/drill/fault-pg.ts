import { atOffset } from './page.js';
import { damagePgPage } from './pg-page-damage.js';
import { hangServer, loseDataDir, stopServer } from './pg-server-damage.js';
import type { HungListener } from './hung-listener.js';
import { problemPage, type Symptom } from './page-problem.js';
import type { PgWorld } from './pg-world.js';
import type { Fault, FaultFacts } from './types.js';

/** The page of a PostgreSQL fault: its symptom, at the fault's time. */
const pageOf = (symptom: (facts: FaultFacts) => Symptom): Fault['page'] => (facts, written, runbookId, detectedAt) => problemPage(symptom(facts), Date.parse(facts.at), written, runbookId, detectedAt);

/**
 * `heap-page` / `index-page` on `table` (its primary key's index for `index-page`). The
 * application is paused for the damage (the server restarts). A damaged index is seen by
 * few queries: the application goes on. A damaged table fails its reads: the application
 * is taken out of service at once and stays down until the runbook lets it write again.
 * `--auto` answers the restore point with the fault's time rounded up to the second: damage
 * on disk writes no WAL, so every row committed before it comes back.
 */
export function pgPageFault(kind: 'heap-page' | 'index-page', table: string): Fault {
  const staysDown = kind === 'heap-page';
  return {
    kind,
    applicationStops: staysDown,
    page: pageOf((facts) => ({
      alert: `drill: the server logs "invalid page in block ${facts.pages?.[0]}" (checksum failures) on ${facts.table}`,
      ask: 'Find what is damaged (table or index), then recover without losing what the application wrote.',
      error: `GET /${table} → 500: ERROR: invalid page in block ${facts.pages?.[0]} of relation ${facts.file}`,
    })),
    answers: (facts) => ({ restore_to: atOffset(Math.ceil(Date.parse(facts.at) / 1000) * 1000) }),
    async inject(world, _written, application) {
      const server = world as PgWorld;
      await application.pause();
      try {
        const damage = await damagePgPage({ cluster: server.cluster, url: server.url }, table, kind === 'heap-page' ? 'heap' : 'index');
        return {
          kind,
          at: new Date().toISOString(),
          summary: `block ${damage.block} of ${damage.relation} (${damage.file}) overwritten with ${damage.blockSize} random bytes, server restarted${damage.rows ? `: ${damage.rows} rows on it` : ''}`,
          table: damage.relation,
          file: damage.file,
          pages: [damage.block],
          pageSize: damage.blockSize,
          rowsOnDamagedPages: damage.rows,
        } satisfies FaultFacts;
      } finally {
        if (!staysDown) await application.resume();
      }
    },
  };
}

/**
 * `lost-data-dir`, `stopped`, `hung`: the server is gone, down, or hangs. The application
 * fails from then on (it tries again at each tick). `--auto` answers the server-loss runbook
 * with the world's base backups.
 */
export function pgServerFault(kind: 'lost-data-dir' | 'stopped' | 'hung'): Fault & { close(): Promise<void> } {
  let listener: HungListener | undefined;
  return {
    kind,
    applicationStops: true,
    page: pageOf(() => ({
      alert: `drill: the database server does not answer (${kind === 'hung' ? 'connections time out' : 'connection refused'})`,
      ask: 'Find out what happened to the server, then bring the data back on a new one.',
      error: kind === 'hung' ? 'POST /interactions → 503: timeout expired while connecting to the database' : 'POST /interactions → 503: connect ECONNREFUSED (database server)',
    })),
    answers: (_facts, world) => ({ source: world.source }),
    async inject(world, written) {
      const server = { cluster: (world as PgWorld).cluster, url: (world as PgWorld).url };
      const at = () => new Date().toISOString();
      const writerRowsBefore = written.length;
      if (kind === 'lost-data-dir') {
        const { movedTo, pid } = await loseDataDir(server);
        return { kind, at: at(), summary: `data directory moved to ${movedTo}, server (pid ${pid}) killed`, file: server.cluster.dataDir, writerRowsBefore } satisfies FaultFacts;
      }
      if (kind === 'stopped') {
        await stopServer(server);
        return { kind, at: at(), summary: 'server stopped (fast shutdown), its data directory intact', writerRowsBefore } satisfies FaultFacts;
      }
      listener = await hangServer(server);
      return { kind, at: at(), summary: `server stopped; a listener (pid ${listener.pid}) accepts connections on its socket and never answers`, writerRowsBefore } satisfies FaultFacts;
    },
    close: async () => listener?.stop(),
  };
}
