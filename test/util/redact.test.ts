import { describe, expect, it } from 'vitest';
import { createRedactor, redactUrl, secretsInUrl } from '../../src/util/redact.js';

describe('createRedactor', () => {
  it('masks every occurrence of every secret', () => {
    const r = createRedactor(['hunter22', 'tok-abc-123']);
    expect(r.text('pw=hunter22 token=tok-abc-123 again hunter22')).toBe('pw=*** token=*** again ***');
  });

  it('masks the longest secret first so no fragment of it survives', () => {
    const r = createRedactor(['abcd', 'abcdefgh']);
    expect(r.text('x abcdefgh y abcd')).toBe('x *** y ***');
    expect(r.secrets).toEqual(['abcd', 'abcdefgh']);
  });

  it('ignores secrets shorter than 4 characters and empty ones', () => {
    const r = createRedactor(['', 'ab', 'abc']);
    expect(r.text('ab abc abcd')).toBe('ab abc abcd');
    expect(r.secrets).toEqual([]);
  });

  it('also masks the URL-encoded forms of a secret', () => {
    const r = createRedactor(['p@ss w/rd']);
    expect(r.text('postgres://u:p%40ss%20w%2Frd@h/db')).toBe('postgres://u:***@h/db');
    expect(r.text('?password=p%40ss+w%2Frd')).toBe('?password=***');
    expect(r.text('raw p@ss w/rd')).toBe('raw ***');
  });

  it('deep() returns redacted copies of objects and arrays, keys included, without touching the input', () => {
    const r = createRedactor(['s3cr3t-token']);
    const input = { a: 's3cr3t-token', list: ['x s3cr3t-token', 1, null, true], nested: { 's3cr3t-token': 'k' } };
    const out = r.deep(input);
    expect(out).toEqual({ a: '***', list: ['x ***', 1, null, true], nested: { '***': 'k' } });
    expect(input.a).toBe('s3cr3t-token');
    expect(out).not.toBe(input);
  });

  it('add() masks a secret learned later, in text and deep', () => {
    const r = createRedactor(['first-secret']);
    expect(r.text('typed-later')).toBe('typed-later');
    r.add('typed-later', 'ab');
    expect(r.text('first-secret typed-later ab')).toBe('*** *** ab');
    expect(r.deep({ v: 'typed-later' })).toEqual({ v: '***' });
    expect(r.secrets).toContain('typed-later');
  });

  it('deep() copes with cycles and errors', () => {
    const r = createRedactor(['s3cr3t-token']);
    const cyclic: Record<string, unknown> = { msg: 's3cr3t-token' };
    cyclic.self = cyclic;
    const out = r.deep(cyclic);
    expect(out.msg).toBe('***');
    expect(out.self).toBe(out);
    expect(r.deep(new Error('bad s3cr3t-token')).message).toBe('bad ***');
  });
});

describe('createRedactor: secrets in disguise', () => {
  const secret = 'Zq"7/ü x+%k\\9-Wn';
  const bytes = Buffer.from(secret);
  const r = createRedactor([secret]);

  it('masks the upper-, lower- and mixed-cased secret, URL-encoded and JSON-escaped forms', () => {
    expect(r.text(`a ${secret.toUpperCase()} b ${secret.toLowerCase()} c`)).toBe('a *** b *** c');
    expect(r.text(`u=${encodeURIComponent(secret)}&v=${encodeURIComponent(secret).toLowerCase()}`)).toBe('u=***&v=***');
    expect(r.text(JSON.stringify({ s: secret }))).toBe('{"s":"***"}');
    expect(r.text(`"${JSON.stringify(secret).slice(1, -1).replace('ü', '\\u00fc')}"`)).toBe('"***"');
  });

  it('masks hex in either case and base64 / base64url at every byte alignment, keeping what surrounds it', () => {
    expect(r.text(`hex ${bytes.toString('hex').toUpperCase()} end`)).toBe('hex *** end');
    for (const prefix of ['', 'x', 'xy', 'xyz']) {
      for (const alphabet of ['base64', 'base64url'] as const) {
        const blob = Buffer.concat([Buffer.from(prefix), bytes, Buffer.from('tail')]).toString(alphabet);
        const masked = r.text(blob);
        expect(masked).toContain('***');
        // At most a character and a half of the secret's bits survive at either side of the mask.
        expect(masked.length).toBeLessThan(blob.length - 12);
      }
    }
  });

  it('masks base64 wrapped at 76 columns and xxd -p hex wrapped at 60, line by line', () => {
    const long = 'k'.repeat(40) + 'Long-Secret-Value-0123456789-'.repeat(4);
    const lr = createRedactor([long]);
    const wrap = (s: string, width: number) => s.match(new RegExp(`.{1,${width}}`, 'g'))!;
    for (const prefix of ['', 'a', 'ab']) {
      const lines = wrap(Buffer.from(prefix + long).toString('base64'), 76).map((l) => lr.text(l));
      expect(lines.join('\n')).not.toMatch(/[A-Za-z0-9+/]{9}/);
    }
    const hex = wrap(Buffer.from(`twenty-five bytes before:${long}`).toString('hex'), 60);
    const masked = hex.map((l) => lr.text(l));
    expect(masked[0]).toBe(`${hex[0]!.slice(0, 50)}***`);
    expect(masked.slice(1, -1).every((l) => l === '***')).toBe(true);
  });

  it('masks the short padded last line of a wrapped encoding (base64 of the secret alone), whatever its length', () => {
    // Secrets whose base64 ends 1 to 5 characters into its last 76-column line, padding included.
    for (let extra = 0; extra < 12; extra++) {
      const s = `stubtoken.${'x'.repeat(47 + extra)}`;
      const lines = Buffer.from(s).toString('base64').match(/.{1,76}/g)!;
      const masked = createRedactor([s]).text(lines.join('\n'));
      expect(masked).toBe(lines.map(() => '***').join('\n'));
    }
    expect(createRedactor(['stubtoken.abcdefgh']).text('A==')).toBe('A==');
  });

  it('masks an edge piece from 6 characters of base64 and 8 of hex; leaves shorter ones alone', () => {
    const b64 = bytes.toString('base64');
    const hex = bytes.toString('hex');
    expect(r.text(`ends with ${b64.slice(0, 5)}`)).toBe(`ends with ${b64.slice(0, 5)}`);
    expect(r.text(`ends with ${b64.slice(0, 6)}`)).toBe('ends with ***');
    const stable = b64.slice(0, Math.floor((bytes.length * 8) / 6));
    expect(r.text(`${stable.slice(-6)} starts`)).toBe('*** starts');
    expect(r.text(`ends with ${hex.slice(0, 7)}`)).toBe(`ends with ${hex.slice(0, 7)}`);
    expect(r.text(`ends with ${hex.slice(0, 8)}`)).toBe('ends with ***');
    expect(r.text('plain words, nothing secret here')).toBe('plain words, nothing secret here');
  });

  it('spans() says where forms are, so a reader cuts long lines around them', () => {
    const line = `ab ${secret} cd ${bytes.toString('hex')}`;
    expect(r.spans(line)).toEqual([
      [3, 3 + secret.length],
      [line.length - bytes.length * 2, line.length],
    ]);
  });
});

describe('secretsInUrl', () => {
  it('finds the password raw and decoded', () => {
    expect(secretsInUrl('postgres://app:p%40ss%2Fw0rd@db.example:5432/orders').sort()).toEqual(['p%40ss%2Fw0rd', 'p@ss/w0rd'].sort());
  });

  it('finds token parameters of libSQL and postgres URLs', () => {
    expect(secretsInUrl('libsql://db-org.turso.io?authToken=eyJhbGciOi.abc')).toEqual(['eyJhbGciOi.abc']);
    expect(secretsInUrl('postgres://app@h/db?sslmode=require&password=pw%20one')).toEqual(expect.arrayContaining(['pw%20one', 'pw one']));
    expect(secretsInUrl('https://h/x?token=T0KEN&x=1')).toEqual(['T0KEN']);
  });

  it('finds nothing in a URL without secrets', () => {
    expect(secretsInUrl('postgresql://postgres@/db?host=/tmp/sock&port=5432')).toEqual([]);
    expect(secretsInUrl('file:./local.db')).toEqual([]);
  });

  it('finds the password of a libpq keyword/value string', () => {
    expect(secretsInUrl("host=db user=app password='it\\'s x' dbname=o")).toEqual(["it\\'s x", "it's x"]);
    expect(secretsInUrl('host=db password=plainpw dbname=o')).toEqual(['plainpw']);
  });
});

describe('redactUrl', () => {
  it('masks the password and keeps the rest as written', () => {
    expect(redactUrl('postgres://user:hunter2@host:5432/db')).toBe('postgres://user:***@host:5432/db');
    expect(redactUrl('postgres://user@host/db?host=/tmp/s&port=1')).toBe('postgres://user@host/db?host=/tmp/s&port=1');
  });

  it('masks token parameters', () => {
    expect(redactUrl('libsql://x.turso.io?authToken=abc.def&tls=1')).toBe('libsql://x.turso.io?authToken=***&tls=1');
  });

  it('masks sslpassword and token parameters whatever their case, keeping user and host', () => {
    const url = 'postgresql://app:pw-9f2x@db.internal:5432/orquix?sslpassword=key-pass&AUTH_TOKEN=t0k3n&application_name=x';
    expect(redactUrl(url)).toBe('postgresql://app:***@db.internal:5432/orquix?sslpassword=***&AUTH_TOKEN=***&application_name=x');
    expect(secretsInUrl(url).sort()).toEqual(['key-pass', 'pw-9f2x', 't0k3n']);
  });

  it('masks a keyword/value password', () => {
    expect(redactUrl('host=db password=plainpw dbname=o')).toBe('host=db password=*** dbname=o');
  });
});
