import { describe, expect, it } from 'vitest';
import { assessPgbackrest } from '../../src/status/assess-pgbackrest.js';
import { parsePgbackrestInfo } from '../../src/status/pgbackrest.js';

const now = Date.parse('2026-11-29T12:00:00Z');
const ageOf = (iso: string) => (now - Date.parse(iso)) / 1000;
const unix = (hoursAgo: number) => Math.floor((now - hoursAgo * 3600_000) / 1000);
const backup = (label: string, type: string, hoursAgo: number) => ({ label, type, timestamp: { start: unix(hoursAgo) - 60, stop: unix(hoursAgo) }, info: { size: 1000, repository: { delta: 300, size: 300 } } });
const info = (backups: object[], status = { code: 0, message: 'ok' }, archive: object[] = [{ id: '15-1', max: '000000010000000000000009', min: '000000010000000000000001' }]) =>
  JSON.stringify([{ name: 'shop', status, archive, backup: backups }]);

describe('assessPgbackrest', () => {
  it('holds the newest backup (any type) and the newest full to their RPOs, and shows the archive\'s newest WAL', () => {
    const parsed = parsePgbackrestInfo(info([backup('20261120-000000F', 'full', 9 * 24), backup('20261129-060000F_20261129-060000I', 'incr', 6)]), 'shop');
    const { checks, kinds } = assessPgbackrest(parsed, undefined, ageOf);
    expect(checks).toEqual([
      { name: 'backup pgbackrest', health: 'ok', detail: 'incr 20261129-060000F_20261129-060000I, 6 h old (RPO 24 h), 300 B in the repository' },
      { name: 'backup pgbackrest-full', health: 'warn', detail: 'full 20261120-000000F, 9 d old (RPO 7 d), 300 B in the repository' },
      { name: 'pgbackrest archive', health: 'ok', detail: 'newest WAL segment in the repository: 000000010000000000000009' },
    ]);
    expect(kinds[0]).toMatchObject({ kind: 'pgbackrest', rpoSeconds: 86400, newest: { path: 'pgbackrest:shop/20261129-060000F_20261129-060000I', durationSeconds: 60 } });
  });

  it('a target\'s rpo overrides the defaults', () => {
    const parsed = parsePgbackrestInfo(info([backup('20261129-060000F', 'full', 6)]), 'shop');
    expect(assessPgbackrest(parsed, { pgbackrest: '2h' }, ageOf).checks[0]).toMatchObject({ health: 'fail', detail: expect.stringContaining('(RPO 2 h)') });
  });

  it('a stanza in fault, without backups or archived WAL, fails and says what to run', () => {
    const parsed = parsePgbackrestInfo(info([], { code: 1, message: 'missing stanza path' }, []), 'shop');
    expect(assessPgbackrest(parsed, undefined, ageOf).checks.map((c) => `${c.name}:${c.health}:${c.detail}`)).toEqual([
      'pgbackrest:fail:stanza shop: missing stanza path (pgBackRest status 1)',
      'backup pgbackrest:fail:no backup in stanza shop: run pgbackrest --stanza=shop backup',
      'backup pgbackrest-full:fail:no full backup in stanza shop: run pgbackrest --stanza=shop backup --type=full',
      'pgbackrest archive:warn:the archive of stanza shop holds no WAL: is archive_command pgbackrest archive-push?',
    ]);
  });

  it('text that is not pgbackrest\'s JSON is refused', () => {
    expect(() => parsePgbackrestInfo('ERROR: [031]: invalid option', 'shop')).toThrow();
    expect(assessPgbackrest({ error: 'pgbackrest info: no answer within 3 s' }, undefined, ageOf).checks).toEqual([{ name: 'pgbackrest', health: 'fail', detail: 'cannot read the stanza: pgbackrest info: no answer within 3 s' }]);
  });
});
