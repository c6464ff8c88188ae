import { describe, expect, it } from 'vitest';
import { clientConn, databaseOf, urlForDatabase } from '../../../src/actions/postgres/libpq.js';

describe('clientConn: a client tool connection without the password in argv', () => {
  it('moves the password of the URL into PGPASSWORD and keeps the rest', () => {
    const conn = clientConn('postgresql://backup:s%40cret%2Fpw@db.internal:5433/orquix_db?sslmode=require');
    expect(conn.dbname).toBe('postgresql://backup@db.internal:5433/orquix_db?sslmode=require');
    expect(conn.env).toEqual({ PGPASSWORD: 's@cret/pw' });
    expect(conn.database).toBe('orquix_db');
  });

  it('also a password given as a query parameter, and another database on the same server', () => {
    const conn = clientConn('postgres://u@h/db?password=hunter22&application_name=x', 'scratch');
    expect(conn.dbname).toBe('postgres://u@h/scratch?application_name=x');
    expect(conn.env).toEqual({ PGPASSWORD: 'hunter22' });
  });

  it('unix socket URLs keep their host directory; no password means no PGPASSWORD', () => {
    const conn = clientConn('postgresql://postgres@/prod?host=/tmp/pitstop-pg-x/sock&port=5999');
    expect(conn.dbname).toBe('postgresql://postgres@/prod?host=/tmp/pitstop-pg-x/sock&port=5999');
    expect(conn.env).toEqual({});
    expect(databaseOf('postgresql://postgres@/prod?host=/s')).toBe('prod');
    expect(databaseOf('postgresql://alice@h')).toBe('alice');
  });

  it('urlForDatabase keeps the password (for the pg driver, never argv) and quotes odd names', () => {
    expect(urlForDatabase('postgresql://u:pw@h:1/a', 'my db')).toBe('postgresql://u:pw@h:1/my%20db');
  });

  it('refuses what is not a PostgreSQL URL', () => {
    expect(() => clientConn('host=h dbname=x')).toThrow(/not a PostgreSQL URL/);
  });
});
