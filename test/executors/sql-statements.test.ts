import { describe, expect, it } from 'vitest';
import { hasSeveralStatements } from '../../src/executors/sql-statements.js';

describe('hasSeveralStatements', () => {
  it.each([
    ['SELECT 1', false],
    ['SELECT 1;', false],
    ['SELECT 1;  -- done\n /* really */ ', false],
    ["SELECT ';' AS a, 'it''s; fine' AS b", false],
    ['SELECT "a;b" FROM [x;y] WHERE `c;d` = 1', false],
    ['SELECT 1 -- ; DROP TABLE t\n', false],
    ['SELECT 1 /* ; DROP TABLE t */', false],
    ['SELECT 1; SELECT 2', true],
    ["PRAGMA query_only = OFF; INSERT INTO t VALUES ('x')", true],
    ["INSERT INTO t VALUES (';'); DELETE FROM t", true],
  ])('%j → %s', (sql, expected) => {
    expect(hasSeveralStatements(sql)).toBe(expected);
  });
});
