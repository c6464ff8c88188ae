import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { finished, journalOf, runIdOf } from '../actions/libsql/cli-target.js';
import { copyDbFile, scalar, tempDir, TURSO_STUB_DIR, withDb } from '../actions/libsql/helpers.js';
import { makeSandbox, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';

/**
 * Acceptance, issue 11 (libSQL): libsql-accidental-deletion headless on tables of every shape
 * a deletion hits — a WITHOUT ROWID join table with a composite key, a log without any key
 * (duplicates), a STRICT table, and a two-level ON DELETE CASCADE found without being named.
 */
const SCHEMA = [
  'CREATE TABLE item_tags (item_id INTEGER NOT NULL, tag_id TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (item_id, tag_id)) WITHOUT ROWID',
  'CREATE TABLE ledger (account INTEGER, delta REAL, note TEXT, at TEXT)',
  'CREATE TABLE prices (sku TEXT PRIMARY KEY, cents INTEGER NOT NULL, at TEXT NOT NULL) STRICT',
  'CREATE TABLE boards (id INTEGER PRIMARY KEY, name TEXT, at TEXT)',
  'CREATE TABLE cards (id INTEGER PRIMARY KEY, board_id INTEGER NOT NULL REFERENCES boards (id) ON DELETE CASCADE, title TEXT, at TEXT)',
  'CREATE TABLE card_marks (card_id INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE, mark TEXT, at TEXT)',
];

async function seed(db: string): Promise<void> {
  await withDb(db, async (c) => {
    for (const sql of SCHEMA) await c.execute(sql);
    for (let i = 0; i < 40; i++) {
      const at = `2026-11-0${1 + (i % 9)} 10:00:00`;
      await c.execute({ sql: 'INSERT INTO item_tags VALUES (?, ?, ?)', args: [1 + (i % 8), `t${i % 5}-${i}`, at] });
      // every third ledger line twice: exact duplicates, and a NULL note on some
      await c.execute({ sql: 'INSERT INTO ledger VALUES (?, ?, ?, ?)', args: [i % 4, 1.5 * (i % 3), i % 5 === 0 ? null : `n${i % 6}`, at] });
      if (i % 3 === 0) await c.execute({ sql: 'INSERT INTO ledger VALUES (?, ?, ?, ?)', args: [i % 4, 1.5 * (i % 3), i % 5 === 0 ? null : `n${i % 6}`, at] });
      await c.execute({ sql: 'INSERT INTO prices VALUES (?, ?, ?)', args: [`sku-${i}`, 100 + i, at] });
    }
    for (let b = 1; b <= 4; b++) {
      await c.execute({ sql: 'INSERT INTO boards VALUES (?, ?, ?)', args: [b, `board ${b}`, '2026-11-01 09:00:00'] });
      for (let k = 0; k < 5; k++) {
        const card = b * 10 + k;
        await c.execute({ sql: 'INSERT INTO cards VALUES (?, ?, ?, ?)', args: [card, b, `card ${card}`, '2026-11-01 09:00:00'] });
        await c.execute({ sql: "INSERT INTO card_marks VALUES (?, 'seen', '2026-11-01 09:00:00'), (?, 'seen', '2026-11-01 09:00:00')", args: [card, card] });
      }
    }
  });
}

/** The incident: deletions in every table (cascades with foreign keys on), and rows written after. */
async function incident(db: string): Promise<Record<string, number>> {
  return withDb(db, async (c) => {
    const count = async (sql: string) => Number((await c.execute(sql)).rows[0]![0]);
    const gone = {
      item_tags: await count('SELECT count(*) FROM item_tags WHERE item_id IN (2, 3)'),
      ledger: await count('SELECT count(*) FROM ledger WHERE account = 1'),
      prices: await count("SELECT count(*) FROM prices WHERE cents % 2 = 0"),
      cards: await count('SELECT count(*) FROM cards WHERE board_id = 3'),
      card_marks: await count('SELECT count(*) FROM card_marks WHERE card_id IN (SELECT id FROM cards WHERE board_id = 3)'),
    };
    await c.execute('DELETE FROM item_tags WHERE item_id IN (2, 3)');
    await c.execute('DELETE FROM ledger WHERE account = 1');
    await c.execute('DELETE FROM prices WHERE cents % 2 = 0');
    await c.execute('PRAGMA foreign_keys = ON');
    await c.execute('DELETE FROM boards WHERE id = 3');
    // written after the incident: kept by every copy-back
    await c.execute("INSERT INTO ledger VALUES (1, 0.0, 'after', '2026-11-20 10:00:00')");
    await c.execute("INSERT INTO item_tags VALUES (3, 'after', '2026-11-20 10:00:00')");
    return gone;
  });
}

function project(): { sb: Sandbox; db: string; backups: string } {
  const sb = makeSandbox();
  const db = join(sb.cwd, 'data', 'shop.db');
  const backups = join(sb.cwd, 'backups');
  mkdirSync(join(sb.cwd, 'data'), { recursive: true });
  writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { shop: { engine: 'libsql', url: `file:${db}`, backups } } }));
  return { sb, db, backups };
}

const out = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;
const incidentAt = () => new Date(Date.now() - 1000).toISOString().replace('Z', '+00:00');

describe('libsql-accidental-deletion on every table shape (from the snapshot)', () => {
  it('composite key, no key, STRICT, and a two-level cascade found without naming it; the plan comes before any copy', async () => {
    const p = project();
    await seed(p.db);
    const backup = await pitstop(p.sb, ['run', 'libsql-backup', '--target', 'shop', '--plain', '--yes']);
    expect(backup.exitCode, out(backup)).toBe(0);
    const gone = await incident(p.db);
    const run = (table: string) =>
      pitstop(p.sb, ['run', 'libsql-accidental-deletion', '--target', 'shop', '--plain', '--yes', '--confirm', 'shop', '--set', `incident_at=${incidentAt()}`, '--set', `table=${table}`, '--set', 'time_column=at']);

    const tags = await run('item_tags');
    expect(tags.exitCode, out(tags)).toBe(0);
    let steps = finished(p.sb, out(tags));
    expect(steps['plan-copy-back']?.outputs).toMatchObject({ strategy: 'primary-key', key_columns: ['item_id', 'tag_id'], summary: 'matching on (item_id, tag_id) (primary-key)', tables: 'item_tags' });
    expect(steps['copy-back']?.outputs).toMatchObject({ strategy: 'primary-key', copied: gone['item_tags'], skipped_existing: 40 - gone['item_tags']! });
    expect(steps['validate']?.status).toBe('succeeded');
    // The plan step ran, and finished, before the copy was made and before any copy-back.
    const events = journalOf(p.sb, out(tags));
    const at = (type: string, id: string) => events.findIndex((e) => e['type'] === type && e['stepId'] === id);
    expect(at('step/finished', 'plan-copy-back')).toBeGreaterThan(-1);
    expect(at('step/finished', 'plan-copy-back')).toBeLessThan(at('step/started', 'open-snapshot'));
    expect(at('step/started', 'open-snapshot')).toBeLessThan(at('step/started', 'copy-back'));
    expect(await scalar(p.db, 'SELECT count(*) FROM item_tags')).toBe(41);
    const report = await pitstop(p.sb, ['report', runIdOf(out(tags))]);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toContain('matching on (item_id, tag_id) (primary-key)');

    const ledger = await run('ledger');
    expect(ledger.exitCode, out(ledger)).toBe(0);
    steps = finished(p.sb, out(ledger));
    expect(steps['plan-copy-back']?.outputs).toMatchObject({ strategy: 'no-key', key_columns: [] });
    expect(String(steps['plan-copy-back']?.outputs?.['summary'])).toMatch(/^no key: rows matched on all columns, as a multiset/);
    expect(steps['copy-back']?.outputs).toMatchObject({ strategy: 'no-key', copied: gone['ledger'] });
    expect(await scalar(p.db, "SELECT count(*) FROM ledger WHERE account = 1 AND note IS NOT 'after'")).toBe(gone['ledger']);
    expect(await scalar(p.db, "SELECT count(*) FROM ledger WHERE note = 'after'")).toBe(1);

    const prices = await run('prices');
    expect(prices.exitCode, out(prices)).toBe(0);
    expect(finished(p.sb, out(prices))['copy-back']?.outputs).toMatchObject({ strategy: 'primary-key', key_columns: ['sku'], copied: gone['prices'] });
    expect(await scalar(p.db, 'SELECT count(*) FROM prices')).toBe(40);

    const boards = await run('boards');
    expect(boards.exitCode, out(boards)).toBe(0);
    steps = finished(p.sb, out(boards));
    expect(steps['plan-copy-back']?.outputs).toMatchObject({ tables: 'boards,cards,card_marks', children: 'cards,card_marks', strategy_card_marks: 'no-key' });
    expect(steps['copy-back']?.outputs).toMatchObject({
      copied: 1,
      copied_cards: gone['cards'],
      copied_card_marks: gone['card_marks'],
      copied_total: 1 + gone['cards']! + gone['card_marks']!,
      orphans: 0,
    });
    expect(steps['validate']?.outputs).toMatchObject({ n: 4 });
    expect(await scalar(p.db, 'SELECT count(*) FROM card_marks')).toBe(40);
    expect(await scalar(p.db, 'SELECT count(*) FROM card_marks m LEFT JOIN cards c ON c.id = m.card_id WHERE c.id IS NULL')).toBe(0);
  }, 180_000);

  it('a table that does not exist in also_tables stops the run at the plan, before any copy is made', async () => {
    const p = project();
    await seed(p.db);
    // A snapshot to restore from, or the run is refused before step 1 (its precondition).
    const backup = await pitstop(p.sb, ['run', 'libsql-backup', '--target', 'shop', '--plain', '--yes']);
    expect(backup.exitCode, out(backup)).toBe(0);
    const r = await pitstop(p.sb, ['run', 'libsql-accidental-deletion', '--target', 'shop', '--plain', '--yes', '--confirm', 'shop', '--set', `incident_at=${incidentAt()}`, '--set', 'table=boards', '--set', 'time_column=at', '--set', 'also_tables=card_notes']);
    expect(r.exitCode, out(r)).toBe(1);
    expect(out(r)).toMatch(/no table card_notes in production/);
    const id = /^run (\S+)/m.exec(out(r))![1]!;
    const started = readJournalEvents(join(p.sb.home, 'runs', id)).filter((e) => e['type'] === 'step/started').map((e) => e['stepId']);
    expect(started).toEqual(['table-now', 'plan-copy-back']);
    expect(existsSync(p.backups) ? readdirSync(p.backups).filter((f) => f.includes('-copy-')) : []).toEqual([]);
  }, 60_000);
});

describe('libsql-accidental-deletion from a Turso point-in-time copy (two connections)', () => {
  it('a composite-key table and a keyless one come back through two clients', async () => {
    const cloud = tempDir('pitstop-turso-');
    const sb = makeSandbox({ PATH: `${TURSO_STUB_DIR}:${process.env['PATH']}`, TURSO_STUB_DIR: cloud });
    const cloudDb = join(cloud, 'shop-db.db');
    await seed(cloudDb);
    writeFileSync(join(sb.cwd, 'pitstop.yaml'), stringify({ targets: { shop: { engine: 'libsql', url: `file:${cloudDb}`, backups: join(sb.cwd, 'backups'), turso: { database: 'shop-db' } } } }));
    mkdirSync(join(cloud, 'shop-db.history'));
    await copyDbFile(cloudDb, join(cloud, 'shop-db.history', '20261122T040000Z.db'));
    const gone = await incident(cloudDb);
    for (const table of ['item_tags', 'ledger']) {
      const r = await pitstop(sb, ['run', 'libsql-accidental-deletion', '--target', 'shop', '--plain', '--yes', '--confirm', 'shop', '--confirm', 'shop', '--set', 'source=turso', '--set', `table=${table}`, '--set', 'time_column=at', '--set', 'incident_at=2026-11-22T05:30:00+01:00']);
      expect(r.exitCode, `${table}: ${out(r)}`).toBe(0);
      const steps = finished(sb, out(r));
      expect(steps['pitr-turso']?.status).toBe('succeeded');
      expect(steps['copy-back']?.outputs).toMatchObject({ copied: gone[table], strategy: table === 'ledger' ? 'no-key' : 'primary-key' });
      expect(steps['validate']?.status).toBe('succeeded');
    }
    expect(await scalar(cloudDb, 'SELECT count(*) FROM item_tags')).toBe(41);
    expect(await scalar(cloudDb, "SELECT count(*) FROM ledger WHERE note = 'after'")).toBe(1);
  }, 180_000);
});
