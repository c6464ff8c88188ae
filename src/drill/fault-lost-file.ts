import { rmSync } from 'node:fs';
import type { LibsqlWorld } from './libsql-world.js';
import { problemPage } from './page-problem.js';
import type { Fault, FaultFacts } from './types.js';

/**
 * `lost-file`: the database file is removed with its WAL and shared-memory index, as a
 * mistaken clean-up or a volume mounted over it would. The application keeps the removed
 * file open and its inserts still commit — into a file no one else can see, so every row it
 * writes from then on is lost too, until someone restarts it. pitstop never creates an empty
 * file in its place, so the runbook's checks fail with "database file not found"; the page
 * comes from a health check that opens the file by its path.
 */
export function lostFileFault(): Fault {
  return {
    kind: 'lost-file',
    page: (facts, written, runbookId, detectedAt) =>
      problemPage(
        {
          alert: `drill: the database health check fails: ${facts.file} not found`,
          ask: 'Find out why the database does not answer, then bring it back.',
          error: `health check: open ${facts.file}: no such file or directory (the API's own writes still report success)`,
        },
        Date.parse(facts.at),
        written,
        runbookId,
        detectedAt,
      ),
    answers: () => ({ platform: 'file', next: 'restore' }),
    async inject(world) {
      const libsql = world as LibsqlWorld;
      // The drill's own connection goes first: it would otherwise keep reading the removed file.
      await libsql.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${libsql.db}${suffix}`, { force: true });
      return { kind: 'lost-file', at: new Date().toISOString(), summary: `${libsql.db} removed with its WAL while the application had it open`, file: libsql.db } satisfies FaultFacts;
    },
  };
}
