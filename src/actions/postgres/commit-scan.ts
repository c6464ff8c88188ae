/** A commit record as pg_waldump prints it. */
export interface CommitRecord {
  xid: string;
  lsn: string;
  /** UTC, ISO 8601 with pg_waldump's microseconds. */
  time: string;
}

const RECORD = /^rmgr: Transaction\s+len \(rec\/tot\):\s*\d+\/\s*\d+, tx:\s*(\d+), lsn: ([0-9A-F]+\/[0-9A-F]+), prev [0-9A-F]+\/[0-9A-F]+, desc: COMMIT (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC/;

/**
 * Reads `pg_waldump -r Transaction` lines (run with TZ=UTC) and keeps what a restore to a time
 * needs to know about the archive: its last commit, and whether any commit follows the time.
 * PostgreSQL stops a time target at the first commit after it; with none in the archive the
 * restore fails ("recovery ended before configured recovery target was reached"). Pure.
 */
export class CommitScan {
  records = 0;
  last: CommitRecord | null = null;
  /** The first commit after the time, if the archive has one. */
  firstAfter: CommitRecord | null = null;

  constructor(private readonly after: Date) {}

  push(line: string): void {
    if (line.startsWith('rmgr: ')) this.records++;
    const m = RECORD.exec(line);
    if (!m) return;
    const commit = { xid: m[1]!, lsn: m[2]!, time: `${m[3]!.replace(' ', 'T')}Z` };
    this.last = commit;
    if (!this.firstAfter && Date.parse(commit.time) > this.after.getTime()) this.firstAfter = commit;
  }
}
