import { describe, expect, it } from 'vitest';
import { checksOf } from '../../src/drill/from-target-ddl.js';

describe('checksOf', () => {
  it('finds column and table CHECKs, nested parentheses whole, and no CHECK inside a string, a quoted name or a comment', () => {
    const sql = `CREATE TABLE t (
      a INTEGER CHECK (a >= 0),
      b TEXT DEFAULT 'no CHECK (here)' CONSTRAINT b_short CHECK(length(b) <= 4),
      "check" INTEGER, -- CHECK (nor here)
      c TEXT /* CHECK (x) */,
      CHECK ((a > 1) AND (c IN ('x', ')')))
    )`;
    expect(checksOf(sql)).toEqual(['a >= 0', 'length(b) <= 4', "(a > 1) AND (c IN ('x', ')'))"]);
    expect(checksOf('CREATE TABLE u (id INTEGER PRIMARY KEY)')).toEqual([]);
  });
});
