import { describe, expect, it } from 'vitest';
import { faultTableOf } from '../../src/drill/from-target.js';
import type { GeneratedData } from '../../src/drill/generate-rows.js';
import type { SchemaModel, SchemaTable } from '../../src/drill/schema-model.js';

const table = (name: string, pk: string[], parents: Array<[string, string]> = [], keyType = 'INTEGER'): SchemaTable => ({
  name,
  columns: [...pk.map((c) => ({ name: c, type: keyType, notNull: true, hasDefault: false })), ...parents.map(([p]) => ({ name: `${p}_id`, type: 'INTEGER', notNull: true, hasDefault: false }))],
  primaryKey: pk,
  unique: [],
  foreignKeys: parents.map(([parent, onDelete]) => ({ columns: [`${parent}_id`], parent, parentColumns: ['id'], onDelete })),
  checks: [],
});
const rows = (counts: Record<string, number>): GeneratedData => ({ tables: Object.entries(counts).map(([t, n]) => ({ table: t, columns: ['id'], rows: Array.from({ length: n }, (_, i) => [i + 1]) })), refused: [], notHonoured: [] });

const MODEL: SchemaModel = {
  tables: [
    table('accounts', ['id']),
    table('orders', ['id'], [['accounts', 'CASCADE']]),
    table('lines', ['order_id', 'no'], [['orders', 'CASCADE']]),
    table('payments', ['id'], [['orders', 'CASCADE']]),
    table('audit', [], [['orders', 'NO ACTION']]),
  ],
};

describe('faultTableOf', () => {
  it('the table params names; else the one with the most ON DELETE CASCADE children; else the largest; never one without a key', () => {
    const data = rows({ accounts: 10, orders: 10, lines: 10, payments: 10, audit: 50 });
    expect(faultTableOf(MODEL, data, 'payments', 't', 'libsql')).toBe('payments');
    expect(faultTableOf(MODEL, data, undefined, 't', 'libsql')).toBe('orders');
    const flat: SchemaModel = { tables: [table('a', ['id']), table('b', ['id']), table('c', [])] };
    expect(faultTableOf(flat, rows({ a: 5, b: 9, c: 99 }), undefined, 't', 'libsql')).toBe('b');
  });

  it('PostgreSQL: a single integer key only; a named table that is missing or empty is a usage error naming the ones there are', () => {
    const model: SchemaModel = { tables: [table('orders', ['code'], [], 'text'), table('lines', ['order_id', 'no'], [['orders', 'CASCADE']]), table('notes', ['id'])] };
    expect(faultTableOf(model, rows({ orders: 5, lines: 5, notes: 5 }), undefined, 't', 'postgres')).toBe('notes');
    expect(() => faultTableOf(MODEL, rows({ accounts: 3, orders: 3 }), 'refunds', 'shop', 'libsql')).toThrow(/target shop: params names table refunds, which its schema does not have/);
    expect(() => faultTableOf(MODEL, { ...rows({ accounts: 3 }), refused: [{ table: 'orders', reason: 'why' }] }, 'orders', 'shop', 'libsql')).toThrow(/which cannot be filled: why/);
    expect(() => faultTableOf({ tables: [table('audit', [])] }, rows({ audit: 3 }), undefined, 'shop', 'libsql')).toThrow(/no table of its schema with a primary key could be filled/);
  });
});
