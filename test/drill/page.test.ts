import { describe, expect, it } from 'vitest';
import { atOffset, deletionPage } from '../../src/drill/page.js';
import type { FaultFacts } from '../../src/drill/types.js';

const FAULT = Date.parse('2026-11-29T01:34:32.937Z');
const facts: FaultFacts = { kind: 'delete', at: new Date(FAULT).toISOString(), table: 'tickets', keys: [17, 40, 3003], children: { interacciones: 12 }, statement: 'DELETE FROM tickets WHERE usuario_id IN (9, 16)', writerRowsDeleted: 1 };
const written = [1, 2, 3, 4, 5].map((i) => ({ table: 'tickets', key: 3000 + i, at: FAULT - 1000 + i * 300 }));

describe('the page', () => {
  it('gives times at the server offset, never UTC: the DELETE line holds the incident time', () => {
    const page = deletionPage(facts, written, 'libsql-accidental-deletion', FAULT + 5000);
    expect(page.alert[0]).toBe('ALERT [drill] tickets: row count dropped by 3 within one minute (and 12 interacciones)');
    expect(page.log).toContain('2026-11-28 19:34:32.937 -0600 INFO  [admin-script] DELETE FROM tickets WHERE usuario_id IN (9, 16) -- 3 rows affected');
    // The rows just before and after it, in time order, and no line in UTC.
    expect(page.log.map((l) => l.slice(0, 23))).toEqual([...page.log.map((l) => l.slice(0, 23))].sort());
    expect(page.log.join('\n')).not.toMatch(/Z\b|\+0000/);
    expect(page.log.filter((l) => l.includes('created id='))).toHaveLength(5);
  });

  it('incident times are RFC 3339 with the offset', () => {
    expect(atOffset(FAULT - 1000)).toBe('2026-11-28T19:34:31-06:00');
    expect(atOffset(Date.parse('2026-11-29T00:00:00Z'), 330)).toBe('2026-11-29T05:30:00+05:30');
  });
});
