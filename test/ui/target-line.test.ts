import { describe, expect, it } from 'vitest';
import { describeTarget } from '../../src/ui/target-line.js';
import { createRedactor } from '../../src/util/redact.js';

describe('the target in the run header', () => {
  it('shows engine, host and database of a PostgreSQL URL, never its password', () => {
    const url = 'postgresql://orquix:s3cr3t-pw@db.internal:5433/orquix_prod?sslmode=require';
    const line = describeTarget({ name: 'orquix', engine: 'postgres', url } as never, createRedactor(['s3cr3t-pw']));
    expect(line).toEqual({ name: 'orquix', engine: 'postgres', host: 'db.internal:5433', database: 'orquix_prod' });
    expect(JSON.stringify(line)).not.toContain('s3cr3t');
  });

  it('names a unix socket and a local libSQL file plainly', () => {
    expect(describeTarget({ name: 'pg', engine: 'postgres', url: 'postgresql://postgres@/app?host=/run/pg&port=5432' } as never)).toMatchObject({ host: '/run/pg', database: 'app' });
    expect(describeTarget({ name: 'sandbox', engine: 'libsql', url: 'file:/srv/data/tickets.db' } as never)).toMatchObject({ host: 'local file', database: 'tickets.db' });
  });

  it('keeps a Turso token out even when it rides in the URL', () => {
    const line = describeTarget({ name: 't', engine: 'libsql', url: 'libsql://tickets-db.turso.io?authToken=eyJhbGciOi.secret' } as never, createRedactor(['eyJhbGciOi.secret']));
    expect(JSON.stringify(line)).not.toContain('eyJhbGciOi');
    expect(line.host).toBe('tickets-db.turso.io');
  });
});
