import { describe, expect, it } from 'vitest';
import { CommitScan } from '../../../src/actions/postgres/commit-scan.js';

const rec = (rmgr: string, tx: number, lsn: string, desc: string): string =>
  `rmgr: ${rmgr.padEnd(11)} len (rec/tot):     34/    34, tx:        ${tx}, lsn: ${lsn}, prev 0/01000000, desc: ${desc}`;
const commit = (tx: number, lsn: string, time: string): string => rec('Transaction', tx, lsn, `COMMIT 2026-11-22 ${time} UTC`);

function scan(lines: string[], after = '2026-11-22T03:00:00Z'): CommitScan {
  const s = new CommitScan(new Date(after));
  for (const l of lines) s.push(l);
  return s;
}

describe('CommitScan', () => {
  it('a quiet archive: the last commit is before the time, none after', () => {
    const s = scan([commit(700, '0/01000200', '02:10:00.000001'), rec('Standby', 0, '0/01000300', 'RUNNING_XACTS'), commit(701, '0/01000400', '02:59:59.999999')]);
    expect(s.last).toEqual({ xid: '701', lsn: '0/01000400', time: '2026-11-22T02:59:59.999999Z' });
    expect(s.firstAfter).toBeNull();
    expect(s.records).toBe(3);
  });

  it('a commit after the time is found, aborts are not commits', () => {
    const s = scan([
      commit(700, '0/01000200', '02:10:00.000000'),
      rec('Transaction', 701, '0/01000300', 'ABORT 2026-11-22 03:00:01.000000 UTC'),
      commit(702, '0/01000400', '03:00:02.000000'),
      commit(703, '0/01000500', '03:00:03.000000'),
    ]);
    expect(s.firstAfter?.xid).toBe('702');
    expect(s.last?.xid).toBe('703');
  });
});
