import { describe, expect, it } from 'vitest';
import { WalScan } from '../../../src/actions/postgres/waldump-scan.js';

/** pg_waldump lines as PostgreSQL 15 prints them (TZ=UTC), trimmed to what the scan reads. */
const rec = (rmgr: string, tx: number, lsn: string, desc: string): string =>
  `rmgr: ${rmgr.padEnd(11)} len (rec/tot):     54/    54, tx:        ${tx}, lsn: ${lsn}, prev 0/01000000, desc: ${desc}`;
const del = (tx: number, lsn: string, node = 16385, db = 5): string => rec('Heap', tx, lsn, `DELETE off 3 flags 0x00 KEYS_UPDATED , blkref #0: rel 1663/${db}/${node} blk 0`);
const commit = (tx: number, lsn: string, time: string, rest = ''): string => rec('Transaction', tx, lsn, `COMMIT 2026-11-22 ${time} UTC${rest}`);

function scan(lines: string[], after = '2026-11-22T03:00:00Z'): WalScan {
  const s = new WalScan('5', new Date(after));
  for (const l of lines) s.push(l);
  return s;
}

describe('WalScan', () => {
  it('skips deletes committed before the time, aborted ones, other tables and other databases', () => {
    const s = scan([
      del(700, '0/01000100'), commit(700, '0/01000200', '02:59:59.999999'),
      del(701, '0/01000300'), rec('Transaction', 701, '0/01000400', 'ABORT 2026-11-22 03:00:01.000000 UTC'),
      del(702, '0/01000500', 99999), commit(702, '0/01000600', '03:00:02.000000'),
      del(703, '0/01000700', 16385, 7), commit(703, '0/01000800', '03:00:03.000000'),
      del(704, '0/01000900'), del(704, '0/01000A00'), commit(704, '0/01000B00', '03:00:04.000000'),
    ]);
    expect(s.find('16385')).toEqual({ xid: '704', operation: 'DELETE', commitLsn: '0/01000B00', firstLsn: '0/01000900', commitTime: '2026-11-22T03:00:04.000000Z', rowsDeleted: 2 });
  });

  it('follows a table through an earlier TRUNCATE to its old file, and orders by commit, not by first record', () => {
    const s = scan([
      del(710, '0/02000100', 16390), // starts first, commits last
      rec('Storage', 711, '0/02000200', 'CREATE base/5/16400'),
      commit(711, '0/02000300', '02:00:00.000000', '; rels: base/5/16390'),
      del(712, '0/02000400', 16400), commit(712, '0/02000500', '03:00:01.000000'),
      commit(710, '0/02000600', '03:00:02.000000'),
    ]);
    expect(s.find('16400')).toMatchObject({ xid: '712', operation: 'DELETE' });
  });

  it('finds nothing when nothing touched the table after the time', () => {
    expect(scan([del(720, '0/03000100'), commit(720, '0/03000200', '02:00:00.000000')]).find('16385')).toBeNull();
  });
});
