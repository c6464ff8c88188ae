import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/util/redact.js';
import { toolConnection } from '../../../src/actions/postgres/tool-conn.js';

describe('toolConnection: a libpq URL as PG* variables', () => {
  it('a socket URL (user@/db?host=DIR&port=N), which WHATWG URL rejects', () => {
    const { env, database } = toolConnection('postgresql://postgres@/orquix%20db?host=/tmp/pg%20sock&port=5433');
    expect(database).toBe('orquix db');
    expect(env).toMatchObject({ PGHOST: '/tmp/pg sock', PGPORT: '5433', PGUSER: 'postgres', PGDATABASE: 'orquix db', PGPASSWORD: '' });
  });

  it('password (percent-encoded), host:port and sslmode; nothing is left for argv', () => {
    const { env } = toolConnection('postgresql://app:p%40ss%3Aw0rd@db.internal:6432/orquix?sslmode=require');
    expect(env).toMatchObject({ PGHOST: 'db.internal', PGPORT: '6432', PGUSER: 'app', PGPASSWORD: 'p@ss:w0rd', PGSSLMODE: 'require' });
  });

  it('server variables are always set, so an inherited PGHOST/PGPORT cannot redirect a tool', () => {
    const { env, database } = toolConnection('postgresql://');
    expect(env['PGHOST']).toBe('');
    expect(env['PGPORT']).toBe('');
    expect(database).toBe('postgres');
  });

  it('refuses what is not a postgresql:// URL, and parameters libpq tools would not get', () => {
    expect(() => toolConnection('host=x dbname=y')).toThrow(/not a postgresql:\/\/ URL/);
    expect(() => toolConnection('postgresql://h/db?frobnicate=1')).toThrow(/frobnicate/);
  });
});

describe('redactUrl', () => {
  it('masks the password in the authority and in a parameter, keeps the rest', () => {
    expect(redactUrl('postgresql://app:s3cret@db:5432/orquix')).toBe('postgresql://app:***@db:5432/orquix');
    expect(redactUrl('postgresql://app@/orquix?host=/run&password=s3cret&port=1')).toBe('postgresql://app@/orquix?host=/run&password=***&port=1');
    expect(redactUrl('postgresql://postgres@/postgres?host=/sock')).toBe('postgresql://postgres@/postgres?host=/sock');
  });
});
