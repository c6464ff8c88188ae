import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { utcStamp } from '../../src/actions/common/utc.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../src/postgres/cluster.js';
import { seedPostgres } from '../../src/sandbox/pg-seed.js';
import { queryOnce } from '../helpers/pg.js';
import { filesUnder, makeSandbox, onlyRunDir, pitstop, readJournalEvents, type Sandbox } from '../helpers/cli.js';
import { scratchDir } from '../actions/postgres/dump-helpers.js';

/**
 * The shipped dump runbooks end to end through the built CLI, headless as cron runs them,
 * against a throwaway cluster seeded with the seed 000 schema.
 */
const PASSPHRASE = 'cron passphrase 9b1d offsite';
let cluster: Cluster;
const work = scratchDir('pitstop-cli-dumps-');

beforeAll(async () => {
  cluster = await startCluster({ archive: false });
  await queryOnce(cluster.url(), 'CREATE DATABASE orquix');
  await seedPostgres(cluster.url('orquix'), { rows: 3000, now: new Date('2026-11-22T05:00:00Z') });
});
afterAll(async () => {
  await cluster?.destroy();
  work.remove();
});

function project(name: string, targetExtra: string[] = []): { sandbox: Sandbox; backups: string } {
  const sandbox = makeSandbox({ PG_URL: cluster.url('orquix'), PITSTOP_BACKUP_PASSPHRASE: PASSPHRASE });
  const backups = join(work.dir, name);
  writeFileSync(join(sandbox.cwd, 'pitstop.yaml'), ['targets:', '  orquix:', '    engine: postgres', '    url: ${env:PG_URL}', `    backups: ${backups}`, ...targetExtra, ''].join('\n'));
  return { sandbox, backups };
}

const run = (sandbox: Sandbox, args: string[]) => pitstop(sandbox, ['run', ...args, '--target', 'orquix', '--plain', '--yes']);

describe('pg-backup-full, pg-verify-backup and pg-backup-critical through the CLI', () => {
  it('daily backup with encryption: a verified 0600 .gpg, no plaintext, the passphrase nowhere in the output or the run files', async () => {
    const { sandbox, backups } = project('full-encrypted');
    const result = await run(sandbox, ['pg-backup-full', '--set', 'encrypt=true']);
    expect(result.stderr).not.toMatch(/pitstop: /);
    expect(result.exitCode).toBe(0);
    const files = readdirSync(backups);
    const encrypted = files.filter((f) => /^orquix-full-\d{8}T\d{6}Z\.dump\.gpg$/.test(f));
    expect(encrypted).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.dump'))).toEqual([]);
    expect(statSync(join(backups, encrypted[0]!)).mode & 0o777).toBe(0o600);
    expect(files).toContain(`${encrypted[0]}.verified`);
    expect(result.stdout).not.toContain(PASSPHRASE);
    for (const file of filesUnder(sandbox.home)) expect(readFileSync(file, 'utf8')).not.toContain(PASSPHRASE);

    // The verification restores the encrypted dump (decrypted on the side) and drops the scratch.
    const verify = await run(sandbox, ['pg-verify-backup']);
    expect(verify.exitCode).toBe(0);
    expect(await queryOnce(cluster.url(), "SELECT 1 FROM pg_database WHERE datname = 'pitstop_verify'")).toEqual([]);
    expect(readdirSync(backups).some((f) => f.startsWith('.pitstop-decrypt-'))).toBe(false);
  });

  it('pg-verify-backup compares every table with production, and fails when a table lost rows', async () => {
    const { sandbox } = project('full-plain');
    expect((await run(sandbox, ['pg-backup-full'])).exitCode).toBe(0);
    const ok = await run(sandbox, ['pg-verify-backup']);
    expect(ok.exitCode).toBe(0);
    const finished = readJournalEvents(onlyRunDir(sandbox)).find((e) => e.type === 'step/finished' && e.stepId === 'compare');
    const labels = (finished?.evidence ?? []).map((e: { label: string }) => e.label);
    expect(labels).toEqual(expect.arrayContaining(['rows in public.users', 'rows in public.ia_responses', 'rows in public.context_chunks']));
    expect(labels).toHaveLength(6);

    // Production changes after the dump: the backup no longer matches, and the run says where.
    await queryOnce(cluster.url('orquix'), 'DELETE FROM ia_responses WHERE id > 2900');
    const bad = await run(sandbox, ['pg-verify-backup']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/rows in public\.ia_responses: expected production: 2900, got restored: 3000/);
  });

  it("pg-backup-critical dumps the target's critical set only; pg-backup-embeddings its embeddings set only", async () => {
    const { sandbox, backups } = project('critical', [
      '    data:',
      '      sets: { critical: [users, projects, interaction_events, moderated_syntheses], embeddings: [context_chunks] }',
    ]);
    const result = await run(sandbox, ['pg-backup-critical']);
    expect(result.exitCode).toBe(0);
    const dump = readdirSync(backups).find((f) => /^orquix-critical-.*\.dump$/.test(f));
    expect(dump).toBeDefined();
    expect(existsSync(join(backups, `${dump}.verified`))).toBe(true);
    const marker = JSON.parse(readFileSync(join(backups, `${dump}.verified`), 'utf8'));
    expect(marker.entries['TABLE DATA']).toBe(4);

    expect((await run(sandbox, ['pg-backup-embeddings'])).exitCode).toBe(0);
    const embeddings = readdirSync(backups).find((f) => /^orquix-embeddings-.*\.dump\.verified$/.test(f));
    expect(JSON.parse(readFileSync(join(backups, embeddings!), 'utf8')).entries['TABLE DATA']).toBe(1);
  });

  it('a target without data.sets stops at preflight naming the set, with an example; nothing runs', async () => {
    const { sandbox, backups } = project('no-sets');
    for (const [id, set] of [['pg-backup-critical', 'critical'], ['pg-backup-embeddings', 'embeddings']] as const) {
      const result = await run(sandbox, [id]);
      expect(result.exitCode, result.stderr).toBe(2);
      expect(result.stderr).toContain(`\`data.sets.${set}\``);
      expect(result.stderr).toContain(`sets: { ${set}: [`);
    }
    expect(existsSync(backups)).toBe(false);
    expect(existsSync(join(sandbox.home, 'runs'))).toBe(false);
  });

  it('pg-verify-backup refuses a newest verified dump older than max_age (default 26h) instead of using it', async () => {
    const { sandbox, backups } = project('old-dump');
    expect((await run(sandbox, ['pg-backup-full'])).exitCode).toBe(0);
    // The same verified dump, as if taken 27 hours ago (its name carries its time).
    const name = readdirSync(backups).find((f) => /^orquix-full-.*\.dump$/.test(f))!;
    const old = `orquix-full-${utcStamp(new Date(Date.now() - 27 * 3_600_000))}.dump`;
    for (const suffix of ['', '.sha256', '.verified']) renameSync(join(backups, `${name}${suffix}`), join(backups, `${old}${suffix}`));
    writeFileSync(join(backups, `${old}.sha256`), readFileSync(join(backups, `${old}.sha256`), 'utf8').replace(name, old));

    const refused = await run(sandbox, ['pg-verify-backup']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout + refused.stderr).toMatch(new RegExp(`newest verified full dump of orquix \\(${old.replace('.', '\\.')}, taken .*, 2[67]h \\d\\dm ago\\) is older than max_age 26h`));
    // Refused before anything was restored or compared.
    const events = readJournalEvents(onlyRunDir(sandbox));
    expect(events.filter((e) => e.type === 'step/started').map((e) => e.stepId)).toEqual(['restore']);

    const allowed = await run(sandbox, ['pg-verify-backup', '--set', 'max_age=2d']);
    expect(allowed.exitCode, allowed.stdout + allowed.stderr).toBe(0);
  });
});
