import { describe, expect, it } from 'vitest';
import { parseParamValue, resolveParams, secretParamNames, timestampInUtc } from '../../src/runbook/params.js';
import type { ParamSpec } from '../../src/runbook/schema.js';

const spec = (type: ParamSpec['type'], extra: Partial<ParamSpec> = {}): ParamSpec => ({ type, ...extra });

describe('parseParamValue accepts good values and keeps their type', () => {
  it.each<[ParamSpec, string | number | boolean, unknown]>([
    [spec('string'), 'hello world', 'hello world'],
    [spec('string'), '', ''],
    [spec('int'), '42', 42],
    [spec('int'), '-7', -7],
    [spec('int'), 12, 12],
    [spec('bool'), 'true', true],
    [spec('bool'), 'YES', true],
    [spec('bool'), '1', true],
    [spec('bool'), 'no', false],
    [spec('bool'), '0', false],
    [spec('bool'), false, false],
    [spec('enum', { values: ['fast', 'careful'] }), 'careful', 'careful'],
    [spec('identifier'), 'tickets', 'tickets'],
    [spec('identifier'), 'public.tickets', 'public.tickets'],
    [spec('identifier'), '_t$1', '_t$1'],
    [spec('timestamp'), '2026-11-22T14:30:00+01:00', '2026-11-22T14:30:00+01:00'],
    [spec('timestamp'), '2026-11-22T13:30:00Z', '2026-11-22T13:30:00Z'],
    [spec('timestamp'), '2026-11-22T13:30:00.123456-06:00', '2026-11-22T13:30:00.123456-06:00'],
    [spec('timestamp'), '2024-02-29T00:00:00Z', '2024-02-29T00:00:00Z'],
    // What engineers paste: PostgreSQL's clock_timestamp() text, `date -Iseconds`, short offsets.
    [spec('timestamp'), '2026-11-28 19:21:18.17936+00', '2026-11-28T19:21:18.17936+00:00'],
    [spec('timestamp'), '2026-11-28 13:21:18.17936-06', '2026-11-28T13:21:18.17936-06:00'],
    [spec('timestamp'), '2026-11-29 00:51:18+05:30', '2026-11-29T00:51:18+05:30'],
    [spec('timestamp'), '2026-11-28T19:21:18+0000', '2026-11-28T19:21:18+00:00'],
    [spec('timestamp'), '2026-11-28t19:21:18z', '2026-11-28T19:21:18Z'],
    [spec('timestamp'), ' 2026-11-28T19:21:18-03:00 ', '2026-11-28T19:21:18-03:00'],
    [spec('duration'), '1h30m', '1h30m'],
    [spec('path'), './backups/x.dump', './backups/x.dump'],
    [spec('secret'), 's3cr3t', 's3cr3t'],
  ])('%o ← %o', (s, raw, value) => {
    expect(parseParamValue('p', s, raw)).toEqual({ ok: true, value });
  });
});

describe('parseParamValue refuses bad values with an explanation', () => {
  it.each<[ParamSpec, string | number | boolean, RegExp]>([
    [spec('int'), '1.5', /not a whole number/],
    [spec('int'), '12abc', /not a whole number/],
    [spec('int'), 1.5, /not a whole number/],
    [spec('int'), '', /not a whole number/],
    [spec('int'), '99999999999999999999', /too large/],
    [spec('bool'), 'maybe', /true or false/],
    [spec('enum', { values: ['fast', 'careful'] }), 'reckless', /not one of fast, careful/],
    [spec('enum'), 'x', /lists no values/],
    [spec('identifier'), 't; DROP TABLE x', /semicolon/],
    [spec('identifier'), '"t"', /quote/],
    [spec('identifier'), "t'", /quote/],
    [spec('identifier'), 'tick\nets', /whitespace or a line break/],
    [spec('identifier'), 'my table', /whitespace/],
    [spec('identifier'), 'a.b.c', /more than one "\."/],
    [spec('identifier'), '1table', /starts with a digit/],
    [spec('identifier'), 'tab-le', /not a letter, digit/],
    [spec('identifier'), '', /cannot be empty/],
    [spec('identifier'), 'x'.repeat(64), /longer than 63/],
    [spec('timestamp'), '2026-11-22T14:30:00', /has no UTC offset\. A restored server would read it in its own timezone and could stop hours early or late \(silent data loss\)\. Write it like 2026-11-22T14:30:00\+01:00 or 2026-11-22T13:30:00Z/],
    [spec('timestamp'), '2026-11-22 14:30:00', /has no UTC offset/],
    [spec('timestamp'), '2026-11-22', /date without a time/],
    [spec('timestamp'), '2026-02-30T10:00:00Z', /2026-02 has 28 days/],
    [spec('timestamp'), '2025-02-29T10:00:00Z', /has 28 days/],
    [spec('timestamp'), '2026-13-01T10:00:00Z', /month 13/],
    [spec('timestamp'), '2026-04-31T10:00:00Z', /has 30 days/],
    [spec('timestamp'), '2026-11-22T24:00:00Z', /real time of day/],
    [spec('timestamp'), '2026-11-22T14:30:00+25:00', /impossible UTC offset/],
    [spec('timestamp'), '2026-11-22 14:30:00.5', /has no UTC offset/],
    [spec('timestamp'), '2026-11-22T14:30:00+1', /not an RFC 3339 timestamp/],
    [spec('timestamp'), '2026-11-22T14:30:00+25', /impossible UTC offset/],
    [spec('timestamp'), 'yesterday', /not an RFC 3339 timestamp/],
    [spec('duration'), '5 minutes', /not a duration/],
    [spec('path'), '  ', /cannot be empty/],
    [spec('secret'), '', /cannot be empty/],
    [spec('secret'), 'abc12', /^a secret must be at least 6 characters long: a shorter one cannot be masked/],
  ])('%o ← %o', (s, raw, message) => {
    const check = parseParamValue('p', s, raw);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(message);
  });

  it('never repeats a secret in its error', () => {
    const check = parseParamValue('token', spec('secret'), '');
    expect(check).toEqual({ ok: false, error: 'a secret cannot be empty' });
  });
});

describe('resolveParams', () => {
  const specs: Record<string, ParamSpec> = {
    table: spec('identifier', { default: 'tickets' }),
    at: spec('timestamp', { required: true }),
    limit: spec('int', { default: 100 }),
    note: spec('string'),
    token: spec('secret'),
  };

  it('applies defaults, types values, and reports missing and unknown names', () => {
    const r = resolveParams(specs, { limit: '5', tabel: 'x' });
    expect(r.values).toEqual({ table: 'tickets', limit: 5 });
    expect(r.missing).toEqual(['at']);
    expect(r.unknown).toEqual(['tabel']);
    expect(r.errors).toEqual({});
  });

  it('reports invalid given values and invalid defaults without throwing', () => {
    const r = resolveParams({ ...specs, since: spec('timestamp', { default: '2026-01-01T00:00:00' }) }, { at: '2026-11-22T14:30:00', table: 'a;b' });
    expect(r.errors.at).toMatch(/no UTC offset/);
    expect(r.errors.table).toMatch(/semicolon/);
    expect(r.errors.since).toMatch(/^the runbook's default is invalid: .*no UTC offset/);
    expect(r.values.at).toBeUndefined();
  });

  it('given values win over defaults; no specs means every name is unknown', () => {
    expect(resolveParams(specs, { table: 'orders', at: '2026-11-22T13:30:00Z' }).values).toMatchObject({ table: 'orders', at: '2026-11-22T13:30:00Z' });
    expect(resolveParams(undefined, { x: '1' })).toEqual({ values: {}, missing: [], errors: {}, unknown: ['x'] });
  });

  it('does not mistake inherited names for parameters', () => {
    expect(resolveParams(specs, { constructor: 'x', at: '2026-11-22T13:30:00Z' }).unknown).toEqual(['constructor']);
  });
});

describe('secretParamNames', () => {
  it('lists the secret parameters only', () => {
    expect(secretParamNames({ a: spec('secret'), b: spec('string'), c: spec('secret') })).toEqual(['a', 'c']);
    expect(secretParamNames(undefined)).toEqual([]);
  });
});

describe('timestampInUtc shows what a pasted time means', () => {
  it.each([
    ['2026-11-28 13:21:18.17936-06', '2026-11-28 19:21:18 UTC'],
    ['2026-11-29T00:51:18+05:30', '2026-11-28 19:21:18 UTC'],
    ['2026-11-28T19:21:18Z', '2026-11-28 19:21:18 UTC'],
  ])('%s → %s', (raw, utc) => {
    expect(timestampInUtc(raw)).toBe(utc);
  });
  it('is undefined for a time it would refuse', () => {
    expect(timestampInUtc('2026-11-28 19:21:18')).toBeUndefined();
  });
});
