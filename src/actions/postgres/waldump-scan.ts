/**
 * Reads `pg_waldump` lines (run with TZ=UTC) and finds the first committed transaction that
 * deleted rows of a table, truncated it or dropped it. Pure: lines in, a verdict out.
 *
 * What the WAL shows (PostgreSQL 15):
 * - DELETE: `rmgr: Heap … tx: 745 … desc: DELETE off 3 …, blkref #0: rel 1663/5/16385 blk 0`
 *   (one record per row, possibly under a subtransaction xid).
 * - TRUNCATE: the transaction creates a new file (`rmgr: Storage … desc: CREATE base/5/16396`)
 *   and its COMMIT drops the old one (`…; rels: base/5/16393; …`). The server's
 *   `pg_relation_filenode` is the NEW file, so older files of the table are learned from the
 *   transactions that created the current one.
 * - DROP: the COMMIT drops the table's file (`rels: base/5/16385 …`).
 */

export type Operation = 'DELETE' | 'TRUNCATE' | 'DROP';

export interface FoundTransaction {
  xid: string;
  operation: Operation;
  commitLsn: string;
  /** First record of the operation on the table (a DELETE, or the commit for TRUNCATE/DROP). */
  firstLsn: string;
  commitTime: string;
  rowsDeleted: number;
}

interface Commit {
  xid: string;
  lsn: string;
  time: string;
  rels: string[];
  subxacts: string[];
}

const RECORD = /^rmgr: (\S+)\s+len \(rec\/tot\):\s*\d+\/\s*\d+, tx:\s*(\d+), lsn: ([0-9A-F]+\/[0-9A-F]+), prev [0-9A-F]+\/[0-9A-F]+, desc: (.*)$/;
const HEAP_REL = /blkref #0: rel \d+\/(\d+)\/(\d+)\b/;
const COMMIT = /^COMMIT (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC(.*)$/;

export class WalScan {
  private readonly deletes = new Map<string, { count: number; first: string; nodes: Set<string> }>();
  private readonly creates = new Map<string, Set<string>>();
  private readonly commits: Commit[] = [];
  records = 0;

  /**
   * `db` is the database oid: files are `db/relfilenode` keys. Transactions that ended before
   * `after` are forgotten as they end (a long archive holds millions), except those that
   * created files: they tell which older files belonged to the table.
   */
  constructor(
    private readonly db: string,
    private readonly after: Date,
  ) {}

  push(line: string): void {
    const m = RECORD.exec(line);
    if (!m) return;
    this.records++;
    const [, rmgr, tx, lsn, desc] = m as unknown as [string, string, string, string, string];
    if (rmgr === 'Heap' && desc.startsWith('DELETE ')) {
      const rel = HEAP_REL.exec(desc);
      if (!rel || rel[1] !== this.db) return;
      const entry = this.deletes.get(tx) ?? { count: 0, first: lsn, nodes: new Set<string>() };
      entry.count++;
      entry.nodes.add(rel[2]!);
      this.deletes.set(tx, entry);
    } else if (rmgr === 'Storage' && desc.startsWith('CREATE ')) {
      const node = fileNode(desc.slice('CREATE '.length).trim(), this.db);
      if (node) this.creates.set(tx, (this.creates.get(tx) ?? new Set()).add(node));
    } else if (rmgr === 'Transaction') {
      const c = COMMIT.exec(desc);
      if (!c) {
        if (desc.startsWith('ABORT')) this.forget([tx, ...listAfter(desc, 'subxacts')], true);
        return;
      }
      const rest = c[2]!;
      const commit: Commit = {
        xid: tx,
        lsn,
        time: `${c[1]!.replace(' ', 'T')}Z`,
        rels: listAfter(rest, 'rels').map((p) => fileNode(p, this.db)).filter((n): n is string => n !== null),
        subxacts: listAfter(rest, 'subxacts'),
      };
      const xids = [tx, ...commit.subxacts];
      const early = Date.parse(commit.time) < this.after.getTime();
      if (!early || xids.some((x) => this.creates.has(x))) this.commits.push(commit);
      if (early) this.forget(xids, false);
    }
  }

  private forget(xids: string[], creates: boolean): void {
    for (const x of xids) {
      this.deletes.delete(x);
      if (creates) this.creates.delete(x);
    }
  }

  /**
   * The first transaction committed at or after `after` that touched the table whose current
   * file is `node`, or null.
   */
  find(node: string): FoundTransaction | null {
    const known = this.fileHistory(node);
    for (const commit of this.commits) {
      if (Date.parse(commit.time) < this.after.getTime()) continue;
      const xids = [commit.xid, ...commit.subxacts];
      const created = xids.some((x) => [...(this.creates.get(x) ?? [])].some((n) => known.has(n)));
      const dropped = commit.rels.some((n) => known.has(n));
      const deleted = xids.map((x) => this.deletes.get(x)).filter((d) => d && [...d.nodes].some((n) => known.has(n)));
      if (!created && !dropped && deleted.length === 0) continue;
      const operation: Operation = created && dropped ? 'TRUNCATE' : dropped ? 'DROP' : 'DELETE';
      const firstLsn = deleted.map((d) => d!.first).sort(compareLsn)[0] ?? commit.lsn;
      return { xid: commit.xid, operation, commitLsn: commit.lsn, firstLsn, commitTime: commit.time, rowsDeleted: deleted.reduce((n, d) => n + d!.count, 0) };
    }
    return null;
  }

  /** The table's current file and the files it had before each rewrite (TRUNCATE) in the WAL. */
  private fileHistory(node: string): Set<string> {
    const known = new Set([node]);
    for (const commit of [...this.commits].reverse()) {
      const xids = [commit.xid, ...commit.subxacts];
      if (xids.some((x) => [...(this.creates.get(x) ?? [])].some((n) => known.has(n)))) for (const n of commit.rels) known.add(n);
    }
    return known;
  }
}

/** `base/5/16385` or `pg_tblspc/16400/PG_15_…/5/16385` → `16385` when in database `db`. */
function fileNode(path: string, db: string): string | null {
  const parts = path.split('/');
  const node = parts[parts.length - 1];
  return parts[parts.length - 2] === db && node && /^\d+$/.test(node) ? node : null;
}

function listAfter(text: string, key: string): string[] {
  const m = new RegExp(`;\\s*${key}:([^;]*)`).exec(text);
  return m ? m[1]!.trim().split(/\s+/).filter(Boolean) : [];
}

export function compareLsn(a: string, b: string): number {
  const [ah, al] = a.split('/').map((x) => parseInt(x, 16)) as [number, number];
  const [bh, bl] = b.split('/').map((x) => parseInt(x, 16)) as [number, number];
  return ah - bh || al - bl;
}
