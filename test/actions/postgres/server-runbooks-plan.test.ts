import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { makeSandbox, pitstop } from '../../helpers/cli.js';

/**
 * Which steps of pg-corruption / pg-server-loss a dry run plans for each choice of parameters
 * (the branches decided by parameters alone; the verdict branches are run for real in
 * corruption-runbook.test.ts and server-loss-runbook.test.ts).
 */
const sb = makeSandbox();
writeFileSync(
  join(sb.cwd, 'pitstop.yaml'),
  stringify({ targets: { orquix: { engine: 'postgres', url: 'postgresql://app:pw-not-shown@db1:5432/orquix', backups: '/backups/orquix', wal_archive: '/backups/orquix/wal' } } }),
);
afterAll(() => rmSync(sb.cwd, { recursive: true, force: true }));

/** Step ids the dry run plans to run (not marked "will be skipped"). */
async function planned(runbook: string, set: string[]): Promise<string[]> {
  const run = await pitstop(sb, ['run', runbook, '--dry-run', '--plain', ...set.flatMap((s) => ['--set', s])]);
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  const ids: string[] = [];
  for (const block of run.stdout.split(/\n(?=\d+\. )/)) {
    const id = /^\d+\. (\S+) —/.exec(block)?.[1];
    if (id && !/will be skipped/.test(block)) ids.push(id);
  }
  return ids;
}

describe('pg-server-loss: branches chosen by parameters', () => {
  it('base backup (default source), repoint env-file: restore to the end, checks on the copy, cutover through the env file', async () => {
    const ids = await planned('pg-server-loss', ['repoint=env-file']);
    expect(ids).toEqual(expect.arrayContaining(['host', 'disk', 'pg-version', 'network', 'secrets', 'restore', 'extensions-copy', 'check-copy', 'validate-copy', 'cutover-socket', 'migrate-by-hand', 'aftercare']));
    expect(ids).not.toEqual(expect.arrayContaining(['restore-dump']));
    expect(ids.filter((id) => id.includes('by-hand') && id !== 'migrate-by-hand')).toEqual([]);
  });

  it('dump: extensions first, then the dump into the new server; cutover only with app_db_host', async () => {
    const ids = await planned('pg-server-loss', ['source=dump', 'repoint=env-file', 'app_db_host=db2', 'app_commands=true']);
    expect(ids.filter((id) => !['host', 'disk', 'pg-version', 'network', 'secrets', 'aftercare'].includes(id))).toEqual([
      'new-server', 'extensions-new', 'restore-dump', 'validate-dump', 'cutover-dump', 'validate-app',
    ]);
    expect(await planned('pg-server-loss', ['source=dump', 'repoint=env-file'])).toContain('repoint-dump-by-hand');
  });

  it('repoint by hand (the default: no env file is assumed): no env file is touched', async () => {
    for (const set of [['repoint=by-hand'], []]) {
      const ids = await planned('pg-server-loss', set);
      expect(ids).toContain('repoint-by-hand');
      expect(ids.filter((id) => id.startsWith('cutover'))).toEqual([]);
    }
  });
});

describe('pg-corruption: branches chosen by parameters', () => {
  it('with app commands the app is stopped by pitstop; by hand otherwise', async () => {
    expect(await planned('pg-corruption', ['app_commands=true'])).toEqual(expect.arrayContaining(['stop-app', 'scope']));
    const byHand = await planned('pg-corruption', []);
    expect(byHand).toContain('stop-writes');
    expect(byHand).not.toContain('stop-app');
  });

  it('the password of the target never appears in the plan', async () => {
    const run = await pitstop(sb, ['run', 'pg-corruption', '--dry-run', '--plain']);
    expect(run.stdout + run.stderr).not.toContain('pw-not-shown');
  });
});
