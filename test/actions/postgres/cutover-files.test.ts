import { describe, expect, it } from 'vitest';
import { readEnvVar, writeEnvVar } from '../../../src/actions/postgres/env-file.js';
import { repointUrl } from '../../../src/actions/postgres/repoint-url.js';

describe('env file: one variable rewritten, everything else kept', () => {
  const file = ['# orquix backend', 'export DATABASE_URL="postgresql://app:pw@db1:5432/orquix"', 'REDIS_URL=redis://r:6379', ''].join('\n');

  it('reads the value the file gives (last assignment wins), with its style', () => {
    expect(readEnvVar(file, 'DATABASE_URL')).toEqual({ line: 1, value: 'postgresql://app:pw@db1:5432/orquix', exported: true, quote: '"' });
    expect(readEnvVar('A=1\nA=2 # later\n', 'A')?.value).toBe('2');
    expect(readEnvVar("A='x y'\n", 'A')?.value).toBe('x y');
    expect(readEnvVar(file, 'MISSING')).toBeNull();
  });

  it('rewrites in place with the same export and quotes; other lines byte for byte', () => {
    const out = writeEnvVar(file, 'DATABASE_URL', 'postgresql://app:pw@db2:55432/orquix');
    expect(out.split('\n')).toEqual(['# orquix backend', 'export DATABASE_URL="postgresql://app:pw@db2:55432/orquix"', 'REDIS_URL=redis://r:6379', '']);
  });

  it('appends when the variable is missing, quoting only when needed; refuses line breaks', () => {
    expect(writeEnvVar('A=1', 'DATABASE_URL', 'postgresql://x/y')).toBe('A=1\nDATABASE_URL=postgresql://x/y\n');
    expect(writeEnvVar('', 'V', 'a b')).toBe('V="a b"\n');
    expect(() => writeEnvVar('', 'V', 'a\nB=evil')).toThrow(/line break/);
  });
});

describe('repointUrl: same credentials and database, another server', () => {
  it('TCP: host and port in the authority; password and parameters kept', () => {
    expect(repointUrl('postgresql://app:p%40ss@db1:5432/orquix?sslmode=require', { host: 'db2', port: 55432 })).toBe(
      'postgresql://app:p%40ss@db2:55432/orquix?sslmode=require',
    );
    expect(repointUrl('postgresql://app@db1/orquix', { port: 6000 })).toBe('postgresql://app@db1:6000/orquix');
  });

  it('unix socket: host= and port= parameters', () => {
    expect(repointUrl('postgresql://app:pw@/orquix?host=/run/old&port=5432', { host: '/var/lib/restore/sock', port: 55432 })).toBe(
      'postgresql://app:pw@/orquix?host=/var/lib/restore/sock&port=55432',
    );
    expect(repointUrl('postgresql://app:pw@db1:5432/orquix', { host: '/srv/sock dir', port: 7 })).toBe(
      'postgresql://app:pw@/orquix?host=/srv/sock%20dir&port=7',
    );
    expect(repointUrl('postgresql://app:pw@/orquix?host=/run/old', { host: 'db2', port: 5433 })).toBe('postgresql://app:pw@db2:5433/orquix');
  });

  it('refuses what it cannot repoint safely', () => {
    expect(() => repointUrl('host=db1 dbname=orquix', { port: 1 })).toThrow(/not a postgresql:\/\/ URL/);
    expect(() => repointUrl('postgresql://a@h1:1,h2:2/db', { port: 3 })).toThrow(/several hosts/);
  });
});
