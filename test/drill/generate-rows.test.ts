import { describe, expect, it } from 'vitest';
import { generateRows, moreRows, type GeneratedData, type Value } from '../../src/drill/generate-rows.js';
import type { SchemaColumn, SchemaModel, SchemaTable } from '../../src/drill/schema-model.js';

const NOW = Date.parse('2026-11-29T10:00:00Z');

const col = (name: string, type: string, over: Partial<SchemaColumn> = {}): SchemaColumn => ({ name, type, notNull: false, hasDefault: false, ...over });
const table = (name: string, over: Partial<SchemaTable>): SchemaTable => ({ name, columns: [], primaryKey: [], unique: [], foreignKeys: [], checks: [], ...over });

/** Projects, their tasks (composite key, cascade), notes on tasks (composite foreign key sharing a column), people, and who is on what. */
const MODEL: SchemaModel = {
  tables: [
    // Declared child first: the order must come from the foreign keys.
    table('task_notes', {
      columns: [col('id', 'INTEGER'), col('project_id', 'INTEGER', { notNull: true }), col('task_no', 'INTEGER', { notNull: true }), col('author_id', 'INTEGER'), col('body', 'TEXT', { notNull: true })],
      primaryKey: ['id'],
      foreignKeys: [
        { columns: ['project_id'], parent: 'projects', parentColumns: ['id'], onDelete: 'CASCADE' },
        { columns: ['project_id', 'task_no'], parent: 'tasks', parentColumns: ['project_id', 'task_no'], onDelete: 'CASCADE' },
        { columns: ['author_id'], parent: 'people', parentColumns: ['id'], onDelete: 'SET NULL' },
      ],
    }),
    table('tasks', {
      columns: [col('project_id', 'INTEGER', { notNull: true }), col('task_no', 'INTEGER', { notNull: true }), col('title', 'varchar(12)', { notNull: true }), col('starts_at', 'TIMESTAMP'), col('ends_at', 'TIMESTAMP'), col('done', 'BOOLEAN', { notNull: true, hasDefault: true })],
      primaryKey: ['project_id', 'task_no'],
      foreignKeys: [{ columns: ['project_id'], parent: 'projects', parentColumns: ['id'], onDelete: 'CASCADE' }],
      checks: ['ends_at >= starts_at'],
    }),
    table('projects', {
      columns: [col('id', 'INTEGER'), col('code', 'TEXT', { notNull: true }), col('status', 'TEXT', { notNull: true }), col('budget', 'NUMERIC(10,2)'), col('priority', 'SMALLINT', { notNull: true }), col('created_at', 'DATETIME', { notNull: true })],
      primaryKey: ['id'],
      unique: [['code']],
      checks: ["status IN ('open', 'paused', 'closed')", 'length(code) <= 6', 'budget >= 0', 'priority BETWEEN 1 AND 5'],
    }),
    table('people', {
      columns: [col('id', 'INTEGER'), col('email', 'TEXT', { notNull: true }), col('manager_id', 'INTEGER')],
      primaryKey: ['id'],
      unique: [['email']],
      foreignKeys: [{ columns: ['manager_id'], parent: 'people', parentColumns: ['id'], onDelete: 'SET NULL' }],
    }),
    table('members', {
      columns: [col('person_id', 'INTEGER', { notNull: true }), col('project_id', 'INTEGER', { notNull: true })],
      primaryKey: ['person_id', 'project_id'],
      foreignKeys: [
        { columns: ['person_id'], parent: 'people', parentColumns: ['id'], onDelete: 'CASCADE' },
        { columns: ['project_id'], parent: 'projects', parentColumns: ['id'], onDelete: 'CASCADE' },
      ],
    }),
  ],
};

function rowsOf(data: GeneratedData, name: string): Array<Record<string, Value>> {
  const t = data.tables.find((x) => x.table === name)!;
  return t.rows.map((row) => Object.fromEntries(t.columns.map((c, i) => [c, row[i]!])));
}

const distinct = (values: unknown[]) => new Set(values.map((v) => JSON.stringify(v))).size;

describe('generateRows', () => {
  const data = generateRows(MODEL, { rows: 500, seed: 7, now: NOW });

  it('parents first, every table filled with the rows asked, the same rows for the same seed', () => {
    const order = data.tables.map((t) => t.table);
    expect(order.indexOf('projects')).toBeLessThan(order.indexOf('tasks'));
    expect(order.indexOf('tasks')).toBeLessThan(order.indexOf('task_notes'));
    expect(order.indexOf('people')).toBeLessThan(order.indexOf('members'));
    for (const t of data.tables) expect(t.rows, t.table).toHaveLength(500);
    expect(data.refused).toEqual([]);
    expect(generateRows(MODEL, { rows: 500, seed: 7, now: NOW })).toEqual(data);
    expect(generateRows(MODEL, { rows: 500, seed: 8, now: NOW }).tables[0]!.rows).not.toEqual(data.tables[0]!.rows);
  });

  it('keys and unique sets distinct, NOT NULL filled, foreign keys (composite, shared, self) pointing at rows that exist', () => {
    const projects = rowsOf(data, 'projects');
    const tasks = rowsOf(data, 'tasks');
    const notes = rowsOf(data, 'task_notes');
    const people = rowsOf(data, 'people');
    const members = rowsOf(data, 'members');
    expect(distinct(projects.map((p) => p['id']))).toBe(500);
    expect(distinct(projects.map((p) => p['code']))).toBe(500);
    expect(distinct(tasks.map((t) => [t['project_id'], t['task_no']]))).toBe(500);
    expect(distinct(members.map((m) => [m['person_id'], m['project_id']]))).toBe(500);
    expect(distinct(people.map((p) => p['email']))).toBe(500);
    for (const t of data.tables) for (const row of t.rows) expect(row.filter((v) => v === undefined)).toEqual([]);
    expect(tasks.every((t) => t['title'] !== null && t['done'] !== null)).toBe(true);

    const projectIds = new Set(projects.map((p) => p['id']));
    const taskKeys = new Set(tasks.map((t) => `${t['project_id']}/${t['task_no']}`));
    const personIds = new Set(people.map((p) => p['id']));
    expect(tasks.every((t) => projectIds.has(t['project_id']!))).toBe(true);
    expect(distinct(tasks.map((t) => t['project_id']))).toBeGreaterThan(100);
    expect(notes.every((n) => taskKeys.has(`${n['project_id']}/${n['task_no']}`))).toBe(true);
    expect(notes.every((n) => n['author_id'] === null || personIds.has(n['author_id']!))).toBe(true);
    expect(members.every((m) => personIds.has(m['person_id']!) && projectIds.has(m['project_id']!))).toBe(true);
    // A nullable self-reference: NULL for some rows, an earlier row for the others.
    const managed = people.filter((p) => p['manager_id'] !== null);
    expect(managed.length).toBeGreaterThan(100);
    expect(managed.every((p) => personIds.has(p['manager_id']!) && (p['manager_id'] as number) < (p['id'] as number))).toBe(true);
  });

  it('honours the checks it can read, and says which it cannot and what it did instead', () => {
    const projects = rowsOf(data, 'projects');
    expect(new Set(projects.map((p) => p['status']))).toEqual(new Set(['open', 'paused', 'closed']));
    expect(projects.every((p) => String(p['code']).length <= 6)).toBe(true);
    expect(projects.every((p) => (p['budget'] as number) >= 0)).toBe(true);
    expect(projects.every((p) => (p['priority'] as number) >= 1 && (p['priority'] as number) <= 5)).toBe(true);
    expect(rowsOf(data, 'tasks').every((t) => String(t['title']).length <= 12 && t['ends_at'] === null)).toBe(true);
    expect(data.notHonoured).toEqual([{ table: 'tasks', check: 'ends_at >= starts_at', how: 'column ends_at left NULL' }]);
  });

  it('refuses a table it cannot fill, with the reason, and the tables that need its rows', () => {
    const model: SchemaModel = {
      tables: [
        table('chain', { columns: [col('id', 'INTEGER'), col('prev_id', 'INTEGER', { notNull: true })], primaryKey: ['id'], foreignKeys: [{ columns: ['prev_id'], parent: 'chain', parentColumns: ['id'], onDelete: 'NO ACTION' }] }),
        table('links', { columns: [col('id', 'INTEGER'), col('chain_id', 'INTEGER', { notNull: true })], primaryKey: ['id'], foreignKeys: [{ columns: ['chain_id'], parent: 'chain', parentColumns: ['id'], onDelete: 'CASCADE' }] }),
        table('a', { columns: [col('id', 'INTEGER'), col('b_id', 'INTEGER', { notNull: true })], primaryKey: ['id'], foreignKeys: [{ columns: ['b_id'], parent: 'b', parentColumns: ['id'], onDelete: 'NO ACTION' }] }),
        table('b', { columns: [col('id', 'INTEGER'), col('a_id', 'INTEGER')], primaryKey: ['id'], foreignKeys: [{ columns: ['a_id'], parent: 'a', parentColumns: ['id'], onDelete: 'NO ACTION' }] }),
        table('odd', { columns: [col('id', 'INTEGER'), col('n', 'INTEGER', { notNull: true })], primaryKey: ['id'], checks: ['n % 2 = 1'] }),
      ],
    };
    const result = generateRows(model, { rows: 10, seed: 1, now: NOW });
    expect(result.refused).toEqual([
      { table: 'chain', reason: 'its foreign key (prev_id) → chain is NOT NULL and points at the table itself: no first row can be made' },
      { table: 'links', reason: expect.stringContaining('its foreign key (chain_id) → chain is NOT NULL and chain has none to point at') },
      { table: 'odd', reason: 'CHECK (n % 2 = 1) is not one pitstop can honour, and its columns (n) are NOT NULL without a default or part of a key' },
    ]);
    // The cycle a ⇄ b: b's nullable side is left NULL, so a can point at b.
    expect(rowsOf(result, 'b').every((r) => r['a_id'] === null)).toBe(true);
    expect(rowsOf(result, 'a')).toHaveLength(10);
  });

  it('a unique set made only of foreign keys stops at the combinations there are', () => {
    const small = generateRows(MODEL, { rows: 3, seed: 2, now: NOW });
    // 3 people × 3 projects: at most 9 pairs, and 3 asked.
    expect(rowsOf(small, 'members')).toHaveLength(3);
    const model: SchemaModel = { tables: [MODEL.tables[2]!, table('one', { columns: [col('project_id', 'INTEGER', { notNull: true })], primaryKey: ['project_id'], foreignKeys: [{ columns: ['project_id'], parent: 'projects', parentColumns: ['id'], onDelete: 'CASCADE' }] })] };
    const oneToOne = generateRows(model, { rows: 5, seed: 3, now: NOW });
    const ones = rowsOf(oneToOne, 'one').map((r) => r['project_id']);
    expect(ones.length).toBeLessThanOrEqual(5);
    expect(new Set(ones).size).toBe(ones.length);
  });

  it('PostgreSQL types: arrays empty, numeric(p,s) within its precision, types it cannot write NULL or refused, enum labels only', () => {
    const model: SchemaModel = {
      tables: [
        table('hosts', {
          columns: [col('id', 'bigint', { notNull: true, hasDefault: true }), col('tags', 'text[]', { notNull: true }), col('cost', 'numeric(5,2)', { notNull: true }), col('search', 'tsvector'), col('kind', 'host_kind', { notNull: true, values: ['web', 'db'] })],
          primaryKey: ['id'],
        }),
        table('leases', { columns: [col('id', 'integer', { notNull: true }), col('address', 'inet', { notNull: true })], primaryKey: ['id'] }),
      ],
    };
    const result = generateRows(model, { rows: 50, seed: 5, now: NOW });
    const hosts = rowsOf(result, 'hosts');
    expect(hosts).toHaveLength(50);
    expect(hosts.every((h) => h['tags'] === '{}' && (h['cost'] as number) <= 999 && h['search'] === null && ['web', 'db'].includes(h['kind'] as string))).toBe(true);
    expect(result.refused).toEqual([{ table: 'leases', reason: 'column address is NOT NULL without a default, and pitstop cannot make values of its type inet' }]);
  });

  it('moreRows: the application’s rows continue the keys and point at generated parents', () => {
    const extra = moreRows(MODEL, data, 'projects', 20, { seed: 7, now: NOW });
    const ids = extra.rows.map((r) => r[extra.columns.indexOf('id')]);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => 501 + i));
    const codes = new Set(rowsOf(data, 'projects').map((p) => p['code']));
    expect(extra.rows.every((r) => !codes.has(r[extra.columns.indexOf('code')]!))).toBe(true);
    const tasks = moreRows(MODEL, data, 'tasks', 5, { seed: 7, now: NOW });
    const projectIds = new Set(rowsOf(data, 'projects').map((p) => p['id']));
    expect(tasks.rows.every((r) => projectIds.has(r[0]!))).toBe(true);
  });

  it('fills 5 tables × 5,000 rows, every table to the count asked, from any seed', () => {
    for (const seed of [11, 12]) {
      const big = generateRows(MODEL, { rows: 5000, seed, now: NOW });
      expect(big.tables.map((t) => t.rows.length)).toEqual([5000, 5000, 5000, 5000, 5000]);
    }
  });
});
