import { describe, expect, it } from 'vitest';
import { makeSandbox, pitstop } from '../helpers/cli.js';

describe('pitstop drill libsql-accidental-deletion --fault truncate', () => {
  it('DELETE FROM the whole table in one transaction (SQLite has no TRUNCATE): recovered from the snapshot, losing exactly the rows written after it', async () => {
    const s = makeSandbox();
    const r = await pitstop(s, ['drill', 'libsql-accidental-deletion', '--fault', 'truncate', '--auto', '--json']);
    const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
    const of = (type: string) => events.find((e) => e.type === type)!;
    expect(r.exitCode, r.stdout.slice(-3000)).toBe(0);
    const { facts } = of('drill/fault');
    const fingerprint = of('drill/fingerprint').tables;
    expect(facts).toMatchObject({ kind: 'truncate', table: 'tickets', statement: 'DELETE FROM tickets' });
    expect(facts.rows).toBe(fingerprint.tickets.rows + facts.writerRowsDeleted);
    expect(facts.children.interacciones).toBe(fingerprint.interacciones.rows);
    // The snapshot predates the application's rows: those the fault removed are the loss, and only those.
    expect(facts.writerRowsDeleted).toBeGreaterThan(0);
    expect(of('drill/scored').score).toMatchObject({ validated: true, rowsLost: facts.writerRowsDeleted, lostByTable: { tickets: facts.writerRowsDeleted }, rowsLostFromBackup: 0, duplicates: 0, passed: true });
  }, 120_000);
});
