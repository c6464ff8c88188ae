import { describe, expect, it } from 'vitest';
import { readCheck } from '../../src/drill/generate-checks.js';

const COLUMNS = ['status', 'priority', 'name', 'Title', 'starts_at', 'ends_at'];

describe('readCheck', () => {
  it.each([
    ["status IN ('open', 'done')", [{ column: 'status', kind: 'in', values: ['open', 'done'] }]],
    ["(((status)::text = ANY ((ARRAY['open'::character varying, 'it''s'::character varying])::text[])))", [{ column: 'status', kind: 'in', values: ['open', "it's"] }]],
    ['priority >= 0', [{ column: 'priority', kind: 'min', value: 0, strict: false }]],
    ['((priority > -1))', [{ column: 'priority', kind: 'min', value: -1, strict: true }]],
    ['10 > priority', [{ column: 'priority', kind: 'max', value: 10, strict: true }]],
    ['priority BETWEEN 1 AND 5', [{ column: 'priority', kind: 'min', value: 1, strict: false }, { column: 'priority', kind: 'max', value: 5, strict: false }]],
    ['length(name) <= 40', [{ column: 'name', kind: 'length-max', value: 40 }]],
    ['(char_length((name)::text) < 41)', [{ column: 'name', kind: 'length-max', value: 40 }]],
    ['"Title" <> \'\' AND length("Title") > 2', [{ column: 'Title', kind: 'length-min', value: 1 }, { column: 'Title', kind: 'length-min', value: 3 }]],
    ['priority BETWEEN 1 AND 5 AND status IN (1, 2)', [{ column: 'priority', kind: 'min', value: 1, strict: false }, { column: 'priority', kind: 'max', value: 5, strict: false }, { column: 'status', kind: 'in', values: [1, 2] }]],
  ])('honours %s', (expression, rules) => {
    expect(readCheck(expression, COLUMNS)).toEqual({ honoured: true, rules });
  });

  it.each([
    ['ends_at >= starts_at', ['ends_at', 'starts_at']],
    ["status = 'open' OR priority > 3", ['status', 'priority']],
    ["name LIKE 'x%'", ['name']],
    ['priority % 2 = 0', ['priority']],
    ['lower(name) = name', ['name']],
  ])('does not honour %s, and names its columns', (expression, columns) => {
    expect(readCheck(expression, COLUMNS)).toEqual({ honoured: false, columns });
  });
});
