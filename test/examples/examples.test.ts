import { createClient } from '@libsql/client';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { seedPostgres } from '../../src/sandbox/pg-seed.js';
import { seedSandbox } from '../../src/sandbox/seed.js';
import { makeSandbox, onlyRunDir, pitstop, readJournalEvents } from '../helpers/cli.js';
import { withCluster } from '../helpers/pg.js';

/** The seed systems as shipped examples: they lint, and a runbook runs against a target built from each. */
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');
const TOKEN = 'file-urls-need-no-token-1';

describe('examples/', () => {
  it('both example files lint clean, checked against the shipped runbooks', async () => {
    const lint = await pitstop(makeSandbox(), ['lint', EXAMPLES]);
    expect(lint.stdout).toBe('');
    expect(lint.exitCode).toBe(0);
    expect(readdirSync(EXAMPLES).sort()).toEqual(['orquix.pitstop.yaml', 'tickets.pitstop.yaml']);
  });

  it('tickets: libsql-backup on a libSQL file seeded with the seed 003 system, the example file as pitstop.yaml', async () => {
    const sandbox = makeSandbox({ TURSO_AUTH_TOKEN: TOKEN });
    const db = join(sandbox.cwd, 'tickets.db');
    const client = createClient({ url: `file:${db}` });
    await seedSandbox(client, { now: new Date('2026-11-22T05:00:00Z'), users: 20, tickets: 200 });
    client.close();
    writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), example('tickets.pitstop.yaml'));

    const run = await pitstop(sandbox, ['run', 'libsql-backup', '--plain', '--yes'], { env: { TURSO_DATABASE_URL: `file:${db}` } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readdirSync(join(sandbox.cwd, 'backups', 'tickets')).filter((f) => /^tickets-.*\.db$/.test(f))).toHaveLength(1);
    const started = readJournalEvents(onlyRunDir(sandbox)).find((e) => e.type === 'run/started')!;
    expect(started.target.data.archive).toEqual({ table: 'interacciones', column: 'fecha_creacion', older_than: '90d' });
    expect(JSON.stringify(readJournalEvents(onlyRunDir(sandbox)))).not.toContain(TOKEN);
  });

  describe('orquix on PostgreSQL', () => {
    const pg = withCluster({ archive: false });

    it('pg-backup-critical on a cluster seeded with the seed 000 system, the example with local paths', async () => {
      await pg.query('CREATE DATABASE orquix_db');
      await seedPostgres(pg.url('orquix_db'), { rows: 200, now: new Date('2026-11-22T05:00:00Z') });
      const sandbox = makeSandbox({ DATABASE_URL: pg.url('orquix_db') });
      const config = parse(example('orquix.pitstop.yaml'));
      const target = config.targets.orquix;
      // Only the machine's paths change: tables, sets, checks and params are the example's.
      target.backups = join(sandbox.cwd, 'backups');
      target.wal_archive = join(sandbox.cwd, 'backups', 'wal');
      target.restore.data_dir = join(sandbox.cwd, 'restore');
      mkdirSync(target.backups);
      writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), stringify(config));

      const run = await pitstop(sandbox, ['run', 'pg-backup-critical', '--plain', '--yes']);
      expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(readdirSync(target.backups).filter((f) => /critical.*\.dump$/.test(f))).toHaveLength(1);
      const started = readJournalEvents(onlyRunDir(sandbox)).find((e) => e.type === 'run/started')!;
      expect(started.target.data.sets.critical).toEqual(['users', 'projects', 'interaction_events', 'moderated_syntheses']);
    }, 120_000);
  });
});
