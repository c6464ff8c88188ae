import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pitstop } from '../../helpers/cli.js';
import { cliTarget, finished, runIdOf } from './cli-target.js';
import { ids, scalar, withDb } from './helpers.js';

const NEW_TICKET = "INSERT INTO tickets (usuario_id, asunto, descripcion, estado, prioridad) VALUES (?, 'Nuevo', 'escrito después del snapshot', 'abierto', 'media')";

describe('libsql-accidental-deletion with snapshots only', () => {
  it('merges back what the snapshot has, keeps later rows, and the report counts the rest', async () => {
    const t = await cliTarget();
    const backup = await pitstop(t.sb, ['run', 'libsql-backup', '--target', 'tickets', '--plain', '--yes']);
    expect(backup.exitCode, backup.stdout + backup.stderr).toBe(0);

    const old42 = await scalar(t.db, 'SELECT count(*) FROM tickets WHERE usuario_id = 42');
    const { later, before } = await withDb(t.db, async (c) => {
      for (let i = 0; i < 12; i++) await c.execute({ sql: NEW_TICKET, args: [42] }); // after the snapshot, then deleted too
      await c.execute({ sql: 'DELETE FROM tickets WHERE usuario_id = ?', args: [42] });
      const later: number[] = [];
      for (let i = 0; i < 4; i++) later.push(Number((await c.execute({ sql: NEW_TICKET, args: [8] })).lastInsertRowid));
      return { later, before: Number((await c.execute('SELECT count(*) FROM tickets')).rows[0]![0]) };
    });

    const incident = new Date(Date.now() - 1000).toISOString().replace('Z', '+00:00');
    const r = await pitstop(t.sb, ['run', 'libsql-accidental-deletion', '--plain', '--yes', '--confirm', 'tickets', '--set', `incident_at=${incident}`, '--set', 'table=tickets', '--set', 'time_column=fecha_creacion']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const steps = finished(t.sb, r.stdout + r.stderr);
    expect(steps['copy-back']?.outputs).toMatchObject({ copied: old42, lost_after_copy: 12, lost: 12 });
    expect(steps['check-copy']?.outputs).toMatchObject({ n: 1200 });

    const now = await ids(t.db, 'tickets');
    expect(now).toHaveLength(before + old42);
    expect(new Set(now).size).toBe(now.length);
    for (const id of later) expect(now).toContain(id);
    // the working copy is gone, the snapshot stays
    expect(existsSync(String(steps['open-snapshot']?.outputs?.['path']))).toBe(false);
    expect(readdirSync(t.backups).filter((f) => /^tickets-\d{8}T\d{6}Z\.db$/.test(f))).toHaveLength(1);

    const report = await pitstop(t.sb, ['report', runIdOf(r.stdout + r.stderr)]);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toContain('12 NOT recoverable (12 written after the copy and deleted)');
    expect(report.stdout).toMatch(/acknowledge-loss/);
  }, 60_000);
});
