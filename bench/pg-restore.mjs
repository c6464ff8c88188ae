// A dump restored through pitstop (the built CLI running a one-step runbook with
// postgres.restore, headless) against bare pg_restore with the same flags, on a throwaway
// cluster filled with generate_series. pitstop verifies the dump before restoring (sha256,
// TOC, a full read of the data), so the bare verify-then-restore sequence is timed too.
// Slow: runs only with PITSTOP_BENCH_PG=1 (or `--pg`); PITSTOP_BENCH_PG_MB sets the dump
// size (default 200; 1024 for the ~1 GB case). Prints rows; asserts nothing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchCluster, secs, sh, timed } from './lib.mjs';


export async function pgRestoreBench({ cli, row }) {
  if (process.env.PITSTOP_BENCH_PG !== '1' && !process.argv.includes('--pg')) {
    row('pg restore through pitstop', 'skipped', 'slow: PITSTOP_BENCH_PG=1 npm run bench (PITSTOP_BENCH_PG_MB=1024 for the ~1 GB dump)');
    return;
  }
  const targetMb = Number(process.env.PITSTOP_BENCH_PG_MB ?? 200);
  const work = mkdtempSync(join(tmpdir(), 'pitstop-bench-restore-'));
  // Both restores run under the same settings; fsync off keeps the disk out of the comparison.
  const { cluster, env, bin } = await benchCluster(work, { archive: false, checksums: false, extraConf: { fsync: 'off', max_wal_size: '4GB', maintenance_work_mem: '256MB' } });
  const psql = (q, db = 'postgres') => sh(['psql', '-qAtX', '-d', db, '-c', q], env).trim();
  const url = (db) => cluster.url(db);
  try {
    // About 60 bytes of dump per row with md5 text compressed at -Z 6 (measured).
    const rows = Math.max(10_000, Math.round((targetMb * 1024 * 1024) / 60));
    psql('CREATE DATABASE src');
    psql('CREATE TABLE events (id bigserial PRIMARY KEY, kind int NOT NULL, a text NOT NULL, b text NOT NULL)', 'src');
    const tFill = timed(() => psql(`INSERT INTO events (kind, a, b) SELECT g % 97, md5(g::text), md5((g * 7)::text) || md5((g * 13)::text) FROM generate_series(1, ${rows}) g`, 'src'));
    psql('CREATE INDEX events_kind_idx ON events (kind)', 'src');
    const dump = join(work, 'bench-full-20260101T000000Z.dump');
    sh([join(bin, 'pg_dump'), '--dbname', url('src'), '-Fc', '-Z', '6', '-f', dump]);
    const size = statSync(dump).size;
    row(`pg restore bench: dump of ${rows.toLocaleString('en')} rows`, `${(size / 1024 / 1024).toFixed(0)} MB`, `filled in ${secs(tFill)}; PITSTOP_BENCH_PG_MB=${targetMb}`);

    const flags = ['--no-password', '--exit-on-error', '--clean', '--if-exists', '--single-transaction'];
    psql('CREATE DATABASE bare');
    const tBare = timed(() => sh([join(bin, 'pg_restore'), '--dbname', url('bare'), ...flags, dump]));
    psql('DROP DATABASE bare');
    psql('CREATE DATABASE bare2');
    const tBareVerified = timed(() => {
      sh(['sha256sum', dump]);
      sh([join(bin, 'pg_restore'), '--list', dump]);
      sh([join(bin, 'pg_restore'), '-f', '/dev/null', dump]);
      sh([join(bin, 'pg_restore'), '--dbname', url('bare2'), ...flags, dump]);
    });
    psql('DROP DATABASE bare2');

    const cwd = join(work, 'project');
    mkdirSync(join(cwd, 'runbooks'), { recursive: true });
    writeFileSync(join(cwd, 'pitstop.yaml'), `targets:\n  bench:\n    engine: postgres\n    url: ${url('src')}\n    backups: ${work}\n`);
    writeFileSync(
      join(cwd, 'runbooks', 'bench-restore.yaml'),
      `id: bench-restore\ntitle: Bench restore\nscenario: custom\nengine: postgres\nsteps:\n  - id: restore\n    kind: action\n    action: postgres.restore\n    with: { path: ${JSON.stringify(dump)}, database: through_pitstop }\n    timeout: 2h\n`,
    );
    const tPitstop = timed(() => {
      const r = spawnSync(process.execPath, [cli, 'run', 'bench-restore', '--target', 'bench', '--plain', '--yes'], {
        cwd, env: { ...process.env, PITSTOP_HOME: join(work, 'home'), NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
      });
      if (r.status !== 0) throw new Error(`pitstop run bench-restore exited ${r.status}: ${r.stdout}${r.stderr}`.slice(-2000));
    });
    const restored = psql('SELECT count(*) FROM events', 'through_pitstop');
    if (Number(restored) !== rows) throw new Error(`pitstop restored ${restored} rows, expected ${rows}`);
    row('pg_restore, bare', secs(tBare), `pg_restore ${flags.join(' ')}`);
    row('sha256 + --list + full read + pg_restore, bare', secs(tBareVerified), `×${(tBareVerified / tBare).toFixed(2)} bare pg_restore`);
    row('postgres.restore through pitstop', secs(tPitstop), `×${(tPitstop / tBare).toFixed(2)} bare pg_restore, ×${(tPitstop / tBareVerified).toFixed(2)} bare verify+restore`);
  } finally {
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

// `node bench/pg-restore.mjs [--pg]` on its own prints just these rows.
if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = [];
  await pgRestoreBench({ cli: new URL('../dist/cli.js', import.meta.url).pathname, row: (...r) => rows.push(r) });
  for (const [what, value, note] of rows) console.log(`${what.padEnd(48)}  ${String(value).padStart(9)}  ${note ?? ''}`);
}
